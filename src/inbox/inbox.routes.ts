import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../platform/auth/authenticate.js';
import {
  ZAttachmentParams,
  ZConversation,
  ZConversationImport,
  ZConversationList,
  ZConversationPatch,
  ZConversationQuery,
  ZExternalMessage,
  ZIdParams,
  ZImportResult,
  ZInbox,
  ZInboxList,
  ZInboxSettings,
  ZInboxSettingsPatch,
  ZMessage,
  ZMessageList,
  ZNewInbox,
  ZPageQuery,
  ZReply,
  ZStoredMessage,
} from './inbox.schemas.js';
import { createInbox, getInboxSettings, listInboxes, presentInbox, requireInbox, updateInboxSettings } from './inboxes.service.js';
import { getAttachment, getConversation, listConversations, listMessages, updateConversation } from './conversations.service.js';
import { replyToConversation } from './reply.service.js';
import { createExternalMessage } from './external-messages.js';
import { importConversations } from './conversation-import.js';
import { suggestReplies } from './reply-suggestions.js';
import { ZReplySuggestions } from './reply-suggestions.schemas.js';

export async function inboxRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['inbox'];
  const read = { permission: 'inbox:read' } as const;
  const write = { permission: 'inbox:write' } as const;
  const manage = { permission: 'inbox:manage' } as const;

  app.post('/inboxes', {
    schema: { tags, summary: 'Create an inbox (e-mail, chat, import or API) with its own receiving address', body: ZNewInbox, response: { 201: ZInbox } },
    config: manage,
  }, async (req, reply) => reply.code(201).send(await createInbox(ctx, actorOf(req), req.body)));

  app.get('/inboxes', {
    schema: { tags, summary: 'List the inboxes of the workspace', response: { 200: ZInboxList } },
    config: read,
  }, async (req) => listInboxes(ctx.db, actorOf(req).workspaceId));

  app.get('/inboxes/:id', {
    schema: { tags, summary: 'Get an inbox', params: ZIdParams, response: { 200: ZInbox } },
    config: read,
  }, async (req) => presentInbox(await requireInbox(ctx.db, actorOf(req).workspaceId, req.params.id)));

  app.get('/inbox/settings', {
    schema: { tags, summary: 'Closing-the-loop settings: detractor thresholds and follow-up due time', response: { 200: ZInboxSettings } },
    config: read,
  }, async (req) => getInboxSettings(ctx.db, actorOf(req).workspaceId));

  app.patch('/inbox/settings', {
    schema: { tags, summary: 'Change the detractor thresholds or the follow-up due time', body: ZInboxSettingsPatch, response: { 200: ZInboxSettings } },
    config: manage,
  }, async (req) => updateInboxSettings(ctx, actorOf(req), req.body));

  app.get('/conversations', {
    schema: { tags, summary: 'List conversations newest first, filtered by inbox, status, kind, customer, assignee or tag', querystring: ZConversationQuery, response: { 200: ZConversationList } },
    config: read,
  }, async (req) => listConversations(ctx.db, actorOf(req), req.query));

  app.post('/conversations/import', {
    schema: { tags, summary: 'Import up to 1,000 messages of an export (reviews, social posts), threaded by reply ids', body: ZConversationImport, response: { 200: ZImportResult } },
    config: { ...write, idempotent: true },
  }, async (req) => {
    const actor = actorOf(req);
    return importConversations(ctx, actor, await requireInbox(ctx.db, actor.workspaceId, req.body.inboxId), req.body.messages);
  });

  app.get('/conversations/:id', {
    schema: { tags, summary: 'Get a conversation', params: ZIdParams, response: { 200: ZConversation } },
    config: read,
  }, async (req) => getConversation(ctx.db, actorOf(req).workspaceId, req.params.id));

  app.patch('/conversations/:id', {
    schema: { tags, summary: 'Change status (snooze, resolve), priority, assignee, team, tags or due time', params: ZIdParams, body: ZConversationPatch, response: { 200: ZConversation } },
    config: write,
  }, async (req) => updateConversation(ctx, actorOf(req), req.params.id, req.body));

  app.get('/conversations/:id/messages', {
    schema: { tags, summary: "A conversation's messages and internal notes, oldest first", params: ZIdParams, querystring: ZPageQuery, response: { 200: ZMessageList } },
    config: read,
  }, async (req) => listMessages(ctx.db, actorOf(req).workspaceId, req.params.id, req.query));

  app.post('/conversations/:id/messages', {
    schema: { tags, summary: "Reply on the conversation's channel (e-mail through the outbox, threaded), or add an internal note", params: ZIdParams, body: ZReply, response: { 201: ZMessage } },
    config: { ...write, idempotent: true },
  }, async (req, reply) => reply.code(201).send(await replyToConversation(ctx, actorOf(req), req.params.id, req.body)));

  app.get('/conversations/:id/reply-suggestions', {
    schema: { tags, summary: 'Up to three replies from resolved conversations whose customer wrote the most similar words', params: ZIdParams, response: { 200: ZReplySuggestions } },
    config: write,
  }, async (req) => suggestReplies(ctx.db, actorOf(req).workspaceId, req.params.id));

  app.get('/conversations/:id/attachments/:attachmentId', {
    schema: { tags, summary: 'Download an attachment of a message', params: ZAttachmentParams },
    config: read,
  }, async (req, reply) => {
    const a = await getAttachment(ctx.db, actorOf(req).workspaceId, req.params.id, req.params.attachmentId);
    // Always a download, never rendered: an attached HTML file must not run in Kunde's origin.
    return reply
      .type(a.contentType.startsWith('image/') && !a.contentType.includes('svg') ? a.contentType : 'application/octet-stream')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.fileName)}`)
      .header('content-length', String(a.size))
      .send(a.content);
  });

  app.post('/messages', {
    schema: { tags, summary: 'Add a message from another system to an inbox (threaded by messageId / inReplyTo, or into a named conversation)', body: ZExternalMessage, response: { 201: ZStoredMessage, 200: ZStoredMessage } },
    config: { ...write, idempotent: true },
  }, async (req, reply) => {
    const stored = await createExternalMessage(ctx, actorOf(req), req.body);
    return reply.code(stored.created ? 201 : 200).send(stored);
  });
}
