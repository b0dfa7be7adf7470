import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The shared machine runs several engineers' suites at once: give each test room (timings here mean nothing).
vi.setConfig({ testTimeout: 120_000 });
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../../test/factories.js';
import { defineAttributeTypes, insertCustomer } from '../../../test/customer-rows.js';
import { insertResponses } from '../../../test/response-rows.js';
import { BRANCHING_SURVEY, NPS_SURVEY } from '../../surveys/test-kit.js';
import type { TMetricAnswer } from './metrics.schemas.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Metrics');
  b = await buildWorkspace(t.rt.ctx, 'Other');
  await call(t.app, 'PATCH', '/api/v1/workspace', { key: a.keys.owner, body: { timeZone: 'Europe/Copenhagen' } });
}, 240_000);
afterAll(async () => t?.close());

async function survey(body: object = NPS_SURVEY): Promise<string> {
  const c = await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.admin, body });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  await call(t.app, 'POST', `/api/v1/surveys/${c.body.id}/publish`, { key: a.keys.admin });
  return c.body.id;
}
const at = (iso: string) => new Date(iso);
const get = (url: string, key = a.keys.viewer) => call<TMetricAnswer>(t.app, 'GET', `/api/v1${url}`, { key });
async function metric(url: string): Promise<TMetricAnswer> {
  const r = await get(url);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}
const nps = (...scores: number[]) => scores.map((s) => ({ answers: { q1: s }, createdAt: at('2026-02-10T12:00:00Z') }));

describe('GET /metrics/nps (hand-computed)', () => {
  it('scores 10, 9, 8, 6: NPS 25 ± 81.26 with the counts and the formula', async () => {
    const id = await survey();
    await insertResponses(t.rt.ctx.db, a.workspaceId, id, nps(10, 9, 8, 6));
    const m = await metric(`/metrics/nps?surveyId=${id}`);
    expect(m).toMatchObject({ metric: 'nps', nps: 25, value: 25, n: 4, promoters: 2, passives: 1, detractors: 1, marginOfError: 81.26, low: -56.26, high: 106.26, smallSample: true });
    expect(m.formula).toMatch(/1\.96 × 100 × √\(\(p \+ d − \(p − d\)²\) ÷ n\)/);
  });

  it('n = 0: null NPS and margin, not 0', async () => {
    const id = await survey();
    expect(await metric(`/metrics/nps?surveyId=${id}`)).toMatchObject({ nps: null, value: null, n: 0, marginOfError: null, low: null, high: null });
  });

  it('all promoters: NPS 100, margin 0', async () => {
    const id = await survey();
    await insertResponses(t.rt.ctx.db, a.workspaceId, id, nps(10, 10, 9, 9, 10));
    expect(await metric(`/metrics/nps?surveyId=${id}`)).toMatchObject({ nps: 100, marginOfError: 0, promoters: 5, n: 5 });
  });

  it('ignores answers to other questions, partial-but-answered responses count, text answers do not', async () => {
    const id = await survey();
    await insertResponses(t.rt.ctx.db, a.workspaceId, id, [
      { answers: { q1: 10, q2: 'great' }, createdAt: at('2026-02-10T12:00:00Z'), status: 'partial' },
      { answers: { q2: '9' }, createdAt: at('2026-02-10T12:00:00Z') },
    ]);
    expect(await metric(`/metrics/nps?surveyId=${id}`)).toMatchObject({ n: 1, nps: 100 });
  });

  it('an empty group is listed with n = 0 and says it cannot be compared', async () => {
    const full = await survey({ ...NPS_SURVEY, name: 'Has answers', touchpoint: 'delivery' });
    await insertResponses(t.rt.ctx.db, a.workspaceId, full, nps(10, 3).map((r) => ({ ...r, touchpoint: 'delivery' })));
    const empty = await survey({ ...NPS_SURVEY, name: 'Empty', touchpoint: 'delivery' });
    const m = await metric(`/metrics/nps?groupBy=survey&touchpoint=delivery`);
    const g = new Map(m.groups!.map((x) => [x.key, x]));
    expect(g.get(full)).toMatchObject({ label: 'Has answers', n: 2, nps: 0 });
    expect(g.get(empty)).toMatchObject({ label: 'Empty', n: 0, nps: null, marginOfError: null });
    expect(g.get(empty)!.vsRest.verdict).toBe('too_few_responses');
  });
});

