import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../../test/factories.js';
import type { ConversationFactRow, ServiceCalendar } from '../../inbox/measures.service.js';
import { backlog, firstContactResolution, firstResponseTime, followUps, median, medianInterval, resolutionTime, slaMet } from './support-formulas.js';
import { waitFor } from '../../../test/helpers/smtp.js';

const d = (iso: string) => new Date(iso);
const row = (over: Partial<ConversationFactRow>): ConversationFactRow => ({
  id: 'x', kind: 'message', status: 'open', channel: 'email', team: null, assigneeId: null, tags: [], datedAt: d('2026-03-02T00:00:00Z'), startedAt: d('2026-03-02T00:00:00Z'),
  firstResponseAt: null, resolvedAt: null, agentReplies: 0, firstResponseDueAt: null, resolutionDueAt: null, ...over,
});
// UTC, Monday–Friday 09:00–17:00. 2 March 2026 is a Monday.
const cal: ServiceCalendar = { timeZone: 'UTC', weekly: { 1: [['09:00', '17:00']], 2: [['09:00', '17:00']], 3: [['09:00', '17:00']], 4: [['09:00', '17:00']], 5: [['09:00', '17:00']] }, holidays: [] };
const c1 = row({ status: 'resolved', startedAt: d('2026-03-02T16:00:00Z'), firstResponseAt: d('2026-03-03T10:00:00Z'), resolvedAt: d('2026-03-03T12:00:00Z'), agentReplies: 1, firstResponseDueAt: d('2026-03-03T09:00:00Z'), resolutionDueAt: d('2026-03-05T00:00:00Z') });
const c2 = row({ status: 'resolved', startedAt: d('2026-03-03T09:00:00Z'), firstResponseAt: d('2026-03-03T09:30:00Z'), resolvedAt: d('2026-03-04T09:00:00Z'), agentReplies: 3, firstResponseDueAt: d('2026-03-03T10:00:00Z'), resolutionDueAt: d('2026-03-03T17:00:00Z') });
const c3 = row({ startedAt: d('2026-03-03T10:00:00Z'), firstResponseDueAt: d('2026-03-03T11:00:00Z'), resolutionDueAt: d('2026-03-10T00:00:00Z') });
const c4 = row({ kind: 'follow_up', status: 'resolved', startedAt: d('2026-03-04T08:00:00Z'), firstResponseAt: d('2026-03-04T20:00:00Z'), resolvedAt: d('2026-03-05T08:00:00Z'), agentReplies: 1 });
const c5 = row({ kind: 'follow_up', startedAt: d('2026-03-04T09:00:00Z') });
const now = d('2026-03-06T00:00:00Z');

