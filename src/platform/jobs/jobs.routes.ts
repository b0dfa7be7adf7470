import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth/authenticate.js';
import { ZJobList, ZJobRetried, ZJobsQuery } from './jobs.schemas.js';
import { listJobs, retryJob } from './jobs.service.js';

/** Background jobs of the caller's workspace: what ran, what failed and why, and a retry button. */
export async function jobRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['jobs'];

  app.get('/jobs', {
    schema: { tags, summary: "List the workspace's background jobs, newest first, with counts per state", querystring: ZJobsQuery,
      response: { 200: ZJobList } },
    config: { permission: 'jobs:read' },
  }, async (req) => listJobs(ctx, actorOf(req), req.query));

  app.post('/jobs/:id/retry', {
    schema: { tags, summary: 'Put a failed job back in its queue', params: z.object({ id: z.uuid() }), response: { 202: ZJobRetried } },
    config: { permission: 'jobs:manage' },
  }, async (req, reply) => reply.code(202).send(await retryJob(ctx, actorOf(req), req.params.id)));
}
