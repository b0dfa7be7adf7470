import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../../test/factories.js';
import { dataset } from '../../../test/helpers/datasets.js';
import { NPS_SURVEY } from '../test-kit.js';

// The real French NPS file lives beside the repository, never inside it.
const NPS_FR = dataset('nps_fr.utf8.dev.csv');

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Importer');
  b = await buildWorkspace(t.rt.ctx, 'Other');
});
afterAll(async () => t?.close());

type Reply = { processed: number; imported: number; duplicates: number; rejected: number; invalidValues: number; errors: { row: number; column: string | null; message: string }[]; errorReport: string | null };
type Summary = { responseCount: { total: number }; questions: { id: string; nps?: number; promoters?: number; detractors?: number; answered: number }[] };

async function survey(): Promise<string> {
  const c = await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.admin, body: NPS_SURVEY });
  await call(t.app, 'POST', `/api/v1/surveys/${c.body.id}/publish`, { key: a.keys.admin });
  return c.body.id;
}
const upload = (id: string, csv: string, query = '', key = a.keys.analyst) =>
  t.app.inject({ method: 'POST', url: `/api/v1/surveys/${id}/responses/import${query}`, headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' }, payload: csv });

describe('importing historical responses', () => {
  it('keeps the rest of a row when a value is not a valid answer, reports it, and stores a re-import once', async () => {
    const id = await survey();
    const csv = ['score,why,date,mail', '10,great,2023-05-01,ann@example.com', 'NA,no score,31/12/2023,', '11,too high,,', 'NA,NA,,', '6,"slow, late",yesterday,not-an-email'].join('\n');
    const r = await upload(id, csv, '?map=score=q1&map=why=q2&map=date=submittedAt&map=mail=email');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<Reply>();
    // Rows 3 and 4 keep their text; row 5 has nothing left; row 6 keeps its score and comment.
    expect(body).toMatchObject({ processed: 5, imported: 4, rejected: 1, duplicates: 0, invalidValues: 3 });
    expect(body.errors.map((e) => [e.row, e.column])).toEqual([[3, 'score'], [4, 'score'], [5, 'score'], [6, 'date'], [6, 'mail']]);
    expect(body.errors[0].message).toMatch(/q1 \(nps\): "NA" must be a whole number from 0 to 10; answer left empty/);
    const report = parse(body.errorReport!) as string[][];
    expect(report[0]).toEqual(['row', 'column', 'error', 'score', 'why', 'date', 'mail']);
    expect(report[1].slice(0, 2)).toEqual(['3', 'score']);

    const again = (await upload(id, csv, '?map=score=q1&map=why=q2&map=date=submittedAt&map=mail=email')).json<Reply>();
    expect(again).toMatchObject({ imported: 0, duplicates: 4 });

    const sum = (await call<Summary>(t.app, 'GET', `/api/v1/surveys/${id}/summary`, { key: a.keys.viewer })).body;
    // Scores 10 and 6: one promoter, one detractor → NPS 0 over 2 answers; 4 responses in all.
    expect(sum.responseCount.total).toBe(4);
    expect(sum.questions[0]).toMatchObject({ id: 'q1', answered: 2, promoters: 1, detractors: 1, nps: 0 });
  });

  it('sends identified rows to the customer profile as survey_response events, anonymous ones nowhere', async () => {
    const id = await survey();
    const r = await call<Reply>(t.app, 'POST', `/api/v1/surveys/${id}/responses/import`, { key: a.keys.admin, body: { csv: 'q1,email\n9,bo@example.com\n3,\n', mapping: {} } });
    expect(r.status).toBe(200);
    expect(r.body.imported).toBe(2);
    const list = await call<{ data: { id: string }[] }>(t.app, 'GET', '/api/v1/customers?email=bo%40example.com', { key: a.keys.admin });
    expect(list.body.data).toHaveLength(1);
    const timeline = await call<{ data: { type: string; properties: Record<string, unknown> }[] }>(t.app, 'GET', `/api/v1/customers/${list.body.data[0].id}/timeline`, { key: a.keys.admin });
    expect(timeline.body.data.find((e) => e.type === 'survey_response')?.properties).toMatchObject({ metric: 'nps', score: 9, channel: 'import' });
  });

  it('refuses bad input, other roles and other workspaces with problem+json', async () => {
    const id = await survey();
    const bad = await upload(id, 'score\n9\n', '?map=nope=q1');
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ detail: string }>().detail).toContain('no column "nope"');
    expect((await upload(id, 'score\n9\n', '?map=score=q9')).statusCode).toBe(422);
    expect((await upload(id, 'score\n9\n', '?map=broken')).statusCode).toBe(400);
    expect((await upload(id, '')).statusCode).toBeGreaterThanOrEqual(400);
    expect((await call(t.app, 'POST', `/api/v1/surveys/${id}/responses/import`, { key: a.keys.admin, body: { mapping: {} } })).status).toBe(422);
    expect((await upload(id, 'q1\n9\n', '', a.keys.viewer)).statusCode).toBe(403);
    expect((await upload(id, 'q1\n9\n', '', a.keys.agent)).statusCode).toBe(403);
    await expectIsolated(t.app, b.keys.admin, [{ method: 'POST', url: `/api/v1/surveys/${id}/responses/import`, body: { csv: 'q1\n9\n' } }]);
  });

  it.skipIf(!NPS_FR.present)('gives the hand-computed NPS of the real French file (NA scores left empty)', async () => {
    const id = await survey();
    const text = readFileSync(NPS_FR.path, 'utf8');
    const [head, ...rows] = parse(text, { relax_column_count: true }) as string[][];
    const scores = rows.map((r) => r[head.indexOf('nps')]).filter((v) => /^\d+$/.test(v)).map(Number);
    const want = (100 * (scores.filter((x) => x >= 9).length - scores.filter((x) => x <= 6).length)) / scores.length;
    const r = await upload(id, text, '?map=nps=q1&map=explication=q2');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<Reply>();
    const notScores = rows.filter((r) => (r[head.indexOf('nps')] ?? '').trim() !== '' && !/^\d+$/.test(r[head.indexOf('nps')])).length;
    expect(body.invalidValues).toBe(notScores);
    const sum = (await call<Summary>(t.app, 'GET', `/api/v1/surveys/${id}/summary`, { key: a.keys.viewer })).body;
    expect(sum.questions[0].answered).toBe(scores.length);
    expect(Math.abs(sum.questions[0].nps! - want)).toBeLessThan(0.005);
  }, 120_000);
});
