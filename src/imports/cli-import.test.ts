import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, selectRows } from '../platform/db/client.js';

// The real `kunde` binary on a throwaway embedded database, as the public contract check runs it:
// setup, then `kunde import customers telco.csv --map customerID=externalId` with the server stopped.
const BIN = fileURLToPath(new URL('../../bin/kunde.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kunde-cli-import-'));
// Always the embedded database: the point here is the command itself (the in-process tests cover PostgreSQL).
const env: NodeJS.ProcessEnv = { ...process.env, KUNDE_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'error' };
delete env.DATABASE_URL;
const kunde = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 120_000 });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TELCO = [
  'customerID,gender,SeniorCitizen,Partner,Dependents,tenure,PhoneService,MultipleLines,InternetService,OnlineSecurity,OnlineBackup,DeviceProtection,TechSupport,StreamingTV,StreamingMovies,Contract,PaperlessBilling,PaymentMethod,MonthlyCharges,TotalCharges,Churn',
  '7590-VHVEG,Female,0,Yes,No,1,No,No phone service,DSL,No,Yes,No,No,No,No,Month-to-month,Yes,Electronic check,29.85,29.85,No',
  '5575-GNVDE,Male,0,No,No,34,Yes,No,DSL,Yes,No,Yes,No,No,No,One year,No,Mailed check,56.95,1889.5,No',
  '3668-QPYBK,Male,0,No,No,2,Yes,No,DSL,Yes,Yes,No,No,No,No,Month-to-month,Yes,Mailed check,53.85,108.15,Yes',
  '4472-LVYGI,Female,0,Yes,Yes,0,No,No phone service,DSL,Yes,No,Yes,Yes,Yes,No,Two year,Yes,Bank transfer (automatic),52.55, ,No',
  'BROKEN,Male,0',
].join('\n');

describe('kunde import (the command)', () => {
  it('imports the Telco CSV with the server stopped, reports rejected rows without failing, refuses bad mappings', () => {
    const setup = kunde('setup', '--workspace', 'Bar Co', '--email', 'bar@example.com', '--password', 'Bar-pass-1234567', '--json');
    expect(setup.status, setup.stderr).toBe(0);
    const file = join(dir, 'telco.csv');
    writeFileSync(file, TELCO);

    const first = kunde('import', 'customers', file, '--map', 'customerID=externalId');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Imported 5 rows of telco.csv as customers .*\n {2}4 created, 0 updated, 0 unchanged, 1 rejected\nRejected rows and why: .*telco.errors.csv/);

    const again = kunde('import', 'customers', file, '--map', 'customerID=externalId', '--json');
    expect(again.status, again.stderr).toBe(0);
    const summary = JSON.parse(again.stdout);
    expect(summary).toMatchObject({ processed: 5, created: 0, unchanged: 4, rejected: 1, errorsFile: join(dir, 'telco.errors.csv') });
    expect(existsSync(summary.errorsFile)).toBe(true);

    const bad = kunde('import', 'customers', file, '--map', 'customer=externalId');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/mapping.customer is not a column/);
    expect(kunde('import', 'people', file).status).toBe(2);
    expect(kunde('import', 'customers', join(dir, 'missing.csv')).status).toBe(2);
  }, 240_000);

  it('left the customer with its typed attributes in the database', async () => {
    const database = await openDatabase({ dataDir: join(dir, 'data') });
    try {
      const [c] = await selectRows<{ attributes: Record<string, unknown> }>(database.db, sql`select attributes from customers where external_id = '7590-VHVEG'`);
      expect(c.attributes).toMatchObject({ Contract: 'Month-to-month', SeniorCitizen: 0, Partner: true, TotalCharges: 29.85 });
    } finally {
      await database.close();
    }
  }, 60_000);
});
