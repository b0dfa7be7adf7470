import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
import { dataset } from '../../test/helpers/datasets.js';
import { systemActor } from '../platform/context.js';
import { importCsvFile } from '../cli/import.js';
import { runImport } from './pipeline.js';

let t: TestApp;
let a: TestWorkspace;
let dir: string;
const actor = () => systemActor(a.workspaceId, 'import test');

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Importers');
  dir = mkdtempSync(join(tmpdir(), 'kunde-import-'));
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

type Customer = { id: string; externalId: string | null; email: string | null; name: string | null; updatedAt: string; attributes: Record<string, unknown>; traits: Record<string, unknown> };
const findCustomers = async (query: string) => (await call<{ data: Customer[] }>(t.app, 'GET', `/api/v1/customers?${query}`, { key: a.keys.admin })).body.data;

export const TELCO_CSV = [
  'customerID,gender,SeniorCitizen,Partner,Dependents,tenure,PhoneService,MultipleLines,InternetService,OnlineSecurity,OnlineBackup,DeviceProtection,TechSupport,StreamingTV,StreamingMovies,Contract,PaperlessBilling,PaymentMethod,MonthlyCharges,TotalCharges,Churn',
  '7590-VHVEG,Female,0,Yes,No,1,No,No phone service,DSL,No,Yes,No,No,No,No,Month-to-month,Yes,Electronic check,29.85,29.85,No',
  '5575-GNVDE,Male,0,No,No,34,Yes,No,DSL,Yes,No,Yes,No,No,No,One year,No,Mailed check,56.95,1889.5,No',
  '4472-LVYGI,Female,0,Yes,Yes,0,No,No phone service,DSL,Yes,No,Yes,Yes,Yes,No,Two year,Yes,Bank transfer (automatic),52.55, ,No',
  '9237-HQITU,Female,1,No,No,2,Yes,No,Fiber optic,No,No,No,No,No,No,Month-to-month,Yes,"Electronic check",70.70,151.65,Yes',
].join('\r\n');

describe('customers from the Telco churn CSV', () => {
  it('imports every row with typed attributes, and a re-import changes nothing', async () => {
    const path = file('telco.csv', `\uFEFF${TELCO_CSV}\r\n`);
    const first = await importCsvFile(t.rt.ctx, actor(), { kind: 'customers', file: path, mapping: { customerID: 'externalId' } });
    expect(first).toMatchObject({ processed: 4, created: 4, updated: 0, unchanged: 0, rejected: 0, errorsFile: null, totalIsExact: true });

    const [c] = await findCustomers('q=7590-VHVEG');
    expect(c.externalId).toBe('7590-VHVEG');
    expect(c.attributes).toMatchObject({ Contract: 'Month-to-month', SeniorCitizen: 0, Partner: true, MonthlyCharges: 29.85, PaymentMethod: 'Electronic check' });
    const [blank] = await findCustomers('q=4472-LVYGI');
    expect(blank.attributes).not.toHaveProperty('TotalCharges');

    const again = await importCsvFile(t.rt.ctx, actor(), { kind: 'customers', file: path, mapping: { customerID: 'externalId' } });
    expect(again).toMatchObject({ processed: 4, created: 0, updated: 0, unchanged: 4, rejected: 0 });
    const [after] = await findCustomers('q=7590-VHVEG');
    expect(after.updatedAt).toBe(c.updatedAt);
  });
});