describe('support formulas (hand-computed)', () => {
  it('median of odd and even counts', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
  });

  it('interval of the median from order statistics (binomial n, ½)', () => {
    const upTo = (n: number) => Array.from({ length: n }, (_, i) => n - i); // unsorted on purpose
    // n = 5: P(X ≤ 0) = 1/32 = 3.1 % > 2.5 %: not even min…max reaches 95 %.
    expect(medianInterval(upTo(5))).toEqual({ low: null, high: null });
    // n = 6: P(X ≤ 0) = 1/64 = 1.6 % → ranks 1 and 6.
    expect(medianInterval(upTo(6))).toEqual({ low: 1, high: 6 });
    // n = 10: P(X ≤ 1) = 11/1024 = 1.1 %, P(X ≤ 2) = 56/1024 = 5.5 % → ranks 2 and 9.
    expect(medianInterval(upTo(10))).toEqual({ low: 2, high: 9 });
    // n = 100: P(X ≤ 39) = 1.76 %, P(X ≤ 40) = 2.84 % → ranks 40 and 61 (the textbook table).
    expect(medianInterval(upTo(100))).toEqual({ low: 40, high: 61 });
  });

  it('first response: wall-clock 1080 and 30 min; business 60 + 60 and 30 min', () => {
    // c1: Mon 16:00 → Tue 10:00 = 18 h wall, 1 h Monday + 1 h Tuesday in business hours.
    expect(firstResponseTime([c1, c2, c3], cal)).toEqual({ value: 555, low: null, high: null, mean: 555, businessMedian: 75, businessMean: 75, n: 2, pending: 1 });
  });

  it('resolution: wall-clock 1200 and 1440 min; business 240 and 480 min', () => {
    expect(resolutionTime([c1, c2, c3], cal)).toEqual({ value: 1320, low: null, high: null, mean: 1320, businessMedian: 360, businessMean: 360, n: 2, pending: 1 });
  });

  it('FCR: c1 and c4 solved with one reply, c2 with three → 2 of 3', () => {
    // Wilson 2 of 3: z² = 3.8416, (2/3 + z²/6) ÷ (1 + z²/3) = 0.573084 ± 0.365427.
    expect(firstContactResolution([c1, c2, c3, c4, c5])).toEqual({ value: 66.67, low: 20.77, high: 93.85, n: 3, onFirstContact: 2 });
  });

  it('SLA: first response met 1 of 3 (c3 overdue unanswered), resolution 1 of 2 (c3 still running) → 2 of 5', () => {
    // Wilson 2 of 5: (0.4 + z²/10) ÷ (1 + z²/5) = 0.443449 ± 0.325835.
    expect(slaMet([c1, c2, c3], now)).toEqual({ value: 40, low: 11.76, high: 76.93, n: 5, met: 2, missed: 3, firstResponseMet: 33.33, resolutionMet: 50 });
  });

  it('follow-ups: 1 of 2 cases contacted, after 720 min; backlog 2 of 5', () => {
    // Wilson 1 of 2: centre 0.5 ± 1.96·√(0.125 + z²/16) ÷ (1 + z²/2) = 0.405471.
    expect(followUps([c1, c2, c3, c4, c5])).toEqual({ value: 50, low: 9.45, high: 90.55, n: 2, opened: 2, followedUp: 1, medianMinutes: 720, mean: 720 });
    expect(backlog([c1, c2, c3, c4, c5])).toEqual({ value: 2, n: 5, open: 2, volume: 5 });
  });
});

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Support metrics A');
  b = await buildWorkspace(t.rt.ctx, 'Support metrics B');
});
afterAll(async () => t?.close());

interface Answer { metric: string; value: number | null; n: number; groups?: { key: string | null; value: number | null; n: number }[]; series?: { period: string; n: number }[]; onFirstContact?: number; pending?: number; volume?: number }

