import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth/authenticate.js';
import { listOutbox } from './mail.service.js';
import { ZCursorParam } from '../http/cursor.js';

const ZOutboxMail = z.object({
  id: z.uuid(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  kind: z.string(),
  status: z.enum(['queued', 'sent', 'kept', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
});

const ZOutboxQuery = z.object({
  cursor: ZCursorParam.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The outgoing e-mail log: what was sent, what is waiting, and — without SMTP — what was kept. */
export async function mailRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;

  app.get('/outbox', {
    schema: { tags: ['mail'], summary: 'List outgoing e-mails, newest first', querystring: ZOutboxQuery,
      response: { 200: z.object({ data: z.array(ZOutboxMail), nextCursor: z.string().nullable() }) } },
    config: { permission: 'outbox:read' },
  }, async (req) => listOutbox(ctx.db, actorOf(req).workspaceId, req.query));
}
