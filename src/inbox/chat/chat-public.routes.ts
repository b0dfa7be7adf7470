import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { fastifySSE } from '@fastify/sse';
import { z } from 'zod';
import { realtimeHub, type InboxEvent } from '../realtime.js';
import {
  ZChatConfig,
  ZChatConfigQuery,
  ZChatConversationParams,
  ZChatIdentify,
  ZChatMessage,
  ZChatMessages,
  ZChatMessagesQuery,
  ZChatOffline,
  ZChatSend,
  ZChatStart,
  ZChatStarted,
  ZChatTokenQuery,
  ZChatTranscriptRequest,
  ZChatWorkspaceParams,
} from './chat.schemas.js';
import { getChatConfig, identifyVisitor, leaveOfflineMessage, listVisitorMessages, requireVisitorConversation, sendVisitorMessage, startChat } from './chat-visitor.service.js';
import { sendTranscript } from './chat-transcript.js';

/** A visitor's stream is closed after this long; EventSource reconnects by itself. */
const STREAM_MAX_MS = 15 * 60_000;

/**
 * CORS for the chat, as for the survey widget's routes: the window runs on customers' sites and sends
 * no cookies (a conversation is opened by its token), so any origin may call.
 */
function allowAnyOrigin(_req: FastifyRequest, reply: FastifyReply, done: () => void) {
  reply.header('access-control-allow-origin', '*');
  reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
  reply.header('access-control-allow-headers', 'content-type, idempotency-key, x-chat-token');
  reply.header('access-control-max-age', '86400');
  reply.header('cross-origin-resource-policy', 'cross-origin');
  done();
}

const tokenOf = (req: FastifyRequest): string | undefined => {
  const h = req.headers['x-chat-token'];
  return typeof h === 'string' ? h : undefined;
};

