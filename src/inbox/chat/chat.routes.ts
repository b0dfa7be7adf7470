import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/authenticate.js';
import { ZIdParams } from '../inbox.schemas.js';
import { ZChatSettings, ZChatSettingsPatch } from './chat.schemas.js';
import { getChatSettings, updateChatSettings } from './chat-settings.service.js';

/** A chat inbox's website settings, for the people who manage inboxes. */
export async function chatSettingsRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['inbox'];

  app.get('/inboxes/:id/chat', {
    schema: { tags, summary: "A chat inbox's website settings: colour, greetings, availability, identity secret and the snippet to paste", params: ZIdParams, response: { 200: ZChatSettings } },
    config: { permission: 'inbox:manage' },
  }, async (req) => getChatSettings(ctx, actorOf(req), req.params.id));

  app.patch('/inboxes/:id/chat', {
    schema: { tags, summary: "Change a chat inbox's colour, greetings per language, business-hours rule, transcript or identity verification", params: ZIdParams, body: ZChatSettingsPatch, response: { 200: ZChatSettings } },
    config: { permission: 'inbox:manage' },
  }, async (req) => updateChatSettings(ctx, actorOf(req), req.params.id, req.body));
}