describe('periods in the workspace time zone (Europe/Copenhagen)', () => {
  it('a response at 23:30 UTC lands in the next local day; each point carries its interval', async () => {
    const id = await survey();
    await insertResponses(t.rt.ctx.db, a.workspaceId, id, [
      { answers: { q1: 10 }, createdAt: at('2026-01-14T22:30:00Z') }, // 23:30 local, 14 Jan
      { answers: { q1: 0 }, createdAt: at('2026-01-14T23:30:00Z') }, // 00:30 local, 15 Jan
    ]);
    const m = await metric(`/metrics/nps?surveyId=${id}&from=2026-01-14&to=2026-01-16&interval=day`);
    expect(m.from).toBe('2026-01-13T23:00:00.000Z');
    expect(m.to).toBe('2026-01-16T23:00:00.000Z');
    expect(m.series!.map((p) => [p.period, p.n, p.nps])).toEqual([['2026-01-14', 1, 100], ['2026-01-15', 1, -100], ['2026-01-16', 0, null]]);
    expect(m.series![1]).toMatchObject({ start: '2026-01-14T23:00:00.000Z', end: '2026-01-15T23:00:00.000Z' });
    // The bare day `to=2026-01-14` is inclusive up to local midnight: only the first response.
    expect((await metric(`/metrics/nps?surveyId=${id}&to=2026-01-14`)).n).toBe(1);
  });

  it('compares with the previous period and says plainly when n is too small', async () => {
    const id = await survey();
    await insertResponses(t.rt.ctx.db, a.workspaceId, id, [
      ...Array.from({ length: 40 }, () => ({ answers: { q1: 10 }, createdAt: at('2026-03-20T10:00:00Z') })),
      ...Array.from({ length: 40 }, () => ({ answers: { q1: 2 }, createdAt: at('2026-02-20T10:00:00Z') })),
      ...Array.from({ length: 5 }, () => ({ answers: { q1: 2 }, createdAt: at('2026-01-20T10:00:00Z') })),
    ]);
    const m = await metric(`/metrics/nps?surveyId=${id}&from=2026-03-01&to=2026-03-31&compare=previous`);
    expect(m.nps).toBe(100);
    expect(m.comparison!.previous).toMatchObject({ n: 40, nps: -100 });
    expect(m.comparison!.test).toMatchObject({ difference: 200, verdict: 'significant' });
    const few = await metric(`/metrics/nps?surveyId=${id}&from=2026-03-01&to=2026-03-31&compareFrom=2026-01-01&compareTo=2026-01-31`);
    expect(few.comparison!.test.verdict).toBe('too_few_responses');
    expect(few.comparison!.test.note).toMatch(/Too few responses.*40 and 5/);
  });
});

