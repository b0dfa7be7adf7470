import { and, count, eq } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../test/factories.js';
import { importFileChunks } from './imports.tables.js';
import { insertChunk, insertImportJob } from './imports.queries.js';
import { buildPlan } from './mapping.js';
import { executeImport } from './run-import-job.js';
import { newId } from '../platform/ids.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp({ work: true });
  a = await buildWorkspace(t.rt.ctx, 'Uploader');
  b = await buildWorkspace(t.rt.ctx, 'Other');
});
afterAll(async () => t?.close());

const TELCO = [
  'customerID,gender,SeniorCitizen,Partner,Contract,MonthlyCharges,TotalCharges,Churn',
  '7590-VHVEG,Female,0,Yes,Month-to-month,29.85,29.85,No',
  '5575-GNVDE,Male,0,No,One year,56.95,1889.5,No',
  '3668-QPYBK,Male,0,No,Month-to-month,53.85, ,Yes',
].join('\n');

/** A multipart/form-data request as a browser would send it (fields first, then the file). */
async function upload(url: string, key: string, fields: Record<string, string>, csv?: string | Buffer, fileName = 'customers.csv') {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (csv !== undefined) form.append('file', new Blob([csv]), fileName);
  const req = new Request('http://kunde.test', { method: 'POST', body: form });
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${key}`, 'content-type': req.headers.get('content-type')! },
    payload: Buffer.from(await req.arrayBuffer()),
  });
  return { status: res.statusCode, body: res.json(), contentType: String(res.headers['content-type']) };
}

type Import = { id: string; status: string; progress: { processed: number; total: number | null; percent: number; rowsPerSecond: number }; counts: Record<string, number>; errorsUrl: string | null; errorMessage: string | null };

async function waitFor(id: string, key = a.keys.admin, until = (i: Import) => !['queued', 'running'].includes(i.status)): Promise<Import> {
  const deadline = Date.now() + 25_000;
  for (;;) {
    const r = await call<Import>(t.app, 'GET', `/api/v1/imports/${id}`, { key });
    expect(r.status).toBe(200);
    if (until(r.body) || Date.now() > deadline) return r.body;
    await new Promise((done) => setTimeout(done, 200));
  }
}

const chunksOf = async (importId: string) => {
  const [r] = await t.rt.ctx.db.select({ n: count() }).from(importFileChunks).where(and(eq(importFileChunks.workspaceId, a.workspaceId), eq(importFileChunks.importId, importId)));
  return r.n;
};

describe('preview', () => {
  it('shows the first rows, the suggested mapping with types, and the fields (JSON or upload)', async () => {
    const r = await call<{ headers: string[]; rows: string[][]; columns: { column: string; field: string; type: string; samples: string[] }[]; fields: { field: string }[]; problems: unknown[] }>(
      t.app, 'POST', '/api/v1/imports/preview', { key: a.keys.analyst, body: { csv: TELCO, kind: 'customers' } });
    expect(r.status).toBe(200);
    expect(r.body.rows).toHaveLength(3);
    expect(r.body.columns.find((c) => c.column === 'customerID')).toMatchObject({ field: 'externalId', type: 'string' });
    expect(r.body.columns.find((c) => c.column === 'Partner')).toMatchObject({ field: 'attributes.Partner', type: 'boolean', samples: ['Yes', 'No'] });
    expect(r.body.fields.map((f) => f.field)).toContain('email');
    expect(r.body.problems).toEqual([]);

    const m = await upload('/api/v1/imports/preview', a.keys.analyst, { kind: 'events', mapping: JSON.stringify({ customerID: 'externalId' }) }, TELCO);
    expect(m.status).toBe(200);
    expect(m.body.kind).toBe('events');
    expect(m.body.problems[0].message).toMatch(/event type/);
  });
});

describe('upload → job → progress', () => {
  it('imports an uploaded file in the background up to 100 %', async () => {
    const r = await upload('/api/v1/imports', a.keys.analyst, { kind: 'customers', mapping: JSON.stringify({ customerID: 'externalId' }) }, TELCO, 'telco.csv');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'queued', fileName: 'telco.csv', kind: 'customers' });
    const done = await waitFor(r.body.id);
    expect(done).toMatchObject({ status: 'completed', progress: { processed: 3, total: 3, percent: 100 }, counts: { created: 3, rejected: 0 }, errorsUrl: null });
    expect(await chunksOf(r.body.id)).toBe(0);
    const found = await call<{ data: { attributes: Record<string, unknown> }[] }>(t.app, 'GET', '/api/v1/customers?q=7590-VHVEG', { key: a.keys.viewer });
    expect(found.body.data[0].attributes.Contract).toBe('Month-to-month');

    const list = await call<{ data: Import[] }>(t.app, 'GET', '/api/v1/imports', { key: a.keys.viewer });
    expect(list.body.data.map((i) => i.id)).toContain(r.body.id);
  });

  it('streams an upload larger than the JSON body limit into 1 MB chunks', async () => {
    const note = 'n'.repeat(9000);
    const rows = Array.from({ length: 700 }, (_, i) => `big-${i},${note}`).join('\n');
    const r = await upload('/api/v1/imports', a.keys.admin, { kind: 'customers', mapping: JSON.stringify({ id: 'externalId' }) }, `id,notes\n${rows}\n`, 'big.csv');
    expect(r.status).toBe(201);
    expect(r.body.sizeBytes).toBeGreaterThan(6_000_000);
    const done = await waitFor(r.body.id);
    expect(done).toMatchObject({ status: 'completed', counts: { created: 700, rejected: 0 }, progress: { processed: 700, percent: 100 } });
  });

  it('offers the rejected rows as a CSV download, safe to open in a spreadsheet', async () => {
    const csv = 'email,name\ngood@example.com,Good\nbad-address,=cmd|calc\n';
    const r = await call<Import>(t.app, 'POST', '/api/v1/imports', { key: a.keys.admin, body: { kind: 'customers', csv, fileName: 'people.csv' } });
    expect(r.status).toBe(201);
    const done = await waitFor(r.body.id);
    expect(done).toMatchObject({ status: 'completed', counts: { created: 1, rejected: 1 } });
    expect(done.errorsUrl).toBe(`/api/v1/imports/${r.body.id}/errors.csv`);
    const res = await t.app.inject({ method: 'GET', url: done.errorsUrl!, headers: { authorization: `Bearer ${a.keys.viewer}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('people.errors.csv');
    expect(parse(res.body, { columns: true })).toEqual([{ row: '3', column: 'email', error: expect.stringMatching(/e-mail/), email: 'bad-address', name: "'=cmd|calc" }]);
  });

  it('cancels a queued or running import; a finished one cannot be cancelled', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `c-${i},Customer ${i},gold`).join('\n');
    const r = await call<Import>(t.app, 'POST', '/api/v1/imports', { key: a.keys.admin, body: { kind: 'customers', csv: `externalId,name,plan\n${rows}` } });
    const c = await call<Import>(t.app, 'POST', `/api/v1/imports/${r.body.id}/cancel`, { key: a.keys.analyst });
    expect(c.status).toBe(200);
    expect(c.body.status).toBe('cancelled');
    await new Promise((done) => setTimeout(done, 1500));
    const later = await waitFor(r.body.id);
    expect(later.status).toBe('cancelled');
    expect(later.progress.processed).toBeLessThan(30_000);
    expect(await chunksOf(r.body.id)).toBe(0);
    expect((await call(t.app, 'POST', `/api/v1/imports/${r.body.id}/cancel`, { key: a.keys.analyst })).status).toBe(200);

    const finished = await call<Import>(t.app, 'POST', '/api/v1/imports', { key: a.keys.admin, body: { kind: 'customers', csv: 'externalId\nz-1\n' } });
    await waitFor(finished.body.id);
    const refused = await call<{ status: number }>(t.app, 'POST', `/api/v1/imports/${finished.body.id}/cancel`, { key: a.keys.admin });
    expect(refused.status).toBe(409);
  });

  it('resumes after a crash from the last committed batch', async () => {
    const csv = 'externalId,name\nr-1,One\nr-2,Two\nr-3,Three\nr-4,Four\nr-5,Five\n';
    const id = newId();
    await insertChunk(t.rt.ctx.db, a.workspaceId, id, 0, Buffer.from(csv.slice(0, 20)));
    await insertChunk(t.rt.ctx.db, a.workspaceId, id, 1, Buffer.from(csv.slice(20)));
    const plan = buildPlan({ kind: 'customers', headers: ['externalId', 'name'], sample: [] });
    // As a worker leaves it when it dies after committing rows 1–3.
    await insertImportJob(t.rt.ctx.db, { workspaceId: a.workspaceId, id, kind: 'customers', status: 'running', fileName: 'r.csv', sizeBytes: csv.length, plan, processed: 3, created: 3, createdBy: 'test' });
    await executeImport(t.rt.ctx, a.workspaceId, id, { id: 'job', retryCount: 1 });
    const done = await waitFor(id);
    expect(done).toMatchObject({ status: 'completed', progress: { processed: 5, percent: 100 }, counts: { created: 5 } });
    const names = async (q: string) => (await call<{ data: unknown[] }>(t.app, 'GET', `/api/v1/customers?externalId=${q}`, { key: a.keys.admin })).body.data.length;
    expect([await names('r-1'), await names('r-4'), await names('r-5')]).toEqual([0, 1, 1]);
  });
});