describe('rows that cannot be imported', () => {
  it('keeps the good rows and reports the bad ones with row, column and original cells', async () => {
    const path = file('people.csv', [
      'email,name,birth_date,plan',
      'ok1@example.com,Ok One,1980-01-02,gold',
      'not-an-email,Bad Mail,1980-01-02,gold',
      'ok2@example.com,Bad Date,1980-13-45,silver',
      ',No Identifier,,bronze',
      'ok3@example.com,"=HYPERLINK(""x"")",,gold,extra',
      'ok4@example.com,Ok Four,,gold',
    ].join('\n'));
    const r = await importCsvFile(t.rt.ctx, actor(), { kind: 'customers', file: path });
    expect(r).toMatchObject({ processed: 6, created: 2, rejected: 4 });
    expect(r.errorsFile).toBe(join(dir, 'people.errors.csv'));
    const report = parse(readFileSync(r.errorsFile!, 'utf8'), { columns: true, relax_column_count: true }) as Record<string, string>[];
    expect(report.map((e) => [e.row, e.column])).toEqual([['3', 'email'], ['4', 'birth_date'], ['5', ''], ['6', '']]);
    expect(report[0]).toMatchObject({ email: 'not-an-email', name: 'Bad Mail', plan: 'gold' });
    expect(report[2].error).toMatch(/externalId|email|phone|identif/i);
    expect(report[3].error).toMatch(/5 fields, the header has 4/);
    expect(report[3].name).toBe(`'=HYPERLINK("x")`);
    expect((await findCustomers('email=ok4%40example.com')).length).toBe(1);
    expect((await findCustomers('q=Bad%20Mail')).length).toBe(0);

    // Fixed file, same name: the stale report disappears.
    writeFileSync(path, 'email,name\nok1@example.com,Ok One\n');
    const clean = await importCsvFile(t.rt.ctx, actor(), { kind: 'customers', file: path });
    expect(clean.errorsFile).toBeNull();
    expect(existsSync(join(dir, 'people.errors.csv'))).toBe(false);
  });

  it('reads quoted newlines, semicolons with decimal commas, and survives an unclosed quote', async () => {
    const quoted = file('quoted.csv', 'externalId,note,spend\nq-1,"line one\nline two, with comma",10\nq-2,"say ""hi""",20\n');
    expect(await importCsvFile(t.rt.ctx, actor(), { kind: 'customers', file: quoted })).toMatchObject({ created: 2, rejected: 0 });
    const [q1] = await findCustomers('externalId=q-1');
    expect(q1.attributes.note).toBe('line one\nline two, with comma');

    const semi = file('semi.csv', 'Kundenummer;Navn;By;Forbrug\nDK-1;"Hansen; Ole";Aarhus;1.234,50\nDK-2;Jensen;Odense;99,95\n');
    const s = await importCsvFile(t.rt.ctx, actor(), { kind: 'customers', file: semi });
    expect(s).toMatchObject({ created: 2, delimiter: ';' });
    const [dk1] = await findCustomers('externalId=DK-1');
    expect(dk1).toMatchObject({ name: 'Hansen; Ole', attributes: { Forbrug: 1234.5 } });

    const broken = file('broken.csv', 'externalId,name\nb-1,Fine\nb-2,"never closed\nb-3,Lost\n');
    const b = await importCsvFile(t.rt.ctx, actor(), { kind: 'customers', file: broken });
    expect(b).toMatchObject({ created: 1, rejected: 1 });
    expect(readFileSync(b.errorsFile!, 'utf8')).toMatch(/malformed CSV: Quote Not Closed/);
  });

  it('stops between batches when cancelled, keeping the batches already written', async () => {
    let checks = 0;
    const progress: number[] = [];
    const r = await runImport(t.rt.ctx, actor(), ['externalId\nx-1\nx-2\nx-3\nx-4\nx-5\n'], {
      kind: 'customers',
      batchSize: 2,
      onBatch: (p) => {
        progress.push(p.processed);
      },
      shouldStop: () => checks++ >= 1,
    });
    expect(r).toMatchObject({ cancelled: true, processed: 2, created: 2, totalIsExact: false });
    expect(progress).toEqual([2]);
    expect(await findCustomers('externalId=x-3')).toEqual([]);
  });

  it('refuses a file it cannot map before writing anything', async () => {
    const path = file('nomap.csv', 'colour,size\nred,M\n');
    await expect(importCsvFile(t.rt.ctx, actor(), { kind: 'customers', file: path })).rejects.toThrow(/no column identifies the customer/);
    await expect(importCsvFile(t.rt.ctx, actor(), { kind: 'customers', file: path, mapping: { shade: 'email' } })).rejects.toThrow(/not a column/);
    await expect(runImport(t.rt.ctx, actor(), [''], { kind: 'customers' })).rejects.toThrow(/empty/);
  });
});

