import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildMember, buildWorkspace, expectIsolated, loginAs, type TestWorkspace } from '../../test/factories.js';
import { openDatabase } from '../platform/db/client.js';
import { closeRealtimeHub, realtimeHub, type InboxEvent } from './realtime.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
let base: string;
let inboxA: string;
let inboxB: string;

interface Sse { events: { event: string; data: Record<string, unknown> }[]; status: number; contentType: string; close(): void; waitFor(pred: (e: { event: string; data: Record<string, unknown> }) => boolean, ms?: number): Promise<{ event: string; data: Record<string, unknown> }> }

/** A real EventSource-like reader over HTTP on a listening server (app.inject cannot stream). */
async function openStream(headers: Record<string, string>): Promise<Sse> {
  const ctrl = new AbortController();
  const res = await fetch(`${base}/api/v1/inbox/events`, { headers: { accept: 'text/event-stream', ...headers }, signal: ctrl.signal });
  const out: Sse = {
    events: [],
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    close: () => ctrl.abort(),
    waitFor: async (pred, ms = 10_000) => {
      const until = Date.now() + ms;
      for (;;) {
        const hit = out.events.find(pred);
        if (hit) return hit;
        if (Date.now() > until) throw new Error(`no such event; got ${JSON.stringify(out.events)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
  if (res.status !== 200 || !res.body) return out;
  void (async () => {
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (event) out.events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
        }
      }
    } catch {
      /* aborted */
    }
  })();
  await out.waitFor((e) => e.event === 'ready');
  return out;
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const post = (ws: TestWorkspace, inboxId: string, text: string, email: string) =>
  call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: ws.keys.agent, body: { inboxId, text, customer: { email } } });

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Live A');
  b = await buildWorkspace(t.rt.ctx, 'Live B');
  inboxA = (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body: { type: 'api', name: 'A' } })).body.id;
  inboxB = (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: b.keys.admin, body: { type: 'api', name: 'B' } })).body.id;
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => t?.close());

describe('GET /inbox/events (Server-Sent Events)', () => {
  it('needs a credential, and describes itself to a client that does not ask for a stream', async () => {
    expect((await openStream({})).status).toBe(401);
    expect((await openStream(bearer('kunde_nope'))).status).toBe(401);
    const info = await call<{ stream: string; events: string[] }>(t.app, 'GET', '/api/v1/inbox/events', { key: a.keys.viewer });
    expect(info.status).toBe(200);
    expect(info.body).toEqual({ stream: 'text/event-stream', events: ['ready', 'conversation', 'presence'] });
  });

  it('streams changes of the own workspace only: another workspace\'s events never arrive', async () => {
    const sa = await openStream(bearer(a.keys.viewer));
    const sb = await openStream(bearer(b.keys.viewer));
    expect(sa.contentType).toContain('text/event-stream');
    try {
      const inA = await post(a, inboxA, 'Where is my parcel?', 'ann@example.com');
      const inB = await post(b, inboxB, 'Secret of workspace B', 'bob@example.com');
      const ca = inA.body.conversationId;
      const cb = inB.body.conversationId;
      await sa.waitFor((e) => e.event === 'conversation' && e.data.conversationId === ca && e.data.reason === 'message');
      await sb.waitFor((e) => e.event === 'conversation' && e.data.conversationId === cb);
      // A reply and a status change are announced as well.
      expect((await call(t.app, 'POST', `/api/v1/conversations/${ca}/messages`, { key: a.keys.agent, body: { text: 'On its way', internal: true } })).status).toBe(201);
      expect((await call(t.app, 'PATCH', `/api/v1/conversations/${ca}`, { key: a.keys.agent, body: { status: 'resolved' } })).status).toBe(200);
      await sa.waitFor((e) => e.data.conversationId === ca && e.data.reason === 'updated');
      // Events carry ids, never the customer's text.
      expect(JSON.stringify(sa.events)).not.toContain('parcel');
      expect(sa.events.some((e) => e.data.conversationId === cb)).toBe(false);
      expect(sb.events.some((e) => e.data.conversationId === ca)).toBe(false);
    } finally {
      sa.close();
      sb.close();
    }
  });
});

describe('presence', () => {
  it('tells the workspace who views a conversation, and only names conversations of the own workspace', async () => {
    const conv = (await post(a, inboxA, 'Hello', 'cleo@example.com')).body.conversationId;
    const member = await buildMember(t.rt.ctx, a.workspaceId, 'agent');
    const session = await loginAs(t.app, member.email, member.password);
    const watcher = await openStream(bearer(a.keys.viewer));
    const other = await openStream(bearer(b.keys.viewer));
    try {
      const r = await call<{ data: { userId: string; name: string }[] }>(t.app, 'POST', '/api/v1/inbox/presence', { session, body: { conversationId: conv } });
      expect(r.status).toBe(200);
      expect(r.body.data).toEqual([expect.objectContaining({ userId: member.userId, name: 'Test agent' })]);
      await watcher.waitFor((e) => e.event === 'presence' && e.data.conversationId === conv && e.data.userId === member.userId);
      const viewers = await call<{ data: { userId: string }[] }>(t.app, 'GET', `/api/v1/conversations/${conv}/viewers`, { key: a.keys.viewer });
      expect(viewers.body.data.map((v) => v.userId)).toEqual([member.userId]);
      // Leaving the conversation removes the viewer.
      await call(t.app, 'POST', '/api/v1/inbox/presence', { session, body: { conversationId: null } });
      expect((await call<{ data: unknown[] }>(t.app, 'GET', `/api/v1/conversations/${conv}/viewers`, { key: a.keys.viewer })).body.data).toEqual([]);
      expect(other.events.filter((e) => e.event === 'presence')).toEqual([]);
      await expectIsolated(t.app, b.keys.admin, [
        { method: 'GET', url: `/api/v1/conversations/${conv}/viewers` },
        { method: 'POST', url: '/api/v1/inbox/presence', body: { conversationId: conv } },
      ]);
      for (const body of [{ conversationId: 'nope' }, {}, 'x']) {
        const bad = await call(t.app, 'POST', '/api/v1/inbox/presence', { key: a.keys.agent, body });
        expect([400, 422]).toContain(bad.status);
        expect(bad.contentType).toContain('application/problem+json');
      }
    } finally {
      watcher.close();
      other.close();
    }
  });
});

describe('drafts', () => {
  it('keeps each person\'s unsent reply on the server until the reply is sent', async () => {
    const conv = (await post(a, inboxA, 'Need help', 'dora@example.com')).body.conversationId;
    const url = `/api/v1/conversations/${conv}/draft`;
    expect((await call(t.app, 'GET', url, { key: a.keys.agent })).body).toEqual({ text: '', updatedAt: null });
    const saved = await call<{ text: string; updatedAt: string }>(t.app, 'PUT', url, { key: a.keys.agent, body: { text: 'Dear Dora, ' } });
    expect(saved.status).toBe(200);
    expect((await call<{ text: string }>(t.app, 'GET', url, { key: a.keys.agent })).body.text).toBe('Dear Dora, ');
    // Another person's draft is their own.
    expect((await call<{ text: string }>(t.app, 'GET', url, { key: a.keys.admin })).body.text).toBe('');
    expect((await call(t.app, 'GET', url, { key: a.keys.viewer })).status).toBe(403);
    await expectIsolated(t.app, b.keys.admin, [{ method: 'GET', url }, { method: 'PUT', url, body: { text: 'x' } }]);
    const bad = await call(t.app, 'PUT', url, { key: a.keys.agent, body: { text: 5 } });
    expect([400, 422]).toContain(bad.status);
    expect(bad.contentType).toContain('application/problem+json');
    expect((await call(t.app, 'POST', `/api/v1/conversations/${conv}/messages`, { key: a.keys.agent, body: { text: 'Dear Dora, done.' } })).status).toBe(201);
    expect((await call<{ text: string }>(t.app, 'GET', url, { key: a.keys.agent })).body.text).toBe('');
  });
});

describe.runIf(process.env.DATABASE_URL)('several processes on PostgreSQL', () => {
  it('hears changes made by another process through LISTEN/NOTIFY', async () => {
    const pool = t.rt.ctx.database.pool!;
    const second = await openDatabase({ databaseUrl: pool.options.connectionString!, poolSize: 2 });
    try {
      const heard: InboxEvent[] = [];
      const other = realtimeHub(second);
      other.subscribe(a.workspaceId, (e) => heard.push(e));
      other.subscribe(b.workspaceId, (e) => heard.push(e));
      await other.ready();
      const conv = (await post(a, inboxA, 'From another process', 'eve@example.com')).body.conversationId;
      const until = Date.now() + 10_000;
      while (!heard.some((e) => e.type === 'conversation' && e.conversationId === conv) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(heard).toContainEqual({ type: 'conversation', conversationId: conv, reason: 'message' });
    } finally {
      await closeRealtimeHub(second);
      await second.close();
    }
  });
});
