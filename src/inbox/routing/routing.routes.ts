import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/authenticate.js';
import { ZConversation } from '../inbox.schemas.js';
import { getConversation } from '../conversations.service.js';
import {
  ZAssignBody,
  ZAvailability,
  ZNewRule,
  ZNewSlaPolicy,
  ZNotificationList,
  ZNotificationQuery,
  ZPresetBody,
  ZRule,
  ZRuleList,
  ZRuleParams,
  ZRulePatch,
  ZServiceHours,
  ZServiceHoursPatch,
  ZSlaPolicy,
  ZSlaPolicyList,
  ZTeam,
  ZTeamList,
  ZTeamMemberParams,
  ZTeamParams,
  ZTeamPut,
} from './routing.schemas.js';
import { createRule, createRuleFromPreset, deleteRule, getRule, listRules, updateRule } from './rules.service.js';
import { autoAssign, listTeams, putTeam, setMemberAvailability } from './assignment.service.js';
import { createSlaPolicy, deleteSlaPolicy, getServiceHours, listSlaPolicies, updateServiceHours } from './sla.service.js';
import { listNotifications, readNotification } from './sla-alerts.js';

/** Routing: auto-tag rules, teams and assignment, service hours and SLA policies, SLA notifications. */
export async function routingRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['inbox'];
  const read = { permission: 'inbox:read' } as const;
  const write = { permission: 'inbox:write' } as const;
  const manage = { permission: 'inbox:manage' } as const;

  app.get('/inbox/rules', { schema: { tags, summary: 'Auto-tag rules in the order they run', response: { 200: ZRuleList } }, config: read }, async (req) => listRules(ctx.db, actorOf(req).workspaceId));

  app.post('/inbox/rules', {
    schema: { tags, summary: 'Add an auto-tag rule: conditions on text, sentiment, theme, channel, customer traits and segments → tags, priority, team, assignee', body: ZNewRule, response: { 201: ZRule } },
    config: manage,
  }, async (req, reply) => reply.code(201).send(await createRule(ctx, actorOf(req), req.body)));

  app.post('/inbox/rules/presets', {
    schema: { tags, summary: 'Add a copy of a ready-made rule: sales lead, feature request, crisis, technical issue, user-generated content', body: ZPresetBody, response: { 201: ZRule } },
    config: manage,
  }, async (req, reply) => reply.code(201).send(await createRuleFromPreset(ctx, actorOf(req), req.body.preset)));

  app.get('/inbox/rules/:id', { schema: { tags, summary: 'Get an auto-tag rule', params: ZRuleParams, response: { 200: ZRule } }, config: read }, async (req) => getRule(ctx.db, actorOf(req).workspaceId, req.params.id));

  app.patch('/inbox/rules/:id', {
    schema: { tags, summary: 'Change an auto-tag rule', params: ZRuleParams, body: ZRulePatch, response: { 200: ZRule } },
    config: manage,
  }, async (req) => updateRule(ctx, actorOf(req), req.params.id, req.body));

  app.delete('/inbox/rules/:id', { schema: { tags, summary: 'Delete an auto-tag rule', params: ZRuleParams }, config: manage }, async (req, reply) => {
    await deleteRule(ctx, actorOf(req), req.params.id);
    return reply.code(204).send();
  });

  app.get('/inbox/teams', { schema: { tags, summary: 'Teams with their strategy, members, availability and open conversations', response: { 200: ZTeamList } }, config: read }, async (req) => listTeams(ctx.db, actorOf(req).workspaceId));

  app.put('/inbox/teams/:team', {
    schema: { tags, summary: 'Create or replace a team: round-robin, load-based or manual assignment, and its members', params: ZTeamParams, body: ZTeamPut, response: { 200: ZTeam } },
    config: manage,
  }, async (req) => putTeam(ctx, actorOf(req), req.params.team, req.body));

  app.patch('/inbox/teams/:team/members/:userId', {
    schema: { tags, summary: "Set an agent's availability (their own; admins anyone's)", params: ZTeamMemberParams, body: ZAvailability, response: { 200: ZTeam } },
    config: write,
  }, async (req) => setMemberAvailability(ctx, actorOf(req), req.params.team, req.params.userId, req.body.available));

  app.post('/conversations/:id/assign', {
    schema: { tags, summary: "Hand an unassigned conversation to an available agent of its team by the team's strategy", params: ZRuleParams, body: ZAssignBody, response: { 200: ZConversation } },
    config: write,
  }, async (req) => {
    const actor = actorOf(req);
    await autoAssign(ctx, actor, req.params.id, req.body.team);
    return getConversation(ctx.db, actor.workspaceId, req.params.id);
  });

  app.get('/inbox/service-hours', { schema: { tags, summary: 'Business hours, holidays, SLA warning lead time and auto-acknowledge', response: { 200: ZServiceHours } }, config: read }, async (req) => getServiceHours(ctx.db, actorOf(req).workspaceId));

  app.patch('/inbox/service-hours', {
    schema: { tags, summary: 'Change business hours, holidays, warning lead time or auto-acknowledge', body: ZServiceHoursPatch, response: { 200: ZServiceHours } },
    config: manage,
  }, async (req) => updateServiceHours(ctx, actorOf(req), req.body));

  app.get('/inbox/sla-policies', { schema: { tags, summary: 'SLA policies per priority and channel', response: { 200: ZSlaPolicyList } }, config: read }, async (req) => listSlaPolicies(ctx.db, actorOf(req).workspaceId));

  app.post('/inbox/sla-policies', {
    schema: { tags, summary: 'Add an SLA policy: first-response and resolution targets for a priority and/or channel', body: ZNewSlaPolicy, response: { 201: ZSlaPolicy } },
    config: manage,
  }, async (req, reply) => reply.code(201).send(await createSlaPolicy(ctx, actorOf(req), req.body)));

  app.delete('/inbox/sla-policies/:id', { schema: { tags, summary: 'Delete an SLA policy (running clocks keep their due times)', params: ZRuleParams }, config: manage }, async (req, reply) => {
    await deleteSlaPolicy(ctx, actorOf(req), req.params.id);
    return reply.code(204).send();
  });

  app.get('/inbox/notifications', {
    schema: { tags, summary: "SLA warnings and breaches for the caller (and for everyone), newest first", querystring: ZNotificationQuery, response: { 200: ZNotificationList } },
    config: read,
  }, async (req) => listNotifications(ctx.db, actorOf(req), req.query));

  app.post('/inbox/notifications/:id/read', { schema: { tags, summary: 'Mark a notification read', params: ZRuleParams }, config: write }, async (req, reply) => {
    await readNotification(ctx, actorOf(req), req.params.id);
    return reply.code(204).send();
  });
}
