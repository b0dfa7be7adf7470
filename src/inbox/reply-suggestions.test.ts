import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../test/factories.js';
import { dataset } from '../../test/helpers/datasets.js';
import { cliActor } from '../cli/options.js';
import { termsOf } from '../text/terms.service.js';
import { requireInbox } from './inboxes.service.js';
import { importConversationFile } from './import-file.js';
import { rankBySimilarity } from './reply-suggestions.js';

interface Suggestion { conversationId: string; messageId: string; subject: string; text: string; score: number }

describe('similarity (hand-computed)', () => {
  it('weighs shared rare words by TF-IDF and ranks by cosine', () => {
    // N = 3; df: refund 1, order 2, late 2 → idf 1 + ln(4/2) = 1.693147, 1 + ln(4/3) = 1.287682.
    // cos(q, D1) = (1.693² + 1.288²) / (√(1.693² + 1.288²) · √(1.693² + 2·1.288²)) = 0.855468;
    // cos(q, D3) = 1.288² / (√(1.693² + 1.288²) · √(2·1.288²)) = 0.428046; D2 shares nothing.
    const ranked = rankBySimilarity(['refund', 'order'], [
      { key: 'D1', terms: ['refund', 'order', 'late'] },
      { key: 'D2', terms: ['password', 'reset'] },
      { key: 'D3', terms: ['order', 'late'] },
    ]);
    expect(ranked.map((r) => r.key)).toEqual(['D1', 'D3']);
    expect(ranked[0].score).toBeCloseTo(0.855468, 6);
    expect(ranked[1].score).toBeCloseTo(0.428046, 6);
    expect(rankBySimilarity([], [{ key: 'x', terms: ['a'] }])).toEqual([]);
  });

  it('compares content words: stop-words, emoji and numbers out, accents and English plurals folded', () => {
    expect(termsOf('Hi, I want my refunds for the 2 orders 😡', 'en')).toEqual(['want', 'refund', 'order']);
    expect(termsOf('Min pakke er ikke kommet til Århus', 'da')).toEqual(['pakke', 'kommet', 'arhus']);
  });
});

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Suggestions A');
  b = await buildWorkspace(t.rt.ctx, 'Suggestions B');
});
afterAll(async () => t?.close());

const inbox = async (ws: TestWorkspace, type = 'api') => (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: ws.keys.admin, body: { type, name: 'Support' } })).body.id;
const suggestions = (id: string, key = a.keys.agent) => call<{ data: Suggestion[] }>(t.app, 'GET', `/api/v1/conversations/${id}/reply-suggestions`, { key });

/** A conversation: the customer writes, an agent answers (and maybe notes), and it is resolved or not. */
async function exchange(ws: TestWorkspace, inboxId: string, n: number, question: string, answer: string, opts: { resolve?: boolean; note?: string; subject?: string } = {}) {
  const posted = await call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: ws.keys.agent, body: { inboxId, subject: opts.subject, text: question, customer: { email: `c${n}@example.com` } } });
  expect(posted.status).toBe(201);
  const id = posted.body.conversationId;
  if (opts.note) await call(t.app, 'POST', `/api/v1/conversations/${id}/messages`, { key: ws.keys.agent, body: { text: opts.note, internal: true } });
  expect((await call(t.app, 'POST', `/api/v1/conversations/${id}/messages`, { key: ws.keys.agent, body: { text: answer } })).status).toBe(201);
  if (opts.resolve !== false) expect((await call(t.app, 'PATCH', `/api/v1/conversations/${id}`, { key: ws.keys.agent, body: { status: 'resolved' } })).status).toBe(200);
  return id;
}

