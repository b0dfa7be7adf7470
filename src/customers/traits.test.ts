import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
import type { IngestResult } from './customers.schemas.js';
import { ageLifecycleStages, recomputeWorkspaceTraits } from './customers.jobs.js';
import { conversionFactors, latestScore } from './traits.js';
import { waitForTraits } from './traits.service.js';

let t: TestApp;
let a: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Traits'); // base currency EUR
});
afterAll(async () => t?.close());

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

interface Traits {
  orderCount: number;
  totalSpend: number;
  baseCurrency: string;
  spendByCurrency: Record<string, number>;
  avgOrderValue: number;
  refundTotal: number;
  clv: number;
  firstPurchaseAt: string | null;
  lastPurchaseAt: string | null;
  daysSinceLastActivity: number | null;
  lifecycleStage: string;
  npsScore: number | null;
  npsCategory: string | null;
  csatScore: number | null;
  cesScore: number | null;
  supportCases: number;
  openSupportCases: number;
  eventCount: number;
}

async function ingest(events: object[]): Promise<string> {
  const r = await call<IngestResult>(t.app, 'POST', '/api/v1/events', { key: a.keys.agent, body: { events } });
  expect(r.body.rejected, JSON.stringify(r.body.results)).toBe(0);
  // Traits follow a 2xx within the staleness bound (traits-staleness.test.ts); here, exactly when.
  await waitForTraits(t.rt.ctx, a.workspaceId);
  return r.body.results[0].customerId!;
}
const traitsOf = async (id: string) => (await call<{ traits: Traits }>(t.app, 'GET', `/api/v1/customers/${id}`, { key: a.keys.viewer })).body.traits;