/** The website chat's public API: what /chat.js calls from a visitor's browser. No credentials. */
export async function chatPublicRoutes(base: FastifyInstance) {
  await base.register(fastifySSE, { heartbeatInterval: 20_000 });
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['website chat (public)'];
  const perIp = (scope: string) => ({ max: ctx.config.RATE_LIMIT_PUBLIC_PER_MINUTE, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `chat-${scope}:${req.ip}` });
  const open = (scope: string, idempotent = false) => ({ access: 'public' as const, rateLimit: perIp(scope), ...(idempotent ? { idempotent: true } : {}) });
  app.addHook('onRequest', allowAnyOrigin);

  const root = '/public/chat/:workspaceId';
  for (const url of [`${root}/conversations`, `${root}/offline`, `${root}/conversations/:id/messages`, `${root}/conversations/:id/identify`, `${root}/conversations/:id/transcript`]) {
    app.options(url, { schema: { tags, summary: 'CORS preflight' }, config: { access: 'public' } }, async (_req, reply) => reply.code(204).send());
  }

  app.get(`${root}/config`, {
    schema: { tags, summary: "The chat window's colour, greeting and strings in the visitor language, and whether an agent is online", params: ZChatWorkspaceParams, querystring: ZChatConfigQuery, response: { 200: ZChatConfig } },
    config: open('config'),
  }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return getChatConfig(ctx, req.params.workspaceId, req.query.inbox, req.query.lang);
  });

  app.post(`${root}/conversations`, {
    schema: {
      tags,
      summary: "Start a chat with the visitor's first message (Idempotency-Key honoured); answers the conversation and its token",
      params: ZChatWorkspaceParams,
      body: ZChatStart,
      response: { 201: ZChatStarted },
    },
    config: open('write', true),
  }, async (req, reply) => reply.code(201).send(await startChat(ctx, req.params.workspaceId, req.body)));

  app.post(`${root}/offline`, {
    schema: { tags, summary: 'Leave a message while nobody is online: it becomes a conversation answered by e-mail', params: ZChatWorkspaceParams, body: ZChatOffline, response: { 201: z.object({ conversationId: z.uuid() }) } },
    config: open('write', true),
  }, async (req, reply) => reply.code(201).send(await leaveOfflineMessage(ctx, req.params.workspaceId, req.body)));

  app.get(`${root}/conversations/:id/messages`, {
    schema: { tags, summary: "The visitor's conversation (header X-Chat-Token), oldest first; ?after= a message id for only newer ones", params: ZChatConversationParams, querystring: ZChatMessagesQuery, response: { 200: ZChatMessages } },
    config: open('read'),
  }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const conv = await requireVisitorConversation(ctx, req.params.workspaceId, req.params.id, tokenOf(req));
    return listVisitorMessages(ctx, req.params.workspaceId, conv, req.query.after);
  });

  app.post(`${root}/conversations/:id/messages`, {
    schema: { tags, summary: 'The visitor writes (header X-Chat-Token; Idempotency-Key honoured)', params: ZChatConversationParams, body: ZChatSend, response: { 201: ZChatMessage } },
    config: open('write', true),
  }, async (req, reply) => {
    const conv = await requireVisitorConversation(ctx, req.params.workspaceId, req.params.id, tokenOf(req));
    return reply.code(201).send(await sendVisitorMessage(ctx, req.params.workspaceId, conv, req.body.text));
  });

  app.post(`${root}/conversations/:id/identify`, {
    schema: {
      tags,
      summary: 'Say who the visitor is (e-mail / external id, with the signed hash when the inbox requires it): the conversation joins that profile',
      params: ZChatConversationParams,
      body: ZChatIdentify,
      response: { 204: z.null() },
    },
    config: open('write', true),
  }, async (req, reply) => {
    const conv = await requireVisitorConversation(ctx, req.params.workspaceId, req.params.id, tokenOf(req));
    await identifyVisitor(ctx, req.params.workspaceId, conv, req.body);
    return reply.code(204).send(null);
  });

  app.post(`${root}/conversations/:id/transcript`, {
    schema: { tags, summary: 'E-mail the conversation to the visitor (their address, or the one given) through the mail outbox', params: ZChatConversationParams, body: ZChatTranscriptRequest, response: { 202: z.object({ to: z.string() }) } },
    config: open('transcript', true),
  }, async (req, reply) => {
    const conv = await requireVisitorConversation(ctx, req.params.workspaceId, req.params.id, tokenOf(req));
    return reply.code(202).send(await sendTranscript(ctx, req.params.workspaceId, conv, req.body.email));
  });

  app.get(`${root}/conversations/:id/events`, {
    sse: 'dual',
    schema: {
      tags,
      summary: "Live changes of the visitor's conversation as text/event-stream (?token=, since EventSource sends no headers); events carry ids only",
      params: ZChatConversationParams,
      querystring: ZChatTokenQuery,
      response: { 200: z.object({ stream: z.literal('text/event-stream'), events: z.array(z.string()) }) },
    },
    config: open('stream'),
  }, async (req, reply) => {
    const ws = req.params.workspaceId;
    const conv = await requireVisitorConversation(ctx, ws, req.params.id, req.query.token ?? tokenOf(req));
    if (!reply.sse) return { stream: 'text/event-stream' as const, events: ['ready', 'message'] };
    const sse = reply.sse;
    const hub = realtimeHub(ctx.database);
    sse.keepAlive();
    const unsubscribe = hub.subscribe(ws, (event: InboxEvent) => {
      if (event.type === 'conversation' && event.conversationId === conv.id && sse.isConnected) sse.send({ event: 'message', data: { conversationId: conv.id } }).catch(() => {});
    });
    const timer = setTimeout(() => sse.close(), STREAM_MAX_MS);
    timer.unref();
    sse.onClose(() => {
      clearTimeout(timer);
      unsubscribe();
    });
    await hub.ready();
    await sse.send({ event: 'ready', data: { at: new Date().toISOString() }, retry: 3000 });
  });
}
