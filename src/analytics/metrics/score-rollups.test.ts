import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { insertResponses, type ResponseFixture } from '../../../test/response-rows.js';
import { BRANCHING_SURVEY, NPS_SURVEY } from '../../surveys/test-kit.js';
import { localMidnight } from './periods.js';
import { rebuildScoreRollup, refreshScoreRollup } from './score-rollups.js';
import type { TMetricAnswer } from './metrics.schemas.js';

// The shared machine runs several engineers' suites at once: give each test room (timings here mean nothing).
vi.setConfig({ testTimeout: 180_000 });

let t: TestApp;
// Zones with whole-hour, half-hour and 45-minute offsets, and DST changes inside the generated weeks.
const ZONES = ['Europe/Copenhagen', 'Asia/Kolkata', 'America/St_Johns', 'Pacific/Chatham'] as const;
const ws = new Map<string, TestWorkspace>();
beforeAll(async () => {
  t = await createTestApp();
  for (const tz of ZONES) {
    const w = await buildWorkspace(t.rt.ctx, `Rollup ${tz}`);
    await call(t.app, 'PATCH', '/api/v1/workspace', { key: w.keys.owner, body: { timeZone: tz } });
    ws.set(tz, w);
  }
}, 240_000);
afterAll(async () => t?.close());

async function survey(w: TestWorkspace, body: object = NPS_SURVEY): Promise<string> {
  const c = await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys', { key: w.keys.admin, body });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  await call(t.app, 'POST', `/api/v1/surveys/${c.body.id}/publish`, { key: w.keys.admin });
  return c.body.id;
}
async function metric(w: TestWorkspace, url: string): Promise<TMetricAnswer> {
  const r = await call<TMetricAnswer>(t.app, 'GET', `/api/v1${url}`, { key: w.keys.viewer });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}
const dropRollup = (w: TestWorkspace) => t.rt.ctx.db.execute(sql`delete from analytics_score_rollups where workspace_id = ${w.workspaceId}::uuid`);
const withoutSource = ({ source: _s, ...rest }: TMetricAnswer) => rest;

// Days around a DST change (29 Mar in Europe, 5 Apr on Chatham) and a month and quarter edge.
const DAYS = Array.from({ length: 24 }, (_, i) => new Date(Date.UTC(2026, 2, 20 + i)).toISOString().slice(0, 10));