describe('GET /metrics/csat and /metrics/ces (hand-computed)', () => {
  it('CSAT 5, 4, 3, 2, 1 on 1–5: 40 % satisfied (Wilson 11.76–76.93), mean 3 ± 1.39; top box only: 20 %', async () => {
    const id = await survey(BRANCHING_SURVEY);
    await insertResponses(t.rt.ctx.db, a.workspaceId, id, [5, 4, 3, 2, 1].map((s, i) => ({ answers: { nps: 5, csat: s, ces: [7, 6, 5, 4, 1][i] }, createdAt: at('2026-02-01T10:00:00Z') })));
    const c = await metric(`/metrics/csat?surveyId=${id}`);
    expect(c).toMatchObject({ value: 40, n: 5, satisfied: 2, low: 11.76, high: 76.93, mean: 3, meanLow: 1.61, meanHigh: 4.39, marginOfError: null });
    expect((await metric(`/metrics/csat?surveyId=${id}&topBoxes=1`)).value).toBe(20);
    // CES 7, 6, 5, 4, 1 on 1–7: mean 4.6, sd √5.3, easy (> 4) 3 of 5 = 60 %.
    const e = await metric(`/metrics/ces?surveyId=${id}`);
    expect(e).toMatchObject({ value: 4.6, mean: 4.6, n: 5, easy: 3, easyPercent: 60 });
    expect(e.marginOfError).toBeCloseTo((1.96 * Math.sqrt(5.3)) / Math.sqrt(5), 2);
  });

  it('response-rate: completion with its interval, and says what is missing', async () => {
    const id = await survey();
    await insertResponses(t.rt.ctx.db, a.workspaceId, id, [
      { answers: { q1: 9 }, createdAt: at('2026-02-01T10:00:00Z') },
      { answers: { q1: 9 }, createdAt: at('2026-02-01T10:00:00Z'), invitationId: 'inv-1' },
      { answers: {}, createdAt: at('2026-02-01T10:00:00Z'), status: 'partial' },
      { answers: { q1: 3 }, createdAt: at('2026-02-01T10:00:00Z'), status: 'partial' },
    ]);
    const r = await metric(`/metrics/response-rate?surveyId=${id}`);
    expect(r).toMatchObject({ value: 50, n: 4, finished: 2, partial: 2, viaInvitation: 1, responseRate: null });
    expect(r.missing).toMatch(/invitations/);
  });
});

describe('breakdowns by customer dimensions', () => {
  it('country, attribute and lifecycle come from the customers domain; anonymous answers form the null group', async () => {
    const db = t.rt.ctx.db;
    await defineAttributeTypes(db, a.workspaceId, { plan: 'string' });
    const dk = await insertCustomer(db, a.workspaceId, { country: 'DK', attributes: { plan: 'pro' }, lifecycleStage: 'active' });
    const tr = await insertCustomer(db, a.workspaceId, { country: 'TR', attributes: { plan: 'free' }, lifecycleStage: 'new' });
    const id = await survey();
    const when = at('2026-02-03T10:00:00Z');
    await insertResponses(db, a.workspaceId, id, [
      { answers: { q1: 10 }, createdAt: when, customerId: dk },
      { answers: { q1: 9 }, createdAt: when, customerId: dk },
      { answers: { q1: 1 }, createdAt: when, customerId: tr },
      { answers: { q1: 8 }, createdAt: when },
    ]);
    const byCountry = await metric(`/metrics/nps?surveyId=${id}&groupBy=country`);
    expect(byCountry.groups!.map((g) => [g.key, g.n, g.nps])).toEqual([['DK', 2, 100], ['TR', 1, -100], [null, 1, 0]]);
    const byPlan = await metric(`/metrics/nps?surveyId=${id}&groupBy=attribute:plan`);
    expect(byPlan.groups!.find((g) => g.key === 'free')).toMatchObject({ n: 1, detractors: 1 });
    const byStage = await metric(`/metrics/nps?surveyId=${id}&groupBy=lifecycle`);
    expect(byStage.groups!.find((g) => g.key === 'active')).toMatchObject({ n: 2 });
    const seg = await call<{ id: string }>(t.app, 'POST', '/api/v1/segments', { key: a.keys.admin, body: { name: 'Danes', rules: { field: 'country', op: 'eq', value: 'DK' } } });
    expect(seg.status, JSON.stringify(seg.body)).toBe(201);
    const bySegment = await metric(`/metrics/nps?surveyId=${id}&groupBy=segment`);
    expect(bySegment.groups!.find((g) => g.key === seg.body.id)).toMatchObject({ label: 'Danes', n: 2, nps: 100 });
  });
});

