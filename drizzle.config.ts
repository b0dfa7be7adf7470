import { defineConfig } from 'drizzle-kit';

// Migrations are generated from every domain's *.tables.ts and applied identically on PGlite and PostgreSQL.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/**/*.tables.ts',
  out: './src/platform/db/migrations',
});
