import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/authenticate.js';
import {
  ZHistoryQuery,
  ZNewSegment,
  ZPageQuery,
  ZPreview,
  ZPreviewRequest,
  ZRecomputeAccepted,
  ZSegment,
  ZSegmentHistory,
  ZSegmentIdParams,
  ZSegmentList,
  ZSegmentMembers,
  ZSegmentPatch,
} from './segments.schemas.js';
import {
  createSegment,
  deleteSegment,
  getSegment,
  getSegmentHistory,
  listSegmentMembers,
  listSegments,
  previewSegment,
  requestRecompute,
  updateSegment,
} from './segments.service.js';

export async function segmentRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['segments'];
  const read = { permission: 'segments:read' } as const;
  const manage = { permission: 'segments:manage' } as const;

  app.get('/segments', {
    schema: { tags, summary: 'List segments, newest first', querystring: ZPageQuery, response: { 200: ZSegmentList } },
    config: read,
  }, async (req) => listSegments(ctx.db, actorOf(req).workspaceId, req.query));

  app.post('/segments', {
    schema: { tags, summary: 'Create a segment from a rule and compute its members', body: ZNewSegment, response: { 201: ZSegment } },
    config: manage,
  }, async (req, reply) => reply.code(201).send(await createSegment(ctx, actorOf(req), req.body)));

  app.post('/segments/preview', {
    schema: { tags, summary: 'Count the customers a rule matches, with a sample (live count while editing)', body: ZPreviewRequest, response: { 200: ZPreview } },
    config: read,
  }, async (req) => previewSegment(ctx.db, actorOf(req).workspaceId, req.body.rules));

  app.get('/segments/:id', {
    schema: { tags, summary: 'Get a segment with its member count', params: ZSegmentIdParams, response: { 200: ZSegment } },
    config: read,
  }, async (req) => getSegment(ctx.db, actorOf(req).workspaceId, req.params.id));

  app.patch('/segments/:id', {
    schema: { tags, summary: 'Change a segment; a new rule recomputes its members', params: ZSegmentIdParams, body: ZSegmentPatch, response: { 200: ZSegment } },
    config: manage,
  }, async (req) => updateSegment(ctx, actorOf(req), req.params.id, req.body));

  app.delete('/segments/:id', {
    schema: { tags, summary: 'Delete a segment (409 while another segment or a persona uses it)', params: ZSegmentIdParams },
    config: manage,
  }, async (req, reply) => {
    await deleteSegment(ctx, actorOf(req), req.params.id);
    return reply.code(204).send();
  });

  app.get('/segments/:id/members', {
    schema: { tags, summary: 'List the customers in a segment', params: ZSegmentIdParams, querystring: ZPageQuery, response: { 200: ZSegmentMembers } },
    config: read,
  }, async (req) => listSegmentMembers(ctx.db, actorOf(req).workspaceId, req.params.id, req.query));

  app.get('/segments/:id/history', {
    schema: { tags, summary: 'Segment size per day, with customers entered and left', params: ZSegmentIdParams, querystring: ZHistoryQuery, response: { 200: ZSegmentHistory } },
    config: read,
  }, async (req) => getSegmentHistory(ctx.db, actorOf(req).workspaceId, req.params.id, req.query.days));

  app.post('/segments/:id/recompute', {
    schema: { tags, summary: 'Queue a full recompute of a segment and the segments that use it', params: ZSegmentIdParams, response: { 202: ZRecomputeAccepted } },
    config: manage,
  }, async (req, reply) => reply.code(202).send(await requestRecompute(ctx, actorOf(req), req.params.id)));
}
