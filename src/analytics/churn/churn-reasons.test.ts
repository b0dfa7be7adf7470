import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../../test/factories.js';
import { insertCustomer, insertEvents } from '../../../test/customer-rows.js';
import { insertResponses } from '../../../test/response-rows.js';
import { countReasons, reasonKey } from './churn-reasons.js';

describe('churn reason counting (hand-computed)', () => {
  it('counts each respondent once per reason, shares of respondents with Wilson intervals', () => {
    expect(reasonKey('  Too   EXPENSIVE ')).toBe('too expensive');
    // Two respondents; a multiple-choice answer counts under each option: a 2 of 2, b 1 of 2.
    // Wilson 2 of 2: (1 + z²/4) ÷ (1 + z²/2) = 0.671186 ± 0.328814 → 34.24 … 100; 1 of 2: 9.45 … 90.55.
    const a = { key: 'a', label: 'A' };
    const b = { key: 'b', label: 'B' };
    expect(countReasons([[a, b, a], [a]])).toEqual([
      { key: 'a', label: 'A', customers: 2, share: 100, low: 34.24, high: 100 },
      { key: 'b', label: 'B', customers: 1, share: 50, low: 9.45, high: 90.55 },
    ]);
    expect(countReasons([])).toEqual([]);
  });
});

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
let survey = '';
const d = (s: string) => new Date(`${s}T12:00:00Z`);
const range = 'from=2026-01-01&to=2026-03-01';

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Churn reasons A');
  b = await buildWorkspace(t.rt.ctx, 'Churn reasons B');
  const db = t.rt.ctx.db;
  const ws = a.workspaceId;
  const active = { firstSeenAt: d('2025-06-01'), lastActivityAt: d('2026-11-01') };
  const cancelled = async (on: string, reason?: string) => {
    const id = await insertCustomer(db, ws, active);
    await insertEvents(db, ws, id, [{ type: 'subscription_cancelled', occurredAt: d(on), properties: reason ? { reason } : {} }]);
    return id;
  };
  // Lost in January–February: three say "too expensive" (spelt three ways), one "moved abroad", one left silently.
  const c1 = await cancelled('2026-01-15', 'Too expensive');
  const c2 = await cancelled('2026-02-10', 'too  expensive ');
  await cancelled('2026-02-20', 'TOO EXPENSIVE');
  await cancelled('2026-01-20', 'Moved abroad');
  const silent = await insertCustomer(db, ws, { firstSeenAt: d('2025-06-01'), lastActivityAt: d('2025-07-15') }); // inactive: lost 2026-01-11
  // Not lost in the period: cancelled in April; cancelled and started again.
  const later = await cancelled('2026-04-01', 'Bad service');
  const back = await cancelled('2026-01-05', 'Bad service');
  await insertEvents(db, ws, back, [{ type: 'subscription_started', occurredAt: d('2026-01-25') }]);

  const created = await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.admin, body: {
    name: 'Exit survey', touchpoint: 'cancellation', channel: 'email', languages: ['en'],
    questions: [{ id: 'why', type: 'single_choice', text: { en: 'Why are you leaving?' }, options: [{ id: 'price', label: { en: 'Price' } }, { id: 'service', label: { en: 'Service' } }] }],
  } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  survey = created.body.id;
  // c1 changed their mind (the newest answer counts); the customer lost in April is not counted.
  await insertResponses(db, ws, survey, [
    { answers: { why: 'service' }, createdAt: d('2026-01-10'), customerId: c1 },
    { answers: { why: 'price' }, createdAt: d('2026-01-16'), customerId: c1 },
    { answers: { why: 'price' }, createdAt: d('2026-02-11'), customerId: c2 },
    { answers: { why: 'service' }, createdAt: d('2026-01-12'), customerId: silent },
    { answers: { why: 'price' }, createdAt: d('2026-04-02'), customerId: later },
  ]);
});
afterAll(async () => t?.close());

describe('GET /metrics/churn-reasons', () => {
  it('counts the cancellation reasons and exit-survey answers of the customers lost in the period', async () => {
    const r = await call<Record<string, unknown>>(t.app, 'GET', `/api/v1/metrics/churn-reasons?${range}&surveyId=${survey}&questionId=why`, { key: a.keys.viewer });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ metric: 'churn-reasons', lost: 5, smallSample: true });
    // 3 of 4 reasons given (Wilson 30.06 … 95.44), 1 of 4 (4.56 … 69.94); the silent customer gave none.
    expect(r.body.cancellations).toEqual({
      withReason: 4,
      reasons: [
        { key: 'too expensive', label: 'Too expensive', customers: 3, share: 75, low: 30.06, high: 95.44 },
        { key: 'moved abroad', label: 'Moved abroad', customers: 1, share: 25, low: 4.56, high: 69.94 },
      ],
    });
    // Price 2 of 3 (20.77 … 93.85), service 1 of 3 (6.15 … 79.23).
    expect(r.body.exitSurvey).toEqual({
      surveyId: survey, questionId: 'why', answered: 3,
      answers: [
        { key: 'price', label: 'Price', customers: 2, share: 66.67, low: 20.77, high: 93.85 },
        { key: 'service', label: 'Service', customers: 1, share: 33.33, low: 6.15, high: 79.23 },
      ],
    });
  });

  it('keeps workspaces apart and refuses bad input', async () => {
    const other = await call<{ lost: number; cancellations: { withReason: number } }>(t.app, 'GET', `/api/v1/metrics/churn-reasons?${range}`, { key: b.keys.viewer });
    expect(other.body).toMatchObject({ lost: 0, cancellations: { withReason: 0, reasons: [] }, exitSurvey: null });
    await expectIsolated(t.app, b.keys.admin, [{ method: 'GET', url: `/api/v1/metrics/churn-reasons?${range}&surveyId=${survey}&questionId=why` }]);
    for (const [q, status] of [[`surveyId=${survey}`, 400], ['from=2026-03-01&to=2026-01-01', 400], ['from=yesterday', 400], [`surveyId=${survey}&questionId=nope`, 422]] as const) {
      const r = await call(t.app, 'GET', `/api/v1/metrics/churn-reasons?${q}`, { key: a.keys.viewer });
      expect(r.status, q).toBe(status);
      expect(r.contentType).toContain('application/problem+json');
    }
  });
});