describe('isolation and bad input', () => {
  it('documents every import route in the OpenAPI description', async () => {
    const r = await call<{ paths: Record<string, unknown> }>(t.app, 'GET', '/openapi.json');
    expect(Object.keys(r.body.paths)).toEqual(expect.arrayContaining(['/api/v1/imports', '/api/v1/imports/preview', '/api/v1/imports/{id}', '/api/v1/imports/{id}/errors.csv', '/api/v1/imports/{id}/cancel']));
  });

  it("answers 404 to another workspace's key", async () => {
    const r = await call<Import>(t.app, 'POST', '/api/v1/imports', { key: a.keys.admin, body: { kind: 'customers', csv: 'email\nbad\n' } });
    await waitFor(r.body.id);
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'GET', url: `/api/v1/imports/${r.body.id}` },
      { method: 'GET', url: `/api/v1/imports/${r.body.id}/errors.csv` },
      { method: 'POST', url: `/api/v1/imports/${r.body.id}/cancel` },
    ]);
    const list = await call<{ data: Import[] }>(t.app, 'GET', '/api/v1/imports', { key: b.keys.admin });
    expect(list.body.data).toEqual([]);
  });

  it('answers a malformed multipart body with 400 problem+json and keeps no upload', async () => {
    const file = (name: string) => `Content-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`;
    const bodies: [string, string][] = [
      ['multipart/form-data', 'no boundary here'],
      ['multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncustom'],
      ['multipart/form-data; boundary=xyz', `--xyz\r\n${file('cut.csv')}${TELCO}`],
      // The file arrives whole and is stored; the part after it is cut off, so the upload must go again.
      ['multipart/form-data; boundary=xyz', `--xyz\r\n${file('whole.csv')}${TELCO}\r\n--xyz\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncust`],
    ];
    for (const url of ['/api/v1/imports/preview', '/api/v1/imports']) {
      for (const [contentType, payload] of bodies) {
        const res = await t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${a.keys.admin}`, 'content-type': contentType }, payload });
        expect(res.statusCode, `${url} ${contentType} ${JSON.stringify(payload).slice(0, 80)}: ${res.body.slice(0, 200)}`).toBe(400);
        expect(String(res.headers['content-type'])).toContain('application/problem+json');
        expect(res.json().detail).toMatch(/malformed/);
      }
    }
    const [left] = await t.rt.ctx.db.select({ n: count() }).from(importFileChunks).where(eq(importFileChunks.workspaceId, a.workspaceId));
    expect(left.n).toBe(0);
  });

  it('refuses bad requests with problem+json 4xx and keeps no upload', async () => {
    const problem = async (p: Promise<{ status: number; contentType: string; body: unknown }>, status: number, detail?: RegExp) => {
      const r = await p;
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(status);
      expect(r.contentType).toContain('application/problem+json');
      if (detail) expect(JSON.stringify(r.body).slice(0, 500)).toMatch(detail);
    };
    await problem(upload('/api/v1/imports', a.keys.admin, { kind: 'customers' }), 422, /no file part/);
    await problem(upload('/api/v1/imports', a.keys.admin, { kind: 'people' }, TELCO), 422, /body.kind/);
    await problem(upload('/api/v1/imports', a.keys.admin, { kind: 'customers', mapping: '{not json' }, TELCO), 422, /body.mapping/);
    await problem(upload('/api/v1/imports', a.keys.admin, { kind: 'customers', mapping: JSON.stringify({ nope: 'email' }) }, TELCO), 422, /mapping.nope/);
    await problem(upload('/api/v1/imports', a.keys.admin, { kind: 'customers', mapping: JSON.stringify({ gender: 'shoeSize' }) }, TELCO), 422, /unknown field/);
    await problem(upload('/api/v1/imports', a.keys.admin, { kind: 'customers' }, ''), 422, /empty/);
    const wide = `${Array.from({ length: 600 }, (_, i) => `c${i}`).join(',')}\n`;
    await problem(upload('/api/v1/imports', a.keys.admin, { kind: 'customers' }, wide), 422, /600 columns/);
    await problem(upload('/api/v1/imports/preview', a.keys.admin, { kind: 'customers' }, `${'x'.repeat(1_200_000)}\n1\n`), 422, /column name of/);
    await problem(upload('/api/v1/imports', a.keys.admin, { kind: 'customers' }, `${'x'.repeat(1_200_000)}\n1\n`), 422, /header row cannot be read/);
    await problem(call(t.app, 'POST', '/api/v1/imports', { key: a.keys.admin, body: { kind: 'customers' } }), 422);
    await problem(call(t.app, 'POST', '/api/v1/imports', { key: a.keys.admin, body: { kind: 'orders', csv: 'email\na@b.c\n' } }), 422);
    await problem(call(t.app, 'POST', '/api/v1/imports/preview', { key: a.keys.admin, body: { csv: '' } }), 422);
    await problem(call(t.app, 'POST', '/api/v1/imports', { key: a.keys.viewer, body: { kind: 'customers', csv: TELCO } }), 403);
    await problem(call(t.app, 'GET', '/api/v1/imports/not-a-uuid', { key: a.keys.admin }), 400);
    await problem(call(t.app, 'GET', '/api/v1/imports?limit=1000', { key: a.keys.admin }), 400);
    await problem(call(t.app, 'GET', `/api/v1/imports/${newId()}`, { key: a.keys.admin }), 404);
    const textCsv = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { authorization: `Bearer ${a.keys.admin}`, 'content-type': 'text/csv' }, payload: TELCO });
    expect(textCsv.statusCode).toBe(415);
    const [left] = await t.rt.ctx.db.select({ n: count() }).from(importFileChunks).where(eq(importFileChunks.workspaceId, a.workspaceId));
    expect(left.n).toBe(0);
  });
});