describe('events', () => {
  it('imports purchases onto the timeline with traits, and a re-import adds nothing', async () => {
    const path = file('orders.csv', [
      'order_id,customer_email,date,total,currency,channel',
      'o-1,buyer@example.com,2024-03-01 10:00:00,129.95,DKK,store',
      'o-2,buyer@example.com,2024-04-01 10:00:00,70.05,DKK,web',
      'o-3,,2024-04-02 10:00:00,10,DKK,web',
      'o-4,buyer@example.com,2024-04-03 10:00:00,-5,DKK,web',
    ].join('\n'));
    const opts = { kind: 'events' as const, file: path, mapping: { customer_email: 'email' }, defaults: { type: 'purchase' } };
    const r = await importCsvFile(t.rt.ctx, actor(), opts);
    expect(r).toMatchObject({ processed: 4, created: 2, unchanged: 0, rejected: 2 });
    const report = parse(readFileSync(r.errorsFile!, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(report.map((e) => [e.row, e.column])).toEqual([['4', ''], ['5', 'total']]);
    expect(report[0].error).toMatch(/identifier/);

    const [buyer] = await findCustomers('email=buyer%40example.com');
    expect(buyer.traits).toMatchObject({ orderCount: 2 });
    expect(buyer.traits.spendByCurrency).toEqual({ DKK: 20000 });
    const tl = await call<{ data: { type: string; amount: number; channel: string; properties: Record<string, unknown> }[] }>(t.app, 'GET', `/api/v1/customers/${buyer.id}/timeline`, { key: a.keys.admin });
    expect(tl.body.data.map((e) => [e.type, e.amount, e.channel, e.properties.orderId])).toEqual([['purchase', 7005, 'web', 'o-2'], ['purchase', 12995, 'store', 'o-1']]);

    const again = await importCsvFile(t.rt.ctx, actor(), opts);
    expect(again).toMatchObject({ created: 0, unchanged: 2, rejected: 2 });
    const [same] = await findCustomers('email=buyer%40example.com');
    expect(same.traits).toMatchObject({ orderCount: 2 });
  });

  const olistFile = dataset('olist_order_reviews_head6k.dev.csv');
  const olist = olistFile.path;
  const olistTitle = 'imports the real Olist review file as CSAT survey responses';
  it.skipIf(!olistFile.present)(olistFile.present ? olistTitle : `${olistTitle} (skipped: ${olistFile.skipReason})`, async () => {
    const opts = {
      kind: 'events' as const,
      file: olist,
      errorsFile: join(dir, 'olist.errors.csv'),
      mapping: { review_id: 'id', order_id: 'externalId', review_score: 'properties.score', review_comment_message: 'properties.comment' },
      defaults: { type: 'survey_response', 'properties.metric': 'csat', channel: 'email' },
    };
    const r = await importCsvFile(t.rt.ctx, actor(), opts);
    expect(r.processed).toBe(3062);
    expect(r).toMatchObject({ created: 3062, rejected: 0 });
    expect(r.plan.columns.find((c) => c.column === 'review_creation_date')?.field).toBe('occurredAt');
    const [reviewer] = await findCustomers('externalId=73fc7af87114b39712e6da79b0a377eb');
    expect(reviewer.traits).toMatchObject({ csatScore: 4 });
    const again = await importCsvFile(t.rt.ctx, actor(), opts);
    expect(again).toMatchObject({ created: 0, unchanged: 3062 });
  }, 120_000);
});
