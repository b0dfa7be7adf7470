import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { waitForTraits } from '../../customers/traits.service.js';
import { engagementRate } from './social-engagement.js';

describe('social engagement rate (hand-computed)', () => {
  it('is total engagements ÷ total impressions, with a Wilson interval over impressions', () => {
    // 50 + 70 = 120 of 1,000 + 3,000 = 4,000 → 3 %. Wilson: z² = 3.8416, centre = (0.03 + z²/8000) ÷ (1 + z²/4000)
    // = 0.0304510, half = 1.96·√(0.03·0.97/4000 + z²/(4·4000²)) ÷ (1 + z²/4000) = 0.0053032 → 2.5148 … 3.5754 %.
    expect(engagementRate([{ impressions: 1000, engagements: 50 }, { impressions: 3000, engagements: 70 }])).toEqual({
      value: 3, low: 2.5148, high: 3.5754, n: 4000, engagements: 120, reports: 2,
    });
    // Not the mean of the per-post rates (5 % and 2.33 % → 3.67 %).
    // More engagements than impressions (several per view): a rate, but no share, so no interval.
    expect(engagementRate([{ impressions: 10, engagements: 15 }])).toEqual({ value: 150, low: null, high: null, n: 10, engagements: 15, reports: 1 });
    expect(engagementRate([])).toEqual({ value: null, low: null, high: null, n: 0, engagements: 0, reports: 0 });
  });
});

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
let brand = '';
beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Social A');
  b = await buildWorkspace(t.rt.ctx, 'Social B');
  brand = (await call<{ id: string }>(t.app, 'POST', '/api/v1/customers', { key: a.keys.admin, body: { externalId: 'brand', name: 'Our brand' } })).body.id;
  const report = (occurredAt: string, channel: string, impressions: number, engagements: number) =>
    ({ type: 'social_metrics', customer: { externalId: 'brand' }, occurredAt, channel, properties: { impressions, engagements } });
  const r = await call(t.app, 'POST', '/api/v1/events', { key: a.keys.admin, body: { events: [
    report('2026-03-02T10:00:00Z', 'instagram', 1000, 50),
    report('2026-03-03T10:00:00Z', 'linkedin', 500, 40),
    report('2026-03-10T10:00:00Z', 'instagram', 3000, 70),
    report('2026-04-02T10:00:00Z', 'instagram', 9000, 9), // after the period
  ] } });
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
});
afterAll(async () => t?.close());

interface Answer { value: number | null; n: number; engagements: number; low: number | null; groups?: { key: string; value: number; n: number }[]; series?: { period: string; value: number | null; n: number }[] }

describe('GET /metrics/social-engagement', () => {
  it('sums the reports of the period, per network and per week; reports are not customer activity', async () => {
    const r = await call<Answer>(t.app, 'GET', '/api/v1/metrics/social-engagement?from=2026-03-01&to=2026-03-31&interval=week&groupBy=network', { key: a.keys.viewer });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // 160 of 4,500 = 3.5556 %; Wilson 3.0529 … 4.1374 %.
    expect(r.body).toMatchObject({ value: 3.5556, n: 4500, engagements: 160, low: 3.0529, high: 4.1374 });
    expect(r.body.groups!.map((g) => [g.key, g.value, g.n])).toEqual([['instagram', 3, 4000], ['linkedin', 8, 500]]);
    // Weeks from Monday 23 Feb: the week of 2 March holds 90 of 1,500 = 6 %, that of 9 March 70 of 3,000.
    expect(r.body.series!.filter((p) => p.n > 0).map((p) => [p.period, p.value])).toEqual([['2026-03-02', 6], ['2026-03-09', 2.3333]]);
    expect(r.body.series![0]).toMatchObject({ period: '2026-02-23', value: null, n: 0 });
    const only = await call<Answer>(t.app, 'GET', '/api/v1/metrics/social-engagement?from=2026-03-01&to=2026-03-31&network=linkedin', { key: a.keys.viewer });
    expect(only.body).toMatchObject({ value: 8, n: 500 });
    // Counted as events of the profile, but not as something the customer did. Traits follow ingest
    // asynchronously (the trait refresher), so wait for them before reading the profile.
    await waitForTraits(t.rt.ctx, a.workspaceId);
    const profile = await call<{ traits: { lastActivityAt: string | null; eventCount: number } }>(t.app, 'GET', `/api/v1/customers/${brand}`, { key: a.keys.viewer });
    expect(profile.body.traits).toMatchObject({ eventCount: 4, lastActivityAt: null });
  });

  it('keeps workspaces apart and refuses bad input', async () => {
    expect((await call<Answer>(t.app, 'GET', '/api/v1/metrics/social-engagement', { key: b.keys.viewer })).body).toMatchObject({ value: null, n: 0 });
    for (const q of ['groupBy=team', 'from=2026-03-10&to=2026-03-01', 'interval=hour', 'from=yesterday']) {
      const r = await call(t.app, 'GET', `/api/v1/metrics/social-engagement?${q}`, { key: a.keys.viewer });
      expect(r.status, q).toBeGreaterThanOrEqual(400);
      expect(r.status, q).toBeLessThan(500);
      expect(r.contentType).toContain('application/problem+json');
    }
    // A report without its numbers is refused at ingestion.
    const bad = await call(t.app, 'POST', '/api/v1/events', { key: a.keys.admin, body: { type: 'social_metrics', customer: { externalId: 'brand' }, properties: { impressions: 10 } } });
    expect(bad.status).toBe(422);
  });
});
