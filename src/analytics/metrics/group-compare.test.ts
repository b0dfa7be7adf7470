import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { insertResponses } from '../../../test/response-rows.js';
import { NPS_SURVEY } from '../../surveys/test-kit.js';
import type { TMetricAnswer } from './metrics.schemas.js';

vi.setConfig({ testTimeout: 120_000 });

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
let survey = '';
beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Compare A');
  b = await buildWorkspace(t.rt.ctx, 'Compare B');
  survey = (await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.admin, body: NPS_SURVEY })).body.id;
  const at = new Date('2026-02-10T12:00:00Z');
  const rows = (team: string, promoters: number, passives: number, detractors: number) =>
    [...Array(promoters).fill(10), ...Array(passives).fill(8), ...Array(detractors).fill(3)].map((s: number) => ({ answers: { q1: s }, createdAt: at, team }));
  // store: 24 promoters, 8 passives, 8 detractors of 40; web: 12, 8, 20 of 40; call: 3 promoters, 2 detractors.
  await insertResponses(t.rt.ctx.db, a.workspaceId, survey, [...rows('store', 24, 8, 8), ...rows('web', 12, 8, 20), ...rows('call', 3, 0, 2)]);
}, 240_000);
afterAll(async () => t?.close());

const get = (query: string, key = a.keys.viewer) => call<TMetricAnswer>(t.app, 'GET', `/api/v1/metrics/nps?surveyId=${survey}&${query}`, { key });

describe('two groups compared (hand-computed)', () => {
  it('NPS of team store against team web: difference with its standard error from both margins, z and p', async () => {
    const r = await get('groupBy=team&groupA=store&groupB=web');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const c = r.body.groupComparison!;
    // store: p = 0.6, d = 0.2 → NPS 40, SE = 100·√((0.8 − 0.16)/40) = 12.649; web: p = 0.3, d = 0.5 → NPS −20,
    // SE = 100·√((0.8 − 0.04)/40) = 13.784. Difference 60, SE = √(160 + 190) = √350 = 18.708, z = 3.2071,
    // p = 2·(1 − Φ(3.2071)) = 0.00134.
    expect(c.a).toMatchObject({ key: 'store', label: 'store', value: 40, n: 40 });
    expect(c.b).toMatchObject({ key: 'web', label: 'web', value: -20, n: 40 });
    expect(c.test.difference).toBeCloseTo(60, 6);
    expect(c.test.standardError).toBeCloseTo(18.7083, 3);
    expect(c.test.z).toBeCloseTo(3.2071, 3);
    expect(c.test.pValue).toBeCloseTo(0.00134, 4);
    expect(c.test.verdict).toBe('significant');
  });

  it('says plainly when a group has too few answers, and a group nobody answered in is n = 0', async () => {
    const few = (await get('groupBy=team&groupA=store&groupB=call')).body.groupComparison!;
    expect(few.b).toMatchObject({ n: 5, value: 20 });
    expect(few.test).toMatchObject({ verdict: 'too_few_responses', pValue: null });
    expect(few.test.note).toMatch(/Too few responses/);
    const none = (await get('groupBy=team&groupA=store&groupB=nobody')).body.groupComparison!;
    expect(none.b).toMatchObject({ key: 'nobody', n: 0, value: null });
    expect(none.test.verdict).toBe('too_few_responses');
  });

  it('needs groupBy and both groups (a 4xx problem); another workspace sees none of these answers', async () => {
    for (const q of ['groupA=store&groupB=web', 'groupBy=team&groupA=store', 'groupBy=team&groupB=web', 'groupBy=team&groupA=&groupB=web']) {
      const r = await get(q);
      expect([400, 422], q).toContain(r.status);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    const other = await call<TMetricAnswer>(t.app, 'GET', '/api/v1/metrics/nps?groupBy=team&groupA=store&groupB=web', { key: b.keys.viewer });
    expect(other.status).toBe(200);
    expect(other.body.groupComparison!.a.n).toBe(0);
    expect(other.body.groupComparison!.b.n).toBe(0);
    expect((await call(t.app, 'GET', `/api/v1/metrics/nps?surveyId=${survey}&groupBy=team&groupA=store&groupB=web`, { key: b.keys.viewer })).status).toBe(404);
  });
});
