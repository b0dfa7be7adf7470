import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../platform/auth/authenticate.js';
import { AppError } from '../platform/errors.js';
import { ZIngestResult } from './customers.schemas.js';
import { ingestEvents } from './ingest.service.js';

export const MAX_EVENTS_PER_REQUEST = 1000;

// Events are validated one by one by ingestEvents (a bad event must not sink its batch), so the
// envelope only checks the shape: a batch (of anything), or one event object.
const ZEventsBody = z.union([
  z.object({
    events: z
      .array(z.unknown())
      .min(1)
      .max(MAX_EVENTS_PER_REQUEST)
      .describe('Events: {id?, type, customer: {externalId?, email?, phone?, anonymousId?, social?, id?}, occurredAt?, channel?, touchpoint?, properties?} — see docs/customers.md'),
  }),
  z.looseObject({ type: z.string(), customer: z.record(z.string(), z.unknown()) }).describe('A single event'),
]);

export async function eventRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;

  app.post('/events', {
    schema: {
      tags: ['events'],
      summary: 'Record one event or a batch of up to 1,000 (safe to retry: a client id is stored once)',
      description:
        'Answers 200 with a result per event whenever the envelope is valid — also when some or all events of a batch were rejected (each has its own error). ' +
        'A single event (no `events` array) that is rejected answers 422 problem+json. Events with an `id` seen before are reported as duplicates.',
      body: ZEventsBody,
      response: { 200: ZIngestResult },
    },
    config: { permission: 'events:write', idempotent: true },
  }, async (req) => {
    const actor = actorOf(req);
    if ('events' in req.body && Array.isArray(req.body.events)) return ingestEvents(ctx, actor, req.body.events);
    const result = await ingestEvents(ctx, actor, [req.body]);
    const only = result.results[0];
    if (only.status === 'rejected') {
      throw new AppError('validation_failed', `The event was rejected: ${only.error}`, { errors: [{ path: 'body', message: only.error ?? 'is invalid' }] });
    }
    return result;
  });
}
