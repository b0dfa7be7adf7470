import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../test/factories.js';
import { NPS_SURVEY, BRANCHING_SURVEY } from './test-kit.js';
import { invitationResolver, registerInvitationResolver } from './invitation-tokens.js';
import { sweepUnsynced } from './customer-sync.js';
import { findResponseById } from './surveys.queries.js';

// The process-wide resolver (src/modules.ts): a test that swaps it puts it back, for the test files
// that run after this one in the same worker (vitest runs them without isolation).
const realResolver = invitationResolver();

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Surveyor');
  b = await buildWorkspace(t.rt.ctx, 'Other');
});
afterAll(async () => {
  registerInvitationResolver(realResolver);
  await t?.close();
});

type Ack = { id: string; status: string; secret: string; ending: { id: string; title: string } | null };
type Summary = { responseCount: { total: number; finished: number; partial: number }; completionRate: number; questions: Record<string, unknown>[] };

async function published(body: object = NPS_SURVEY): Promise<{ id: string; slug: string }> {
  const c = await call<{ id: string; slug: string }>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.admin, body });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  await call(t.app, 'POST', `/api/v1/surveys/${c.body.id}/publish`, { key: a.keys.admin });
  return c.body;
}
const answer = (s: { id: string }, body: object, headers?: Record<string, string>) =>
  call<Ack>(t.app, 'POST', `/api/v1/public/surveys/${s.id}/responses`, { body, headers });
const summary = async (s: { id: string }, query = '') => (await call<Summary>(t.app, 'GET', `/api/v1/surveys/${s.id}/summary${query}`, { key: a.keys.viewer })).body;

