// Lints the OpenAPI document the server publishes at /openapi.json with an outside linter (Redocly CLI,
// rules in redocly.yaml), without a database or a listening server. Exit code is the linter's.
// Usage: npm run lint:openapi
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from './openapi-document.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kunde-openapi-'));
try {
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(await buildOpenApiDocument(), null, 2));
  const redocly = join(ROOT, 'node_modules', '.bin', 'redocly');
  const run = spawnSync(redocly, ['lint', file, '--config', join(ROOT, 'redocly.yaml')], { stdio: 'inherit', cwd: ROOT });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
