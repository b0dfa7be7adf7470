#!/usr/bin/env node
// Generates the next migration from the *.tables.ts files.
// Usage: npm run db:generate -- <name>
import { spawnSync } from 'node:child_process';
const name = process.argv[2] ?? 'change';
const r = spawnSync('npx', ['drizzle-kit', 'generate', '--name', name], { stdio: 'inherit' });
process.exit(r.status ?? 1);