describe('segment and persona as filters', () => {
  it('keeps only the responses of the segment\'s or persona\'s customers, with any breakdown; another workspace\'s segment is a 404', async () => {
    const db = t.rt.ctx.db;
    const dk = await insertCustomer(db, a.workspaceId, { country: 'DK' });
    const se = await insertCustomer(db, a.workspaceId, { country: 'SE' });
    const id = await survey();
    const when = at('2026-02-05T10:00:00Z');
    await insertResponses(db, a.workspaceId, id, [
      { answers: { q1: 10 }, createdAt: when, customerId: dk, touchpoint: 'web' },
      { answers: { q1: 3 }, createdAt: when, customerId: dk, touchpoint: 'store' },
      { answers: { q1: 9 }, createdAt: when, customerId: se, touchpoint: 'web' },
      { answers: { q1: 0 }, createdAt: when },
    ]);
    const seg = await call<{ id: string }>(t.app, 'POST', '/api/v1/segments', { key: a.keys.admin, body: { name: 'Filter DK', rules: { field: 'country', op: 'eq', value: 'DK' } } });
    expect(seg.status, JSON.stringify(seg.body)).toBe(201);
    const persona = await call<{ id: string }>(t.app, 'POST', '/api/v1/personas', { key: a.keys.admin, body: { name: 'Swedes', rules: { field: 'country', op: 'eq', value: 'SE' } } });
    expect(persona.status, JSON.stringify(persona.body)).toBe(201);
    const m = await metric(`/metrics/nps?surveyId=${id}&segmentId=${seg.body.id}&groupBy=touchpoint`);
    expect(m).toMatchObject({ n: 2, promoters: 1, detractors: 1, nps: 0, source: 'raw' });
    expect(m.groups!.map((g) => [g.key, g.n])).toEqual([['store', 1], ['web', 1]]);
    expect(await metric(`/metrics/nps?surveyId=${id}&personaId=${persona.body.id}`)).toMatchObject({ n: 1, nps: 100 });
    expect(await metric(`/metrics/nps?surveyId=${id}&personaId=${persona.body.id}&segmentId=${seg.body.id}`)).toMatchObject({ n: 0, nps: null });
    expect((await metric(`/metrics/response-rate?surveyId=${id}&segmentId=${seg.body.id}`)).n).toBe(2);
    const other = await call<{ id: string }>(t.app, 'POST', '/api/v1/segments', { key: b.keys.admin, body: { name: 'Theirs', rules: { field: 'country', op: 'eq', value: 'DK' } } });
    for (const param of [`segmentId=${other.body.id}`, `personaId=${other.body.id}`]) {
      const r = await get(`/metrics/nps?${param}`);
      expect(r.status).toBe(404);
      expect(r.contentType).toMatch(/application\/problem\+json/);
    }
    expect((await get('/metrics/nps?segmentId=nope')).status).toBe(400);
  });
});

describe('rolled-up numbers equal a raw recomputation (property)', () => {
  it('every group and every weekly point of random data', async () => {
    const touchpoints = ['store', 'web', 'support'];
    const row = fc.record({ score: fc.integer({ min: 0, max: 10 }), tp: fc.constantFrom(...touchpoints), lang: fc.constantFrom('en', 'da'), minute: fc.integer({ min: 0, max: 60 * 24 * 70 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 0, maxLength: 80 }), async (rows) => {
        const id = await survey();
        const base = Date.parse('2026-01-01T00:00:00Z');
        const data = rows.map((r) => ({ answers: { q1: r.score }, touchpoint: r.tp, language: r.lang, createdAt: new Date(base + r.minute * 60_000) }));
        await insertResponses(t.rt.ctx.db, a.workspaceId, id, data);
        const m = await metric(`/metrics/nps?surveyId=${id}&groupBy=touchpoint&interval=week&from=2026-01-01&to=2026-03-15`);
        const raw = (xs: typeof data) => {
          const n = xs.length;
          const p = xs.filter((x) => x.answers.q1 >= 9).length;
          const d = xs.filter((x) => x.answers.q1 <= 6).length;
          return { n, promoters: p, detractors: d, nps: n ? Math.round(10000 * (p - d) / n) / 100 : null };
        };
        expect(m).toMatchObject(raw(data));
        for (const g of m.groups!) expect(g).toMatchObject(raw(data.filter((x) => x.touchpoint === g.key)));
        for (const p of m.series!) {
          const inPeriod = data.filter((x) => x.createdAt.toISOString() >= p.start && x.createdAt.toISOString() < p.end);
          expect(p).toMatchObject(raw(inPeriod));
        }
        expect(m.series!.reduce((s, p) => s + p.n, 0)).toBe(data.length);
      }),
      { numRuns: 8 },
    );
  }, 120_000);
});