describe('public responses', () => {
  it('follows the pinned flow: idempotent retries stored once, NPS 11 refused naming q1, NPS computed', async () => {
    const s = await published();
    for (const [score, key] of [[10, 'a'], [10, 'a'], [3, 'b'], [8, 'c']] as const) {
      const r = await answer(s, { answers: { q1: score, q2: 'ok' }, language: 'da', finished: true }, { 'idempotency-key': `k-${key}` });
      expect(r.status).toBe(201);
    }
    const bad = await call<{ detail: string; errors: { path: string }[] }>(t.app, 'POST', `/api/v1/public/surveys/${s.id}/responses`, { body: { answers: { q1: 11 }, finished: true } });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toContain('q1');
    expect(bad.body.errors[0].path).toBe('body.answers.q1');
    const sum = await summary(s);
    expect(sum.responseCount).toEqual({ total: 3, finished: 3, partial: 0 });
    // 10, 3, 8: one promoter, one detractor, one passive → NPS 0.
    expect(sum.questions[0]).toMatchObject({ id: 'q1', nps: 0, promoters: 1, passives: 1, detractors: 1, answered: 3 });
  });

  it('counts per question how many reached it, answered it and stopped after it (the funnel)', async () => {
    const s = await published();
    for (const score of [9, 4]) expect((await answer(s, { answers: { q1: score, q2: 'fine' }, finished: true })).status).toBe(201);
    expect((await answer(s, { answers: { q1: 6 }, finished: false })).status).toBe(201);
    const sum = await summary(s);
    expect(sum.responseCount).toEqual({ total: 3, finished: 2, partial: 1 });
    // q1: all 3 got there and answered, the partial one stopped after it; q2: the 2 finished ones.
    expect(sum.questions.map((q) => [q.id, q.reached, q.answered, q.dropOffs])).toEqual([['q1', 3, 3, 1], ['q2', 2, 2, 0]]);
    // Filters narrow the funnel too: only detractors (q1 ≤ 6).
    const detractors = await summary(s, '?question=q1&scoreMax=6');
    expect(detractors.questions.map((q) => [q.reached, q.dropOffs])).toEqual([[2, 1], [1, 0]]);
  });

  it('replays the first reply for a retry and refuses the same key with another body', async () => {
    const s = await published();
    const first = await answer(s, { answers: { q1: 9 } }, { 'idempotency-key': 'same' });
    const again = await answer(s, { answers: { q1: 9 } }, { 'idempotency-key': 'same' });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect((await answer(s, { answers: { q1: 2 } }, { 'idempotency-key': 'same' })).status).toBe(422);
    // Concurrent retries under one key store one response.
    const burst = await Promise.all(Array.from({ length: 5 }, () => answer(s, { answers: { q1: 7 } }, { 'idempotency-key': 'burst' })));
    expect(new Set(burst.map((r) => r.body.id)).size).toBe(1);
    expect((await summary(s)).responseCount.total).toBe(2);
  });

  it('validates every question type', async () => {
    const s = await published(BRANCHING_SURVEY);
    const cases: [Record<string, unknown>, boolean][] = [
      [{ nps: 0 }, true], [{ nps: 10 }, true], [{ nps: -1 }, false], [{ nps: 7.5 }, false], [{ nps: '9' }, false],
      [{ nps: 5, csat: 5 }, true], [{ nps: 5, csat: 6 }, false], [{ nps: 5, csat: 0 }, false],
      [{ nps: 5, ces: 7 }, true], [{ nps: 5, ces: 8 }, false],
      [{ nps: 5, stars: 3 }, true], [{ nps: 5, stars: 11 }, false],
      [{ nps: 5, reason: 'price' }, true], [{ nps: 5, reason: 'nope' }, false], [{ nps: 5, reason: { other: 'Moved abroad' } }, true], [{ nps: 5, reason: { other: '' } }, false],
      [{ nps: 5, features: ['api', 'reports'] }, true], [{ nps: 5, features: ['api', 'api'] }, false], [{ nps: 5, features: 'api' }, false], [{ nps: 5, features: ['api', 'reports', 'sso'] }, false],
      [{ nps: 5, contact: { email: 'x@example.com', name: 'X' } }, true], [{ nps: 5, contact: { email: 'nope' } }, false], [{ nps: 5, contact: { age: '3' } }, false],
      [{ nps: 5, unknown: 1 }, false],
    ];
    for (const [answers, ok] of cases) {
      const r = await answer(s, { answers, finished: false });
      expect(r.status, `${JSON.stringify(answers)} → ${r.status}`).toBe(ok ? 201 : 422);
    }
  });

  it('follows the branching: the follow-up only after 0–6, a jump to the end after 9–10, required only on the path', async () => {
    const s = await published(BRANCHING_SURVEY);
    // "improve" is shown only to detractors.
    expect((await answer(s, { answers: { nps: 9, improve: 'x' }, finished: false })).status).toBe(422);
    expect((await answer(s, { answers: { nps: 4, improve: 'Faster delivery' }, finished: false })).status).toBe(201);
    // Promoters jump to the end: nothing after nps may be answered, and the required csat is not asked.
    expect((await answer(s, { answers: { nps: 10, csat: 5 } })).status).toBe(422);
    const promoter = await answer(s, { answers: { nps: 10 } });
    expect(promoter.status).toBe(201);
    expect(promoter.body.ending?.id).toBe('promoters');
    // Others must answer the required csat to finish.
    expect((await answer(s, { answers: { nps: 7 }, finished: true })).status).toBe(422);
    const passive = await answer(s, { answers: { nps: 7, csat: 4 }, finished: true });
    expect(passive.status).toBe(201);
    expect(passive.body.ending?.id).toBe('default');
  });

  it('saves a partial response and lets only the secret holder add to it', async () => {
    const s = await published();
    const first = await answer(s, { answers: { q1: 6 }, finished: false });
    expect(first.body.status).toBe('partial');
    const url = `/api/v1/public/surveys/${s.id}/responses/${first.body.id}`;
    expect((await call(t.app, 'PATCH', url, { body: { secret: 'x'.repeat(32), answers: { q2: 'hack' } } })).status).toBe(404);
    const more = await call<Ack>(t.app, 'PATCH', url, { body: { secret: first.body.secret, answers: { q2: 'Slow' }, finished: true } });
    expect(more.status).toBe(200);
    expect(more.body.status).toBe('finished');
    expect((await call(t.app, 'PATCH', url, { body: { secret: first.body.secret, answers: { q2: 'again' } } })).status).toBe(409);
    const list = await call<{ data: { id: string; answers: Record<string, unknown> }[] }>(t.app, 'GET', `/api/v1/surveys/${s.id}/responses`, { key: a.keys.viewer });
    expect(list.body.data[0].answers).toEqual({ q1: 6, q2: 'Slow' });
  });

  it('applies spam guards and the one-per-device limit', async () => {
    const s = await published({ ...NPS_SURVEY, settings: { anonymous: { onePerDevice: true } } });
    expect((await answer(s, { answers: { q1: 9 }, website: 'http://spam' })).status).toBe(422);
    expect((await answer(s, { answers: { q1: 9 }, elapsedSeconds: 0.3 })).status).toBe(422);
    expect((await answer(s, { answers: { q1: 9 }, elapsedSeconds: 12, deviceKey: 'device-123456' })).status).toBe(201);
    expect((await answer(s, { answers: { q1: 3 }, deviceKey: 'device-123456' })).status).toBe(409);
  });

  it('closes at maxResponses', async () => {
    const s = await published({ ...NPS_SURVEY, settings: { closing: { maxResponses: 1 } } });
    expect((await answer(s, { answers: { q1: 9 } })).status).toBe(201);
    expect((await answer(s, { answers: { q1: 9 } })).status).toBe(410);
  });

  it('treats an invitation token as single use through the resolver seam', async () => {
    const s = await published();
    registerInvitationResolver({
      resolve: async (_tx, token) => (token === 'tok-valid-123' ? { workspaceId: a.workspaceId, surveyId: s.id, invitationId: 'inv-1', email: 'invitee@example.com' } : undefined),
    });
    const r1 = await answer(s, { answers: { q1: 3 }, token: 'tok-valid-123' });
    const r2 = await answer(s, { answers: { q1: 9 }, token: 'tok-valid-123' });
    expect(r1.status).toBe(201);
    expect(r2.status).toBe(200);
    expect(r2.body.id).toBe(r1.body.id);
    expect((await answer(s, { answers: { q1: 9 }, token: 'tok-unknown-1' })).status).toBe(422);
    expect((await summary(s)).questions[0]).toMatchObject({ promoters: 1, detractors: 0 });
    registerInvitationResolver(realResolver);
  });

  it('puts identified answers on the customer timeline and traits', async () => {
    const s = await published();
    await answer(s, { answers: { q1: 2, q2: 'Too slow' }, customer: { email: 'Lise@Example.com' } });
    await sweepUnsynced(t.rt.ctx);
    const later = await answer(s, { answers: { q1: 10 }, customer: { email: 'lise@example.com' } });
    expect(later.status).toBe(201);
    let customer: { id: string; traits: { npsScore: number | null } } | undefined;
    for (let i = 0; i < 50 && customer?.traits.npsScore !== 10; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const found = await call<{ data: { id: string; traits: { npsScore: number | null } }[] }>(t.app, 'GET', '/api/v1/customers?email=lise@example.com', { key: a.keys.admin });
      customer = found.body.data[0];
    }
    expect(customer?.traits.npsScore).toBe(10);
    const tl = await call<{ data: { type: string; properties: Record<string, unknown> }[] }>(t.app, 'GET', `/api/v1/customers/${customer!.id}/timeline`, { key: a.keys.admin });
    const answers = tl.body.data.filter((e) => e.type === 'survey_response');
    expect(answers.map((e) => e.properties.score).sort()).toEqual([10, 2]);
    expect(answers.find((e) => e.properties.score === 2)?.properties).toMatchObject({ metric: 'nps', comment: 'Too slow', surveyId: s.id, touchpoint: 'post-purchase', channel: 'email' });
    // The immediate path marks the response synced (PostgreSQL's microseconds once defeated the check), so the
    // sweep does not hand it to the customer profile and the listeners again every minute.
    let synced: unknown = null;
    for (let i = 0; i < 50 && !synced; i++) {
      synced = (await findResponseById(t.rt.ctx.db, a.workspaceId, later.body.id))?.syncedAt ?? null;
      if (!synced) await new Promise((r) => setTimeout(r, 100));
    }
    expect(synced).toBeInstanceOf(Date);
  });

  it('lists with filters and exports CSV', async () => {
    const s = await published();
    await answer(s, { answers: { q1: 2, q2: '=cmd() slow' }, language: 'da' });
    await answer(s, { answers: { q1: 9, q2: 'Great' }, language: 'en' });
    const list = (q: string) => call<{ data: { answers: { q1: number } }[]; nextCursor: string | null }>(t.app, 'GET', `/api/v1/surveys/${s.id}/responses${q}`, { key: a.keys.viewer });
    expect((await list('?question=q1&scoreMax=6')).body.data.map((r) => r.answers.q1)).toEqual([2]);
    expect((await list('?language=en')).body.data.map((r) => r.answers.q1)).toEqual([9]);
    expect((await list('?q=GREAT')).body.data.map((r) => r.answers.q1)).toEqual([9]);
    const p1 = await list('?limit=1');
    const p2 = await list(`?limit=1&cursor=${p1.body.nextCursor}`);
    expect([p1.body.data[0].answers.q1, p2.body.data[0].answers.q1]).toEqual([9, 2]);
    const csv = await t.app.inject({ method: 'GET', url: `/api/v1/surveys/${s.id}/responses.csv`, headers: { authorization: `Bearer ${a.keys.analyst}` } });
    expect(csv.statusCode).toBe(200);
    const rows = parse(csv.body) as string[][];
    expect(rows[0]).toContain('q1');
    expect(rows.slice(1).map((r) => r[rows[0].indexOf('q2')]).sort()).toEqual(["'=cmd() slow", 'Great']);
    expect((await call(t.app, 'GET', `/api/v1/surveys/${s.id}/responses.csv`, { key: a.keys.viewer })).status).toBe(403);
  });

  it('isolates results and answers bad input with 4xx', async () => {
    const s = await published();
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'GET', url: `/api/v1/surveys/${s.id}/summary` },
      { method: 'GET', url: `/api/v1/surveys/${s.id}/responses` },
      { method: 'GET', url: `/api/v1/surveys/${s.id}/responses.csv` },
    ]);
    for (const url of [`/api/v1/surveys/${s.id}/responses?cursor=zzz`, `/api/v1/surveys/${s.id}/summary?from=yesterday`, `/api/v1/surveys/${s.id}/responses.csv?scoreMin=x`]) {
      expect((await call(t.app, 'GET', url, { key: a.keys.admin })).status, url).toBe(400);
    }
    const draft = await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.admin, body: NPS_SURVEY });
    expect((await answer(draft.body, { answers: { q1: 9 } })).status).toBe(404);
    expect((await call(t.app, 'GET', `/api/v1/public/surveys/${draft.body.id}`)).status).toBe(404);
  });

  it('serves the public definition with CORS for any site', async () => {
    const s = await published();
    const r = await t.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${s.slug}?lang=da-DK`, headers: { origin: 'https://shop.example' } });
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect(r.json()).toMatchObject({ id: s.id, language: 'da', direction: 'ltr', isOpen: true });
    expect(r.json()).not.toHaveProperty('createdBy');
    const pre = await t.app.inject({ method: 'OPTIONS', url: `/api/v1/public/surveys/${s.id}/responses`, headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(pre.statusCode).toBe(204);
    expect(String(pre.headers['access-control-allow-headers'])).toContain('idempotency-key');
  });
});
