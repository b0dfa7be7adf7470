import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { fastifySSE } from '@fastify/sse';
import { actorOf } from '../platform/auth/authenticate.js';
import { ZIdParams } from './inbox.schemas.js';
import { closeRealtimeHub, realtimeHub, type InboxEvent } from './realtime.js';
import { ZDraft, ZDraftPut, ZPresence, ZStreamInfo, ZViewerList } from './realtime.schemas.js';
import { getDraft, listViewers, recordPresence, saveDraft } from './realtime.service.js';

/** A stream is closed after this long; EventSource reconnects at once, and the reconnect is authenticated anew (a revoked session stops hearing). */
const STREAM_MAX_MS = 15 * 60_000;
const EVENTS = ['ready', 'conversation', 'presence'] as const;

/**
 * The dashboard's live channel: Server-Sent Events through @fastify/sse (the Fastify organisation's
 * plugin for Fastify 5). SSE rather than WebSocket because the traffic is one-way (changes out; the
 * few writes go through the ordinary routes), it passes proxies as plain HTTP, and the browser's
 * EventSource sends the session cookie and reconnects by itself.
 */
export async function realtimeRoutes(base: FastifyInstance) {
  await base.register(fastifySSE, { heartbeatInterval: 20_000 });
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['inbox'];
  const read = { permission: 'inbox:read' } as const;
  app.addHook('onClose', async () => closeRealtimeHub(ctx.database));

  app.get('/inbox/events', {
    sse: 'dual',
    schema: {
      tags,
      summary: "Live changes of the workspace's conversations and who views them, as text/event-stream (events carry ids only: refetch what changed)",
      response: { 200: ZStreamInfo },
    },
    config: read,
  }, async (req, reply) => {
    // Without `Accept: text/event-stream` the route describes itself instead of streaming.
    if (!reply.sse) return { stream: 'text/event-stream' as const, events: [...EVENTS] };
    const sse = reply.sse;
    const ws = actorOf(req).workspaceId;
    const hub = realtimeHub(ctx.database);
    sse.keepAlive();
    const send = (event: InboxEvent) => {
      if (sse.isConnected) sse.send({ event: event.type, data: event }).catch(() => {});
    };
    const unsubscribe = hub.subscribe(ws, send);
    const timer = setTimeout(() => sse.close(), STREAM_MAX_MS);
    timer.unref();
    sse.onClose(() => {
      clearTimeout(timer);
      unsubscribe();
    });
    await hub.ready();
    await sse.send({ event: 'ready', data: { at: new Date().toISOString() }, retry: 3000 });
  });

  app.post('/inbox/presence', {
    schema: { tags, summary: 'Say which conversation you are viewing (renew every 20 s; null when you leave); answers its viewers', body: ZPresence, response: { 200: ZViewerList } },
    config: read,
  }, async (req) => ({ data: await recordPresence(ctx, actorOf(req), req.body) }));

  app.get('/conversations/:id/viewers', {
    schema: { tags, summary: 'Who else has the conversation open right now', params: ZIdParams, response: { 200: ZViewerList } },
    config: read,
  }, async (req) => ({ data: await listViewers(ctx, actorOf(req), req.params.id) }));

  app.get('/conversations/:id/draft', {
    schema: { tags, summary: 'Your unsent reply on the conversation (empty text when none)', params: ZIdParams, response: { 200: ZDraft } },
    config: { permission: 'inbox:write' },
  }, async (req) => getDraft(ctx.db, actorOf(req), req.params.id));

  app.put('/conversations/:id/draft', {
    schema: { tags, summary: 'Keep your unsent reply (an empty text deletes it); sending the reply deletes it too', params: ZIdParams, body: ZDraftPut, response: { 200: ZDraft } },
    config: { permission: 'inbox:write' },
  }, async (req) => saveDraft(ctx.db, actorOf(req), req.params.id, req.body.text));
}