describe('access and bad input', () => {
  const routes = ['nps', 'csat', 'ces', 'response-rate'];

  it('every route is isolated: another workspace gets 404 for this survey', async () => {
    const id = await survey();
    await expectIsolated(t.app, b.keys.admin, routes.map((r) => ({ method: 'GET' as const, url: `/api/v1/metrics/${r}?surveyId=${id}` })));
  });

  it('every role reads; no key is a 401; bad input is a 4xx problem', async () => {
    const id = await survey();
    for (const r of routes) {
      expect((await get(`/metrics/${r}?surveyId=${id}`, a.keys.agent)).status).toBe(200);
      expect((await call(t.app, 'GET', `/api/v1/metrics/${r}`)).status).toBe(401);
      for (const [query, status] of [
        ['interval=year', 400], ['groupBy=shoe', 400], ['from=yesterday', 400], ['surveyId=nope', 400],
        ['from=2026-02-01&to=2026-01-01', 422], ['compare=previous', 422], ['compareFrom=2026-01-01', 422],
        ['groupBy=attribute:nothing', 422], ['from=2000-01-01&to=2026-01-01&interval=day', 422],
      ] as const) {
        const res = await get(`/metrics/${r}?surveyId=${id}&${query}`);
        expect(res.status, `${r}?${query}: ${JSON.stringify(res.body)}`).toBe(status);
        expect(res.contentType).toMatch(/application\/problem\+json/);
      }
    }
    expect((await get(`/metrics/nps?surveyId=${id}&questionId=q2`)).status).toBe(422);
    expect((await get(`/metrics/nps?surveyId=${id}&questionId=zz`)).status).toBe(422);
    expect((await get(`/metrics/csat?surveyId=${id}&topBoxes=9`)).status).toBe(400);
  });
});

describe('GET /metrics/key-drivers', () => {
  it('ranks the question that moves NPS first, with shares summing to 100; isolated; bad input', async () => {
    const id = await survey(BRANCHING_SURVEY);
    // NPS follows CSAT exactly (nps = 2·csat); CES varies independently: CSAT explains everything.
    const rows = Array.from({ length: 40 }, (_, i) => ({ csat: 1 + (i % 5), ces: 1 + ((i * 3) % 7) }));
    await insertResponses(t.rt.ctx.db, a.workspaceId, id, rows.map((r) => ({ answers: { nps: 2 * r.csat, csat: r.csat, ces: r.ces }, createdAt: at('2026-02-01T10:00:00Z') })));
    const r = await call<{ n: number; r2: number; drivers: { key: string; importance: number; direction: string | null }[] }>(t.app, 'GET', `/api/v1/metrics/key-drivers?surveyId=${id}`, { key: a.keys.viewer });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.n).toBe(40);
    expect(r.body.r2).toBeCloseTo(1, 3);
    expect(r.body.drivers[0]).toMatchObject({ key: 'csat', direction: 'positive' });
    expect(r.body.drivers[0].importance).toBeGreaterThan(95);
    expect(r.body.drivers.reduce((s, d) => s + d.importance, 0)).toBeCloseTo(100, 0);
    await expectIsolated(t.app, b.keys.admin, [{ method: 'GET', url: `/api/v1/metrics/key-drivers?surveyId=${id}` }]);
    expect((await get('/metrics/key-drivers')).status).toBe(400);
    const wrong = await get(`/metrics/key-drivers?surveyId=${id}&questionId=csat`);
    expect(wrong.status).toBe(422);
    expect(wrong.contentType).toMatch(/application\/problem\+json/);
  });
});
