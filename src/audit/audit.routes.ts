import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../platform/auth/authenticate.js';
import { listAudit } from './audit.service.js';
import { ZCursorParam } from '../platform/http/cursor.js';

const ZAuditEntry = z.object({
  id: z.uuid(),
  actorType: z.enum(['user', 'api_key', 'system']),
  actorId: z.uuid().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
});

const ZAuditQuery = z.object({
  action: z.string().trim().min(1).max(100).optional().describe('Action or action prefix, e.g. "member." or "auth.login"'),
  actorId: z.uuid().optional(),
  cursor: ZCursorParam.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Who did what, when and from where, for the workspace's owners and admins. */
export async function auditRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;

  app.get('/audit-log', {
    schema: { tags: ['audit'], summary: 'Audit log, newest first, filtered by action prefix or actor', querystring: ZAuditQuery,
      response: { 200: z.object({ data: z.array(ZAuditEntry), nextCursor: z.string().nullable() }) } },
    config: { permission: 'audit:read' },
  }, async (req) => {
    const { data, nextCursor } = await listAudit(ctx.db, actorOf(req).workspaceId, req.query);
    return { data: data.map(({ workspaceId: _workspaceId, ...entry }) => entry), nextCursor };
  });
}
