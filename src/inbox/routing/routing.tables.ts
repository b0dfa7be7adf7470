import { boolean, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { TRuleActions, TRuleCondition, TWeeklyHours } from './routing.schemas.js';

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const ASSIGN_STRATEGIES = ['round_robin', 'load', 'manual'] as const;

/** An auto-tag rule: conditions on a new inbound message and its sender → tags, priority, team, assignee. */
export const inboxRules = pgTable(
  'inbox_rules',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    /** Rules run in this order; a later rule may add tags but never takes a team or assignee already set. */
    position: integer('position').notNull().default(0),
    enabled: boolean('enabled').notNull().default(true),
    match: text('match', { enum: ['all', 'any'] }).notNull().default('all'),
    conditions: jsonb('conditions').$type<TRuleCondition[]>().notNull(),
    actions: jsonb('actions').$type<TRuleActions>().notNull(),
    /** The ready-made rule this one was created from ("crisis"), if any. */
    preset: text('preset'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('inbox_rules_position_idx').on(t.workspaceId, t.position)],
);

/** A team conversations are routed to, and how it hands them to its agents. */
export const inboxTeams = pgTable(
  'inbox_teams',
  {
    workspaceId: uuid('workspace_id').notNull(),
    name: text('name').notNull(),
    strategy: text('strategy', { enum: ASSIGN_STRATEGIES }).notNull().default('round_robin'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.name] })],
);

/** An agent in a team: whether they take new conversations now, and when they last got one (round-robin). */
export const inboxTeamMembers = pgTable(
  'inbox_team_members',
  {
    workspaceId: uuid('workspace_id').notNull(),
    team: text('team').notNull(),
    userId: uuid('user_id').notNull(),
    isAvailable: boolean('is_available').notNull().default(true),
    lastAssignedAt: ts('last_assigned_at'),
    assignedCount: integer('assigned_count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.team, t.userId] })],
);

/** Response and resolution targets for conversations of a priority and/or channel (null = any). */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    priority: text('priority'),
    channel: text('channel'),
    firstResponseMinutes: integer('first_response_minutes').notNull(),
    resolutionMinutes: integer('resolution_minutes').notNull(),
    /** Count only business hours (the workspace's schedule and holidays) towards the targets. */
    businessHours: boolean('business_hours').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/** Per-workspace service hours, holidays, breach warning lead time and auto-acknowledge. */
export const inboxServiceHours = pgTable('inbox_service_hours', {
  workspaceId: uuid('workspace_id').primaryKey(),
  weekly: jsonb('weekly').$type<TWeeklyHours>().notNull(),
  holidays: text('holidays').array().notNull().default(sql`'{}'::text[]`),
  warnBeforeMinutes: integer('warn_before_minutes').notNull().default(60),
  autoAcknowledge: boolean('auto_acknowledge').notNull().default(false),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** The SLA clock of one conversation: its targets and when warnings and breaches were raised (once each). */
export const conversationSla = pgTable(
  'conversation_sla',
  {
    workspaceId: uuid('workspace_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    policyId: uuid('policy_id'),
    startedAt: ts('started_at').notNull(),
    firstResponseDueAt: ts('first_response_due_at'),
    resolutionDueAt: ts('resolution_due_at'),
    firstResponseWarnedAt: ts('first_response_warned_at'),
    firstResponseBreachedAt: ts('first_response_breached_at'),
    resolutionWarnedAt: ts('resolution_warned_at'),
    resolutionBreachedAt: ts('resolution_breached_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.conversationId] }),
    index('conversation_sla_first_due_idx').on(t.workspaceId, t.firstResponseDueAt),
    index('conversation_sla_resolution_due_idx').on(t.workspaceId, t.resolutionDueAt),
  ],
);

/** What the text engine read in an inbound message: the crisis rule counts similar ones of the last hour. */
export const conversationSignals = pgTable(
  'conversation_signals',
  {
    workspaceId: uuid('workspace_id').notNull(),
    messageId: uuid('message_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    channel: text('channel').notNull(),
    sentiment: text('sentiment').notNull(),
    score: real('score').notNull(),
    themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.messageId] }), index('conversation_signals_recent_idx').on(t.workspaceId, t.createdAt)],
);

/** An in-app notification (SLA warnings and breaches), one per conversation, kind and target. */
export const inboxNotifications = pgTable(
  'inbox_notifications',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    /** The assignee at the time; null: for everyone who works the inbox. */
    userId: uuid('user_id'),
    conversationId: uuid('conversation_id').notNull(),
    kind: text('kind', { enum: ['sla_warning', 'sla_breach'] }).notNull(),
    target: text('target', { enum: ['first_response', 'resolution'] }).notNull(),
    dueAt: ts('due_at').notNull(),
    outboxId: uuid('outbox_id'),
    readAt: ts('read_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('inbox_notifications_once').on(t.workspaceId, t.conversationId, t.kind, t.target),
    index('inbox_notifications_user_idx').on(t.workspaceId, t.userId, t.createdAt),
  ],
);

/**
 * Inbound messages stored but not yet routed. A row is written in the message's own transaction and
 * removed once routing ran, so the answer to the sender never waits for routing, and a crash between
 * the two leaves the work findable: the per-minute sweep routes what is still here (route-pending.ts).
 */
export const inboxRoutingQueue = pgTable(
  'inbox_routing_queue',
  {
    workspaceId: uuid('workspace_id').notNull(),
    messageId: uuid('message_id').notNull(),
    /** Failed routing runs; after ROUTING_MAX_ATTEMPTS the message is given up on (logged). */
    attempts: integer('attempts').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.messageId] }), index('inbox_routing_queue_age_idx').on(t.workspaceId, t.createdAt)],
);