describe('GET /conversations/{id}/reply-suggestions', () => {
  it('suggests the replies of the most similar resolved conversations, best first, never notes, open ones or another workspace\'s', async () => {
    const inboxId = await inbox(a);
    const PASSWORD = 'Click "Forgot password" on the sign-in page; the reset link is valid for an hour.';
    await exchange(a, inboxId, 1, 'I forgot my password and cannot log in to my account', PASSWORD, { subject: 'Password', note: 'Secret internal password hint' });
    await exchange(a, inboxId, 2, 'Where is my parcel? The delivery is three days late.', 'Sorry for the wait: the carrier has it, here is the tracking link.', { subject: 'Late delivery' });
    await exchange(a, inboxId, 3, 'I would like a refund for the broken blender I returned', 'Your refund is on its way; allow 5 working days.', { subject: 'Refund' });
    await exchange(a, inboxId, 4, 'Can you send me a copy of my invoice for October?', 'The invoice is attached.', { subject: 'Invoice' });
    // Same words, but still open: its answer is not settled, so it is not suggested.
    await exchange(a, inboxId, 5, 'Password reset link does not arrive', 'Unsettled answer about password reset', { resolve: false });
    // Another workspace's identical question must never leak its answer.
    await exchange(b, await inbox(b), 6, 'I forgot my password and cannot log in to my account', 'Workspace B secret answer');

    const asked = await call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: a.keys.agent, body: { inboxId, subject: 'Login problem', text: 'Hi, I forgot the password to my account and now I cannot log in. Can you reset it?', customer: { email: 'new@example.com' } } });
    const r = await suggestions(asked.body.conversationId);
    expect(r.status).toBe(200);
    expect(r.body.data.length).toBeGreaterThanOrEqual(1);
    expect(r.body.data.length).toBeLessThanOrEqual(3);
    expect(r.body.data[0].text).toBe(PASSWORD);
    expect(r.body.data[0].subject).toBe('Password');
    const texts = r.body.data.map((s) => s.text).join('\n');
    expect(texts).not.toMatch(/Secret internal|Unsettled|Workspace B/);
    for (let i = 1; i < r.body.data.length; i++) expect(r.body.data[i].score).toBeLessThanOrEqual(r.body.data[i - 1].score);
    expect(r.body.data.every((s) => s.score >= 0.1 && s.score <= 1)).toBe(true);

    // A question about something nobody asked before gets no suggestion rather than a wrong one.
    const novel = await call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: a.keys.agent, body: { inboxId, text: 'Do you sponsor marathon runners?', customer: { email: 'runner@example.com' } } });
    expect((await suggestions(novel.body.conversationId)).body.data).toEqual([]);
  });

  it('is for people who reply, checks its input and keeps workspaces apart', async () => {
    const id = await exchange(a, await inbox(a), 7, 'Question', 'Answer', { resolve: false });
    expect((await suggestions(id, a.keys.viewer)).status).toBe(403);
    const bad = await suggestions('not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('application/problem+json');
    expect((await suggestions('00000000-0000-7000-8000-000000000000')).status).toBe(404);
    await expectIsolated(t.app, b.keys.agent, [{ method: 'GET', url: `/api/v1/conversations/${id}/reply-suggestions` }]);
  });
});

const twcs = dataset('twcs_sample.csv');
describe.skipIf(!twcs.present)(`on real support tweets (${twcs.path})`, () => {
  it('answers a new complaint with the reply the brand gave to the same kind of complaint', { timeout: 120_000 }, async () => {
    const ws = await buildWorkspace(t.rt.ctx, 'Tweets');
    const created = await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: ws.keys.admin, body: { type: 'import', name: 'Twitter' } });
    const source = await requireInbox(t.rt.ctx.db, ws.workspaceId, created.body.id);
    const mapping = { tweet_id: 'messageId', author_id: 'author', inbound: 'inbound', created_at: 'sentAt', text: 'text', in_response_to_tweet_id: 'inReplyTo' };
    await importConversationFile(t.rt.ctx, { ...cliActor(ws.workspaceId), label: 'cli import' }, source, twcs.path, { mapping });
    // The 2017 threads were answered long ago: all resolved.
    await t.rt.ctx.db.execute(sql`update conversations set status = 'resolved', resolved_at = now() where workspace_id = ${ws.workspaceId}`);

    const live = await inbox(ws);
    const ask = async (text: string) => {
      const posted = await call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: ws.keys.agent, body: { inboxId: live, text, customer: { email: 'tweeter@example.com' } } });
      const r = await suggestions(posted.body.conversationId, ws.keys.agent);
      expect(r.status).toBe(200);
      return r.body.data;
    };
    // Foreign matter in the food: Chipotle asked for details to investigate (tweet 167 "A used napkin in someone's food").
    const food = await ask('@ChipotleTweets there was a hair in my food today, this is nasty');
    expect(food[0].text).toMatch(/^That's incredibly concerning\. Please provide more details so we can investigate/);
    // Paying for a meat bag at M&S: the answer about bags for prepackaged meat.
    const bag = await ask('@marksandspencer why do I have to pay for a bag for the meat I buy?');
    expect(bag[0].text).toMatch(/bags for un-packaged meat/);
    // Without the @mention that addressed the earlier customer.
    expect([...food, ...bag].every((s) => !s.text.startsWith('@'))).toBe(true);
  });
});
