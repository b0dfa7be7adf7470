import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../platform/auth/authenticate.js';
import {
  ZCustomer,
  ZCustomerDetail,
  ZCustomerInput,
  ZCustomerListQuery,
  ZCustomerPatch,
  ZIdentity,
  ZMerge,
  ZNoteInput,
  ZTimelineItem,
  ZTimelineQuery,
} from './customers.schemas.js';
import { getCustomer, listCustomerMerges, listCustomers } from './customers.service.js';
import { saveCustomer } from './profiles.service.js';
import { updateCustomer } from './customer-update.js';
import { getTimeline, addNote } from './timeline.service.js';
import { eraseCustomer, exportCustomer } from './privacy.service.js';

const ZIdParams = z.object({ id: z.uuid() });
const page = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });

const ZExport = z.object({
  exportedAt: z.date(),
  customer: ZCustomer,
  identities: z.array(ZIdentity),
  events: z.array(z.record(z.string(), z.unknown())),
  merges: z.array(z.record(z.string(), z.unknown())),
  segments: z.array(z.object({ id: z.uuid(), name: z.string(), enteredAt: z.date() })),
});

export async function customerRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['customers'];

  app.post('/customers', {
    schema: {
      tags,
      summary: 'Create or update a profile, found by externalId, else email, else phone (identifiers of two profiles merge them)',
      body: ZCustomerInput,
      response: { 200: ZCustomerDetail, 201: ZCustomerDetail },
    },
    config: { permission: 'customers:write', idempotent: true },
  }, async (req, reply) => {
    const { created, customer } = await saveCustomer(ctx, actorOf(req), req.body);
    return reply.code(created ? 201 : 200).send(customer);
  });

  app.get('/customers', {
    schema: {
      tags,
      summary: 'List profiles: filters (email, externalId, phone, q, segment, lifecycleStage, npsCategory, country, language, consents, attr.<key>[.<op>]), sort, cursor',
      description: 'Attribute filters: `attr.plan=gold`, `attr.tenure.gte=12`, `attr.vip.eq=true`, `attr.renewal.lt=2025-01-01`, `attr.note.contains=x`, `attr.plan.exists=false`; operators eq, ne, gt, gte, lt, lte, contains, exists, typed by the attribute definitions.',
      querystring: ZCustomerListQuery,
      response: { 200: page(ZCustomer) },
    },
    config: { permission: 'customers:read' },
  }, async (req) => listCustomers(ctx.db, actorOf(req).workspaceId, req.query));

  app.get('/customers/:id', {
    schema: {
      tags,
      summary: 'A profile with identities, traits, attributes, segments and merges (a merged-away id answers with the surviving profile and mergedFrom)',
      params: ZIdParams,
      response: { 200: ZCustomerDetail },
    },
    config: { permission: 'customers:read' },
  }, async (req) => getCustomer(ctx.db, actorOf(req).workspaceId, req.params.id));

  app.patch('/customers/:id', {
    schema: { tags, summary: 'Edit a profile (null clears a field; attributes merge by key)', params: ZIdParams, body: ZCustomerPatch, response: { 200: ZCustomerDetail } },
    config: { permission: 'customers:write' },
  }, async (req) => updateCustomer(ctx, actorOf(req), req.params.id, req.body));

  app.delete('/customers/:id', {
    schema: {
      tags,
      summary: 'Erase a customer (GDPR/KVKK): personal data, identities and free text removed, aggregates kept, identifiers suppressed',
      params: ZIdParams,
      response: { 200: ZCustomer },
    },
    config: { permission: 'customers:erase' },
  }, async (req) => eraseCustomer(ctx, actorOf(req), req.params.id));

  app.get('/customers/:id/export', {
    schema: { tags, summary: 'Everything held about one customer, as JSON (GDPR/KVKK access request)', params: ZIdParams, response: { 200: ZExport } },
    config: { permission: 'customers:export' },
  }, async (req) => exportCustomer(ctx, actorOf(req), req.params.id));

  app.get('/customers/:id/timeline', {
    schema: {
      tags,
      summary: 'Events, purchases, survey invitations and responses, messages and notes, newest first',
      params: ZIdParams,
      querystring: ZTimelineQuery,
      response: { 200: page(ZTimelineItem) },
    },
    config: { permission: 'customers:read' },
  }, async (req) => getTimeline(ctx.db, actorOf(req).workspaceId, req.params.id, req.query));

  app.post('/customers/:id/notes', {
    schema: { tags, summary: 'Add a note to the customer timeline', params: ZIdParams, body: ZNoteInput, response: { 201: ZTimelineItem } },
    config: { permission: 'customers:write' },
  }, async (req, reply) => reply.code(201).send(await addNote(ctx, actorOf(req), req.params.id, req.body.text)));

  app.get('/customers/:id/merges', {
    schema: { tags, summary: 'Merges that formed this profile (and undone ones)', params: ZIdParams, response: { 200: z.object({ data: z.array(ZMerge) }) } },
    config: { permission: 'customers:read' },
  }, async (req) => listCustomerMerges(ctx.db, actorOf(req).workspaceId, req.params.id));
}
