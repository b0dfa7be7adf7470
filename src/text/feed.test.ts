import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../test/factories.js';
import { NPS_SURVEY } from '../surveys/test-kit.js';
import { sweepUnsynced } from '../surveys/customer-sync.js';
import { registerResponseListener } from '../surveys/response-listeners.js';
import { analyzeSurveyResponse } from './feed.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

interface Stored { text: string; sentiment: string; themes: string[]; keyPhrases: string[]; rating: { scale: string; value: number } | null; customerId: string | null; touchpoint: string | null; channel: string | null; team: string | null; language: string }
interface Run { id: string; kind: string; status: string; processed: number; counts: Record<string, number> }

beforeAll(async () => {
  t = await createTestApp({ work: true });
  a = await buildWorkspace(t.rt.ctx, 'Feed A');
  b = await buildWorkspace(t.rt.ctx, 'Feed B');
});
afterAll(async () => {
  registerResponseListener('text-analytics', analyzeSurveyResponse);
  await t?.close();
});

async function published(ws: TestWorkspace): Promise<{ id: string }> {
  const c = await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys', { key: ws.keys.admin, body: { ...NPS_SURVEY, team: 'Support DK' } });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  await call(t.app, 'POST', `/api/v1/surveys/${c.body.id}/publish`, { key: ws.keys.admin });
  return c.body;
}
const answer = (s: { id: string }, body: object) => call<{ id: string }>(t.app, 'POST', `/api/v1/public/surveys/${s.id}/responses`, { body });
const stored = (ws: TestWorkspace, source: string, id: string) => call<Stored>(t.app, 'GET', `/api/v1/text/analyses/${source}/${id}`, { key: ws.keys.viewer });

async function waitFor<T>(get: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  let v = await get();
  while (!ok(v) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 150));
    v = await get();
  }
  return v;
}

describe('survey comments feed text analytics', () => {
  it('analyses a synced response comment with its score, touchpoint, channel, team, language and customer', async () => {
    const s = await published(a);
    const r = await answer(s, { answers: { q1: 2, q2: 'Leveringen var alt for sen og pakken var ødelagt' }, language: 'da', finished: true, customer: { email: 'kim@example.com' } });
    expect(r.status).toBe(201);
    await sweepUnsynced(t.rt.ctx);
    const got = await waitFor(() => stored(a, 'survey_response', `${r.body.id}:q2`), (x) => x.status === 200);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ language: 'da', sentiment: 'negative', rating: { scale: 'nps', value: 2 }, touchpoint: 'post-purchase', channel: 'email', team: 'Support DK' });
    expect(got.body.customerId).toMatch(/^[0-9a-f-]{36}$/);
    expect(got.body.themes).toContain('delivery');
    expect(got.body.keyPhrases).toEqual(expect.arrayContaining(['delivery', 'broken product']));
    // The other workspace cannot see it.
    expect((await stored(b, 'survey_response', `${r.body.id}:q2`)).status).toBe(404);
  });

  it('backfills existing comments (surveys and customer events) with progress, idempotently', async () => {
    registerResponseListener('text-analytics', undefined);
    const s = await published(b);
    const r1 = await answer(s, { answers: { q1: 10, q2: 'Fantastic service, fast delivery' }, language: 'en', finished: true, customer: { email: 'ann@example.com' } });
    const r2 = await answer(s, { answers: { q1: 9 }, language: 'en', finished: true, customer: { email: 'bo@example.com' } });
    await sweepUnsynced(t.rt.ctx);
    const ev = await call<{ results: { status: string }[] }>(t.app, 'POST', '/api/v1/events', {
      key: b.keys.admin,
      body: { events: [{ id: 'review-1', type: 'review', customer: { email: 'ann@example.com' }, properties: { comment: 'Terrible app, it crashes at checkout', metric: 'csat', score: 1 } }] },
    });
    expect(ev.status, JSON.stringify(ev.body)).toBeLessThan(300);
    expect((await stored(b, 'survey_response', `${r1.body.id}:q2`)).status).toBe(404);
    registerResponseListener('text-analytics', analyzeSurveyResponse);

    const run = async () => {
      const started = await call<Run>(t.app, 'POST', '/api/v1/text/backfill', { key: b.keys.analyst });
      expect(started.status).toBe(202);
      expect(started.body).toMatchObject({ kind: 'backfill' });
      return waitFor(() => call<Run>(t.app, 'GET', `/api/v1/text/runs/${started.body.id}`, { key: b.keys.viewer }), (x) => x.body.status === 'completed');
    };
    const done = await run();
    expect(done.body).toMatchObject({ status: 'completed', processed: 2, counts: { survey_response: 1, customer_event: 1 } });
    expect((await stored(b, 'survey_response', `${r1.body.id}:q2`)).body).toMatchObject({ sentiment: 'positive', rating: { scale: 'nps', value: 10 } });
    expect((await stored(b, 'survey_response', `${r2.body.id}:q2`)).status).toBe(404);
    const list = await call<{ data: { id: string }[] }>(t.app, 'GET', '/api/v1/text/runs', { key: b.keys.viewer });
    expect(list.body.data.map((x) => x.id)).toContain(done.body.id);
    // Again: same texts, nothing stored twice.
    expect((await run()).body).toMatchObject({ status: 'completed', processed: 2 });

    expect((await call(t.app, 'POST', '/api/v1/text/backfill', { key: b.keys.agent })).status).toBe(403);
    await expectIsolated(t.app, a.keys.admin, [{ method: 'GET', url: `/api/v1/text/runs/${done.body.id}` }]);
    const bad = await call(t.app, 'GET', '/api/v1/text/runs/not-a-uuid', { key: b.keys.viewer });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect(bad.contentType).toContain('application/problem+json');
  });
});