describe('rollup = raw scan (property)', () => {
  it('every metric, interval, breakdown and filter, in four zones, with answers minutes around local midnight', async () => {
    const answer = fc.record({
      day: fc.constantFrom(...DAYS),
      minutes: fc.integer({ min: -90, max: 90 }),
      nps: fc.integer({ min: 0, max: 10 }),
      csat: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(7)), // 7 is off the 1–5 scale: ignored on both paths
      tp: fc.constantFrom('store', 'web'),
      lang: fc.constantFrom('en', 'da'),
      team: fc.constantFrom('north', null),
    });
    const query = fc.record({
      metric: fc.constantFrom('nps', 'csat', 'ces'),
      interval: fc.constantFrom(undefined, 'day', 'week', 'month', 'quarter'),
      groupBy: fc.constantFrom(undefined, 'survey', 'touchpoint', 'language', 'team', 'channel'),
      from: fc.constantFrom(undefined, '2026-03-22', '2026-03-29', '2026-04-01'),
      to: fc.constantFrom(undefined, '2026-03-31', '2026-04-05'),
      filter: fc.constantFrom('', '&touchpoint=web', '&language=da'),
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ZONES), fc.array(answer, { maxLength: 60 }), fc.array(answer, { maxLength: 20 }), fc.array(query, { minLength: 1, maxLength: 4 }), async (tz, old, fresh, queries) => {
        const w = ws.get(tz)!;
        const id = await survey(w, BRANCHING_SURVEY);
        const rows = (xs: typeof old, updatedAt?: Date): ResponseFixture[] =>
          xs.map((x) => ({
            answers: { nps: x.nps, csat: x.csat, ces: (x.nps % 7) + 1 },
            createdAt: new Date(localMidnight(x.day, tz).getTime() + x.minutes * 60_000),
            updatedAt,
            touchpoint: x.tp, language: x.lang, team: x.team,
          }));
        await insertResponses(t.rt.ctx.db, w.workspaceId, id, rows(old));
        const urls = queries.map((q) => {
          const params = [`surveyId=${id}`, q.interval && `interval=${q.interval}`, q.groupBy && `groupBy=${q.groupBy}`, q.from && `from=${q.from}`, q.to && q.to > (q.from ?? '') && `to=${q.to}`].filter(Boolean).join('&');
          return `/metrics/${q.metric}?${params}${q.filter}`;
        });
        const compare = async () => {
          await dropRollup(w);
          const raw = await Promise.all(urls.map((u) => metric(w, u)));
          await rebuildScoreRollup(t.rt.ctx, w.workspaceId);
          for (const [i, u] of urls.entries()) {
            const rolled = await metric(w, u);
            expect(raw[i].source).toBe('raw');
            expect(rolled.source, u).toBe('rollup');
            expect(withoutSource(rolled), `${tz} ${u}`).toEqual(withoutSource(raw[i]));
          }
        };
        await compare();
        // Written after the rollup's watermark: read raw for their days until a refresh folds them in.
        await insertResponses(t.rt.ctx.db, w.workspaceId, id, rows(fresh, new Date()));
        const stale = await Promise.all(urls.map((u) => metric(w, u)));
        await refreshScoreRollup(t.rt.ctx, w.workspaceId);
        const refreshed = await Promise.all(urls.map((u) => metric(w, u)));
        await dropRollup(w);
        for (const [i, u] of urls.entries()) {
          const raw = withoutSource(await metric(w, u));
          expect(withoutSource(stale[i]), `stale ${tz} ${u}`).toEqual(raw);
          expect(withoutSource(refreshed[i]), `refreshed ${tz} ${u}`).toEqual(raw);
        }
      }),
      { numRuns: 12 },
    );
  });
});

describe('when the rollup is not used', () => {
  it('bounds off local midnight, customer breakdowns and a changed time zone read raw', async () => {
    const w = ws.get('Europe/Copenhagen')!;
    const id = await survey(w);
    await insertResponses(t.rt.ctx.db, w.workspaceId, id, [{ answers: { q1: 10 }, createdAt: new Date('2026-02-10T12:00:00Z') }]);
    await rebuildScoreRollup(t.rt.ctx, w.workspaceId);
    expect((await metric(w, `/metrics/nps?surveyId=${id}&from=2026-02-01`)).source).toBe('rollup');
    expect((await metric(w, `/metrics/nps?surveyId=${id}&from=2026-02-10T12:30:00Z`)).source).toBe('raw');
    expect((await metric(w, `/metrics/nps?surveyId=${id}&groupBy=country`)).source).toBe('raw');
    await call(t.app, 'PATCH', '/api/v1/workspace', { key: w.keys.owner, body: { timeZone: 'Asia/Tokyo' } });
    const m = await metric(w, `/metrics/nps?surveyId=${id}&interval=day&from=2026-02-10&to=2026-02-10`);
    expect(m).toMatchObject({ source: 'raw', n: 1, timeZone: 'Asia/Tokyo' });
    await rebuildScoreRollup(t.rt.ctx, w.workspaceId);
    expect(await metric(w, `/metrics/nps?surveyId=${id}&interval=day&from=2026-02-10&to=2026-02-10`)).toMatchObject({ source: 'rollup', n: 1 });
    await call(t.app, 'PATCH', '/api/v1/workspace', { key: w.keys.owner, body: { timeZone: 'Europe/Copenhagen' } });
  });
});