describe('computed traits', () => {
  it('builds the latest-score aggregate for the three survey metrics only', () => {
    expect(latestScore('nps')).toBeDefined();
    // @ts-expect-error — only 'nps' | 'csat' | 'ces' compile; JSON or a cast reaching here is refused at run time
    expect(() => latestScore("nps' or true --")).toThrow(TypeError);
  });

  it('converts minor units between currencies of different precision', () => {
    const f = conversionFactors('EUR', { DKK: 0.13 });
    expect(f.EUR).toBe(1);
    expect(f.DKK).toBeCloseTo(0.13, 10); // 1 øre = 0.13 cent
    expect(f.JPY).toBeCloseTo(0.61, 10); // 1 yen = 0.0061 € = 0.61 cent
    expect(conversionFactors('JPY', {}).EUR).toBeCloseTo(1 / 0.0061 / 100, 6);
  });

  it('computes spend in the base currency, AOV, CLV after a refund, survey scores and support cases by hand', async () => {
    const set = await call(t.app, 'PATCH', '/api/v1/customer-settings', { key: a.keys.admin, body: { currencyRates: { DKK: 0.13 } } });
    expect(set.status).toBe(200);
    const c = { email: 'traits@example.com' };
    const id = await ingest([
      { type: 'purchase', customer: c, occurredAt: ago(40), properties: { amount: 5000, currency: 'EUR' } },
      { type: 'purchase', customer: c, occurredAt: ago(30), properties: { amount: 10000, currency: 'DKK' } },
      { type: 'purchase', customer: c, occurredAt: ago(20), properties: { amount: 1000, currency: 'JPY' } },
      { type: 'refund', customer: c, occurredAt: ago(19), properties: { amount: 1000 } },
      { type: 'survey_response', customer: c, occurredAt: ago(10), properties: { metric: 'nps', score: 6 } },
      { type: 'survey_response', customer: c, occurredAt: ago(5), properties: { metric: 'nps', score: 9, comment: 'Fast delivery' } },
      { type: 'survey_response', customer: c, occurredAt: ago(8), properties: { metric: 'csat', score: 4 } },
      { type: 'survey_response', customer: c, occurredAt: ago(7), properties: { metric: 'ces', score: 2 } },
      { type: 'support_case_opened', customer: c, occurredAt: ago(15), properties: { caseId: 'k1' } },
      { type: 'support_case_opened', customer: c, occurredAt: ago(14), properties: { caseId: 'k2' } },
      { type: 'support_case_resolved', customer: c, occurredAt: ago(12), properties: { caseId: 'k1' } },
      { type: 'note', customer: c, properties: { text: 'VIP' } },
    ]);
    const tr = await traitsOf(id);
    // 5000 + 10000 øre × 0.13 + 1000 yen × 0.61 = 5000 + 1300 + 610
    expect(tr).toMatchObject({
      orderCount: 3,
      totalSpend: 6910,
      baseCurrency: 'EUR',
      spendByCurrency: { EUR: 5000, DKK: 10000, JPY: 1000 },
      avgOrderValue: 2303, // round(6910 / 3)
      refundTotal: 1000,
      clv: 5910,
      npsScore: 9,
      npsCategory: 'promoter',
      csatScore: 4,
      cesScore: 2,
      supportCases: 2,
      openSupportCases: 1,
      eventCount: 12,
      daysSinceLastActivity: 5, // the note is not customer activity
      lifecycleStage: 'active', // first seen 40 days ago, active 5 days ago
    });
    expect(Date.parse(tr.firstPurchaseAt!)).toBeCloseTo(Date.parse(ago(40)), -4);
    expect(Date.parse(tr.lastPurchaseAt!)).toBeCloseTo(Date.parse(ago(20)), -4);
  });

  it('classifies NPS answers: 0–6 detractor, 7–8 passive, 9–10 promoter', async () => {
    for (const [score, category] of [[0, 'detractor'], [6, 'detractor'], [7, 'passive'], [8, 'passive'], [10, 'promoter']] as const) {
      const id = await ingest([{ type: 'survey_response', customer: { externalId: `nps-${score}` }, properties: { metric: 'nps', score } }]);
      expect((await traitsOf(id)).npsCategory).toBe(category);
    }
  });

  it('derives lifecycle stages from activity dates and the workspace thresholds', async () => {
    const stage = async (name: string, daysAgo: number[]) => {
      const id = await ingest(daysAgo.map((d) => ({ type: 'page_view', customer: { externalId: `life-${name}` }, occurredAt: ago(d) })));
      return { id, traits: await traitsOf(id) };
    };
    const fresh = await stage('new', [3]);
    const active = await stage('active', [100, 10]);
    const atRisk = await stage('at-risk', [120]);
    const churned = await stage('churned', [200]);
    const back = await stage('reactivated', [400, 5]);
    expect(fresh.traits.lifecycleStage).toBe('new');
    expect(active.traits.lifecycleStage).toBe('active');
    expect(atRisk.traits).toMatchObject({ lifecycleStage: 'at_risk', daysSinceLastActivity: 120 });
    expect(churned.traits.lifecycleStage).toBe('churned');
    expect(back.traits.lifecycleStage).toBe('reactivated');

    const set = await call(t.app, 'PATCH', '/api/v1/customer-settings', { key: a.keys.admin, body: { atRiskAfterDays: 150 } });
    expect(set.status).toBe(200);
    expect(await ageLifecycleStages(t.rt.ctx)).toBeGreaterThanOrEqual(1);
    expect((await traitsOf(atRisk.id)).lifecycleStage).toBe('active');
    expect((await traitsOf(churned.id)).lifecycleStage).toBe('churned');
  });

  it('recomputes spend when the workspace changes a rate (background job)', async () => {
    const id = await ingest([{ type: 'purchase', customer: { externalId: 'rate-change' }, properties: { amount: 10000, currency: 'DKK' } }]);
    expect((await traitsOf(id)).totalSpend).toBe(1300);
    await call(t.app, 'PATCH', '/api/v1/customer-settings', { key: a.keys.admin, body: { currencyRates: { DKK: 0.1 } } });
    expect((await traitsOf(id)).totalSpend).toBe(1300);
    await recomputeWorkspaceTraits(t.rt.ctx, a.workspaceId);
    expect((await traitsOf(id)).totalSpend).toBe(1000);
  });
});