describe('support metrics over the API', () => {
  it('reads the inbox: FCR, first response, SLA, backlog by channel and per day; other workspaces see nothing', async () => {
    const inboxId = (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body: { type: 'api', name: 'API' } })).body.id;
    const ids: string[] = [];
    for (const e of ['m1@example.com', 'm2@example.com', 'm3@example.com']) {
      ids.push((await call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: a.keys.agent, body: { inboxId, text: 'Hello', customer: { email: e } } })).body.conversationId);
    }
    const reply = (id: string) => call(t.app, 'POST', `/api/v1/conversations/${id}/messages`, { key: a.keys.agent, body: { text: 'Hi' } });
    await reply(ids[0]);
    await reply(ids[1]);
    await reply(ids[1]);
    for (const id of ids.slice(0, 2)) await call(t.app, 'PATCH', `/api/v1/conversations/${id}`, { key: a.keys.agent, body: { status: 'resolved' } });
    const get = (path: string, key = a.keys.viewer) => call<Answer>(t.app, 'GET', `/api/v1/metrics/${path}`, { key });
    expect((await get('fcr')).body).toMatchObject({ metric: 'fcr', value: 50, n: 2, onFirstContact: 1 });
    expect((await get('first-response-time')).body).toMatchObject({ n: 2, pending: 1 });
    expect((await get('resolution-time')).body).toMatchObject({ n: 2, pending: 1 });
    // SLA clocks start in the background routing that follows each message's 2xx: wait for all four.
    const sla = await waitFor('the SLA clocks of both resolved conversations', async () => {
      const r = await get('sla');
      return r.body.n === 4 ? r.body : undefined;
    });
    expect(sla).toMatchObject({ value: 100, n: 4 });
    const bl = (await get('backlog?groupBy=channel&interval=day')).body;
    expect(bl).toMatchObject({ value: 1, volume: 3, groups: [{ key: 'api', value: 1, n: 3 }] });
    expect(bl.series!.reduce((s, p) => s + p.n, 0)).toBe(3);
    expect((await get('fcr', b.keys.viewer)).body).toMatchObject({ value: null, n: 0 });
    expect((await get('follow-up')).body).toMatchObject({ value: null, n: 0 });
  });

  it('dates imported history by when it started: volume and first response by month of the messages, not of the import', async () => {
    const w = await buildWorkspace(t.rt.ctx, 'Support metrics import');
    const inboxId = (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: w.keys.admin, body: { type: 'import', name: 'Twitter' } })).body.id;
    const msg = (messageId: string, inbound: boolean, sentAt: string, inReplyTo?: string) => ({ messageId, inbound, sentAt, inReplyTo, author: inbound ? `cust-${messageId}` : 'brand', text: `tweet ${messageId}` });
    const importMessages = (messages: unknown[]) => call<{ imported: number }>(t.app, 'POST', '/api/v1/conversations/import', { key: w.keys.admin, body: { inboxId, messages } });
    // January: two threads answered after 30 and 120 min. March: one thread answered after 10 min; its first tweet answers c0, not in this file.
    expect((await importMessages([
      msg('a1', true, '2026-01-10T10:00:00Z'), msg('a2', false, '2026-01-10T10:30:00Z', 'a1'),
      msg('b1', true, '2026-01-20T09:00:00Z'), msg('b2', false, '2026-01-20T11:00:00Z', 'b1'),
      msg('c1', true, '2026-03-05T12:00:00Z', 'c0'), msg('c2', false, '2026-03-05T12:10:00Z', 'c1'),
    ])).body.imported).toBe(6);
    const get = (path: string) => call<Answer & { series: { period: string; n: number; value: number | null; volume?: number }[] }>(t.app, 'GET', `/api/v1/metrics/${path}`, { key: w.keys.viewer });
    const months = (a: { series: { period: string; n: number; value: number | null; volume?: number }[] }) => a.series.map((p) => [p.period.slice(0, 7), p.volume ?? p.n, p.value]);
    const q = 'from=2026-01-01&to=2026-03-31&interval=month';
    // Imported conversations stay open: backlog = volume.
    expect(months((await get(`backlog?${q}`)).body)).toEqual([['2026-01', 2, 2], ['2026-02', 0, 0], ['2026-03', 1, 1]]);
    // First response per month: median of 30 and 120 = 75 min in January; 10 min in March.
    expect(months((await get(`first-response-time?${q}`)).body)).toEqual([['2026-01', 2, 75], ['2026-02', 0, null], ['2026-03', 1, 10]]);
    // Nothing is dated by today, the import's day.
    expect((await get(`backlog?from=2026-04-01`)).body).toMatchObject({ volume: 0 });
    // A later import adds the thread's earlier first tweet (27 Feb 08:00): the conversation now started in February,
    // and waited 6 d 4 h 10 min = 8,890 min for its first reply.
    expect((await importMessages([msg('c0', true, '2026-02-27T08:00:00Z')])).body.imported).toBe(1);
    expect(months((await get(`backlog?${q}`)).body)).toEqual([['2026-01', 2, 2], ['2026-02', 1, 1], ['2026-03', 0, 0]]);
    expect(months((await get(`first-response-time?${q}`)).body)).toEqual([['2026-01', 2, 75], ['2026-02', 1, 8890], ['2026-03', 0, null]]);
  });

  it('refuses bad input with problem+json', async () => {
    for (const q of ['fcr?groupBy=mood', 'sla?from=2026-03-10&to=2026-03-01', 'backlog?interval=hour', 'first-response-time?from=yesterday']) {
      const r = await call(t.app, 'GET', `/api/v1/metrics/${q}`, { key: a.keys.viewer });
      expect(r.status, q).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.contentType).toContain('application/problem+json');
    }
  });
});
