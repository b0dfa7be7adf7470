import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../../test/factories.js';
import { dataset } from '../../../test/helpers/datasets.js';
import { NPS_SURVEY } from '../test-kit.js';
import { mergeRowErrors } from './response-import.jobs.js';
import { suggestResponseMapping } from './response-mapping.js';

const NPS_FR = dataset('nps_fr.utf8.dev.csv');

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp({ work: true });
  a = await buildWorkspace(t.rt.ctx, 'Importer');
  b = await buildWorkspace(t.rt.ctx, 'Other');
});
afterAll(async () => t?.close());

type Job = { id: string; status: string; progress: { processed: number; total: number | null; percent: number }; counts: { imported: number; duplicates: number; rejected: number; invalidValues: number; errorRows: number }; errorsUrl: string | null; errorMessage: string | null };
type Preview = { columns: { column: string; target: string; suggested: string; examples: string[]; invalidInSample: number }[]; rows: string[][]; targets: { value: string }[]; problems: { message: string }[] };

async function survey(): Promise<string> {
  const c = await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.admin, body: NPS_SURVEY });
  await call(t.app, 'POST', `/api/v1/surveys/${c.body.id}/publish`, { key: a.keys.admin });
  return c.body.id;
}

/** multipart/form-data as the dashboard sends it: the mapping field first, then the file. */
async function upload(url: string, key: string, fields: Record<string, string>, csv?: string, fileName = 'answers.csv') {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (csv !== undefined) form.append('file', new Blob([csv]), fileName);
  const req = new Request('http://kunde.test', { method: 'POST', body: form });
  const res = await t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${key}`, 'content-type': req.headers.get('content-type')! }, payload: Buffer.from(await req.arrayBuffer()) });
  return { status: res.statusCode, body: res.json<Job & Preview & { detail?: string }>(), contentType: String(res.headers['content-type']) };
}

async function waitFor(surveyId: string, id: string): Promise<Job> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await call<Job>(t.app, 'GET', `/api/v1/surveys/${surveyId}/responses/imports/${id}`, { key: a.keys.viewer });
    expect(r.status).toBe(200);
    if (!['queued', 'running'].includes(r.body.status) || Date.now() > deadline) return r.body;
    await new Promise((done) => setTimeout(done, 200));
  }
}

const CSV = ['score,why,date,mail,shop', '10,great,2023-05-01,ann@example.com,Aarhus', 'NA,no score,31/12/2023,,Odense', '11,too high,,,', 'NA,NA,,,', '6,"slow, late",yesterday,not-an-email,Vejle'].join('\n');

describe('suggested mapping', () => {
  it('maps the headers of the real French export and of a Danish one to the questions and fields', () => {
    const q = NPS_SURVEY.questions as Parameters<typeof suggestResponseMapping>[1];
    expect(suggestResponseMapping(['', 'id', 'nps', 'satisfaction', 'intention', 'explication', 'NbPassageKS', 'CaTicket', 't'], q)).toMatchObject({ nps: 'q1', explication: 'q2', id: 'ignore', satisfaction: 'ignore' });
    expect(suggestResponseMapping(['Dato', 'E-mail', 'Vil du anbefale os?', 'Kommentar', 'q2'], q)).toEqual({ Dato: 'submittedAt', 'E-mail': 'email', 'Vil du anbefale os?': 'q1', Kommentar: 'ignore', q2: 'q2' });
  });

  it('lists a row with two bad values once, naming both', () => {
    expect(mergeRowErrors([{ row: 3, column: 'a', message: 'x', values: [] }, { row: 3, column: 'b', message: 'y', values: [] }, { row: 4, column: null, message: 'z', values: [] }]))
      .toEqual([{ row: 3, column: 'a, b', message: 'x; y', values: [] }, { row: 4, column: null, message: 'z', values: [] }]);
  });
});

describe('dashboard import of historical responses', () => {
  it('previews the first rows with a suggested mapping and the values that would be left empty', async () => {
    const id = await survey();
    const p = await upload(`/api/v1/surveys/${id}/responses/imports/preview`, a.keys.analyst, {}, CSV);
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body.rows).toHaveLength(5);
    expect(p.body.columns.map((c) => [c.column, c.suggested])).toEqual([['score', 'q1'], ['why', 'q2'], ['date', 'submittedAt'], ['mail', 'email'], ['shop', 'ignore']]);
    expect(p.body.targets.map((x) => x.value)).toEqual(['q1', 'q2', 'submittedAt', 'email', 'externalId', 'language']);
    const mapped = await call<Preview>(t.app, 'POST', `/api/v1/surveys/${id}/responses/imports/preview`, { key: a.keys.analyst, body: { csv: CSV, mapping: { score: 'q1', why: 'q2', date: 'submittedAt', mail: 'email', shop: 'hidden.shop' } } });
    expect(mapped.status).toBe(200);
    expect(mapped.body.problems).toEqual([]);
    // NA twice and 11 in the score column; "yesterday" and "not-an-email" once each.
    expect(Object.fromEntries(mapped.body.columns.map((c) => [c.column, c.invalidInSample]))).toEqual({ score: 3, why: 0, date: 1, mail: 1, shop: 0 });
    const wrong = await call<Preview>(t.app, 'POST', `/api/v1/surveys/${id}/responses/imports/preview`, { key: a.keys.analyst, body: { csv: CSV, mapping: { score: 'q9' } } });
    expect(wrong.body.problems[0].message).toMatch(/"q9" is neither a question/);
  });

  it('runs the upload as a job: progress, the rest of a row kept, a downloadable per-row report, a re-import stored once', async () => {
    const id = await survey();
    const mapping = JSON.stringify({ score: 'q1', why: 'q2', date: 'submittedAt', mail: 'email', shop: 'hidden.shop' });
    const r = await upload(`/api/v1/surveys/${id}/responses/imports`, a.keys.analyst, { mapping }, CSV);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(['queued', 'running']).toContain(r.body.status);
    const done = await waitFor(id, r.body.id);
    expect(done.status).toBe('completed');
    expect(done.progress).toMatchObject({ processed: 5, total: 5, percent: 100 });
    expect(done.counts).toEqual({ imported: 4, duplicates: 0, rejected: 1, invalidValues: 3, errorRows: 4 });
    const report = await t.app.inject({ method: 'GET', url: done.errorsUrl!, headers: { authorization: `Bearer ${a.keys.viewer}` } });
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toMatch(/text\/csv/);
    const lines = parse(report.body) as string[][];
    expect(lines[0]).toEqual(['row', 'column', 'error', 'score', 'why', 'date', 'mail', 'shop']);
    expect(lines.slice(1).map((l) => [l[0], l[1]])).toEqual([['3', 'score'], ['4', 'score'], ['5', 'score'], ['6', 'date, mail']]);
    expect(lines[1][2]).toMatch(/"NA" must be a whole number from 0 to 10; answer left empty/);
    expect(lines[1].slice(3)).toEqual(['NA', 'no score', '31/12/2023', '', 'Odense']);

    const responses = await call<{ data: { answers: Record<string, unknown>; hidden: Record<string, string>; channel: string }[] }>(t.app, 'GET', `/api/v1/surveys/${id}/responses?limit=50`, { key: a.keys.viewer });
    expect(responses.body.data).toHaveLength(4);
    expect(responses.body.data.find((x) => x.hidden.shop === 'Odense')).toMatchObject({ answers: { q2: 'no score' }, channel: 'import' });

    const again = await upload(`/api/v1/surveys/${id}/responses/imports`, a.keys.analyst, { mapping }, CSV);
    expect((await waitFor(id, again.body.id)).counts).toMatchObject({ imported: 0, duplicates: 4 });
    const list = await call<{ data: Job[] }>(t.app, 'GET', `/api/v1/surveys/${id}/responses/imports`, { key: a.keys.viewer });
    expect(list.body.data.map((j) => j.id)).toEqual([again.body.id, r.body.id]);
  });

  it('refuses a bad mapping, a bad body, other roles and other workspaces, keeping no upload', async () => {
    const id = await survey();
    const bad = await upload(`/api/v1/surveys/${id}/responses/imports`, a.keys.analyst, { mapping: JSON.stringify({ nope: 'q1' }) }, CSV);
    expect(bad.status).toBe(422);
    expect(bad.contentType).toMatch(/problem\+json/);
    expect(bad.body.detail).toContain('no column "nope"');
    expect((await upload(`/api/v1/surveys/${id}/responses/imports`, a.keys.analyst, { mapping: '{not json' }, CSV)).status).toBe(422);
    expect((await upload(`/api/v1/surveys/${id}/responses/imports`, a.keys.analyst, { mapping: '{}' })).status).toBe(422);
    expect((await upload(`/api/v1/surveys/${id}/responses/imports`, a.keys.analyst, {}, '')).status).toBe(422);
    expect((await call(t.app, 'POST', `/api/v1/surveys/${id}/responses/imports`, { key: a.keys.analyst, body: { mapping: {} } })).status).toBe(422);
    expect((await call(t.app, 'GET', `/api/v1/surveys/${id}/responses/imports/not-a-uuid`, { key: a.keys.analyst })).status).toBe(400);
    expect((await upload(`/api/v1/surveys/${id}/responses/imports`, a.keys.viewer, { mapping: '{}' }, 'q1\n9\n')).status).toBe(403);
    expect((await upload(`/api/v1/surveys/${id}/responses/imports`, a.keys.agent, { mapping: '{}' }, 'q1\n9\n')).status).toBe(403);
    expect((await call<{ data: unknown[] }>(t.app, 'GET', `/api/v1/surveys/${id}/responses/imports`, { key: a.keys.viewer })).body.data).toEqual([]);

    const ok = await call<Job>(t.app, 'POST', `/api/v1/surveys/${id}/responses/imports`, { key: a.keys.analyst, body: { csv: 'q1\n9\nNA\n', mapping: {} } });
    expect(ok.status).toBe(201);
    const done = await waitFor(id, ok.body.id);
    const cancel = await call(t.app, 'POST', `/api/v1/surveys/${id}/responses/imports/${ok.body.id}/cancel`, { key: a.keys.analyst });
    expect(cancel.status).toBe(done.status === 'completed' ? 409 : 200);
    const base = `/api/v1/surveys/${id}/responses/imports`;
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'POST', url: base, body: { csv: 'q1\n9\n' } },
      { method: 'POST', url: `${base}/preview`, body: { csv: 'q1\n9\n' } },
      { method: 'GET', url: base },
      { method: 'GET', url: `${base}/${ok.body.id}` },
      { method: 'GET', url: `${base}/${ok.body.id}/errors.csv` },
      { method: 'POST', url: `${base}/${ok.body.id}/cancel` },
    ]);
  });

  it.skipIf(!NPS_FR.present)('imports the real French NPS file with the suggested mapping and the hand-computed NPS', async () => {
    const id = await survey();
    const text = readFileSync(NPS_FR.path, 'utf8');
    const [head, ...rows] = parse(text, { relax_column_count: true }) as string[][];
    const col = head.indexOf('nps');
    const scores = rows.map((r) => r[col]).filter((v) => /^\d+$/.test(v)).map(Number);
    const want = (100 * (scores.filter((x) => x >= 9).length - scores.filter((x) => x <= 6).length)) / scores.length;
    const preview = await upload(`/api/v1/surveys/${id}/responses/imports/preview`, a.keys.analyst, {}, text, 'nps_fr.csv');
    const mapping = Object.fromEntries(preview.body.columns.map((c) => [c.column, c.suggested]));
    expect(mapping).toMatchObject({ nps: 'q1', explication: 'q2' });
    const r = await upload(`/api/v1/surveys/${id}/responses/imports`, a.keys.analyst, { mapping: JSON.stringify(mapping) }, text, 'nps_fr.csv');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const done = await waitFor(id, r.body.id);
    expect(done.status).toBe('completed');
    const notScores = rows.filter((x) => (x[col] ?? '').trim() !== '' && !/^\d+$/.test(x[col])).length;
    expect(done.counts.invalidValues).toBe(notScores);
    const sum = (await call<{ questions: { nps?: number; answered: number }[] }>(t.app, 'GET', `/api/v1/surveys/${id}/summary`, { key: a.keys.viewer })).body;
    expect(sum.questions[0].answered).toBe(scores.length);
    expect(Math.abs(sum.questions[0].nps! - want)).toBeLessThan(0.005);
  }, 180_000);
});
