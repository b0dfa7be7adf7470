import { z } from 'zod';

const PRIORITY = z.enum(['low', 'normal', 'high', 'urgent']);
const words = z.array(z.string().trim().min(1).max(200)).min(1).max(200);
const NUMERIC_TRAITS = ['orderCount', 'totalSpend', 'avgOrderValue', 'refundTotal', 'clv', 'npsScore', 'csatScore', 'cesScore', 'supportCases', 'openSupportCases', 'churnRisk'] as const;
const TEXT_TRAITS = ['lifecycleStage', 'npsCategory', 'country', 'language'] as const;

/** One condition of a rule; a rule matches when all (or any) of its conditions do. */
export const ZRuleCondition = z.discriminatedUnion('field', [
  z.object({ field: z.literal('text'), anyOf: words.describe('Keywords or phrases in any language, matched case- and accent-insensitively on word boundaries') }),
  z.object({ field: z.literal('sentiment'), is: z.enum(['negative', 'neutral', 'positive']) }),
  z.object({ field: z.literal('sentimentScore'), max: z.number().min(-1).max(1).optional(), min: z.number().min(-1).max(1).optional() }).refine((c) => c.max !== undefined || c.min !== undefined, 'give min or max'),
  z.object({ field: z.literal('theme'), anyOf: words.describe('Themes of the text engine (e.g. delivery, price)') }),
  z.object({ field: z.literal('featureRequest'), is: z.boolean() }),
  z.object({ field: z.literal('channel'), anyOf: words }),
  z.object({ field: z.literal('language'), anyOf: words }),
  z.object({ field: z.literal('trait'), key: z.enum(NUMERIC_TRAITS), min: z.number().optional(), max: z.number().optional() }).refine((c) => c.max !== undefined || c.min !== undefined, 'give min or max'),
  z.object({ field: z.literal('traitIs'), key: z.enum(TEXT_TRAITS), anyOf: words }),
  z.object({ field: z.literal('attribute'), key: z.string().min(1).max(64), anyOf: words.optional().describe('Absent: the attribute just has to be set') }),
  z.object({ field: z.literal('segment'), anyOf: z.array(z.uuid()).min(1).max(50) }),
  z.object({ field: z.literal('similarInLastHour'), min: z.number().int().min(2).max(100_000).describe('At least this many negative messages on the same theme (or, without a theme, the same channel) in the last hour, this one included') }),
]);
export type TRuleCondition = z.infer<typeof ZRuleCondition>;

export const ZRuleActions = z
  .object({
    tags: z.array(z.string().trim().min(1).max(64)).max(20).optional(),
    priority: PRIORITY.optional().describe('Raises the priority (never lowers it)'),
    team: z.string().trim().min(1).max(100).optional().describe('Routed to this team (when none is set yet); its strategy picks the agent'),
    assigneeId: z.uuid().optional().describe('Assigned to this member (when nobody is yet)'),
  })
  .refine((a) => Object.keys(a).length > 0, 'give at least one action');
export type TRuleActions = z.infer<typeof ZRuleActions>;

export const ZNewRule = z.object({
  name: z.string().trim().min(1).max(200),
  enabled: z.boolean().default(true),
  position: z.number().int().min(0).max(10_000).default(0),
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(ZRuleCondition).min(1).max(20),
  actions: ZRuleActions,
});
export const ZRulePatch = ZNewRule.partial().refine((v) => Object.keys(v).length > 0, 'send at least one field');
export const ZRule = z.object({
  id: z.uuid(),
  name: z.string(),
  enabled: z.boolean(),
  position: z.number().int(),
  match: z.enum(['all', 'any']),
  conditions: z.array(ZRuleCondition),
  actions: ZRuleActions,
  preset: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export const ZRuleList = z.object({ data: z.array(ZRule) });
export const ZPresetBody = z.object({ preset: z.enum(['sales_lead', 'feature_request', 'crisis', 'technical_issue', 'user_generated_content']) });
export type TNewRule = z.infer<typeof ZNewRule>;
export type TRulePatch = z.infer<typeof ZRulePatch>;
export type TRule = z.infer<typeof ZRule>;

export const ZRuleParams = z.object({ id: z.uuid() });

const TEAM_NAME = z.string().trim().min(1).max(100);
export const ZTeamParams = z.object({ team: TEAM_NAME });
export const ZTeamMemberParams = z.object({ team: TEAM_NAME, userId: z.uuid() });
export const ZTeamPut = z.object({
  strategy: z.enum(['round_robin', 'load', 'manual']).default('round_robin'),
  members: z.array(z.object({ userId: z.uuid(), available: z.boolean().default(true) })).max(500),
});
export const ZAvailability = z.object({ available: z.boolean() });
export const ZTeam = z.object({
  name: z.string(),
  strategy: z.enum(['round_robin', 'load', 'manual']),
  members: z.array(z.object({ userId: z.uuid(), available: z.boolean(), openConversations: z.number().int(), lastAssignedAt: z.date().nullable() })),
});
export const ZTeamList = z.object({ data: z.array(ZTeam) });
export const ZAssignBody = z.object({ team: TEAM_NAME.optional().describe("Route to this team first; else the conversation's team") });
export type TTeamPut = z.infer<typeof ZTeamPut>;
export type TTeam = z.infer<typeof ZTeam>;

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
/** Opening hours per ISO weekday (1 = Monday … 7 = Sunday), local to the workspace's time zone. */
export const ZWeeklyHours = z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.array(z.tuple([HHMM, HHMM]).refine(([a, b]) => a < b, 'opens before it closes')).max(6));
export type TWeeklyHours = z.infer<typeof ZWeeklyHours>;

export const ZServiceHours = z.object({
  weekly: ZWeeklyHours,
  holidays: z.array(z.iso.date()).max(500),
  warnBeforeMinutes: z.number().int().min(1).max(10_080),
  autoAcknowledge: z.boolean(),
  timeZone: z.string().describe("The workspace's time zone (change it in the workspace settings)"),
});
export const ZServiceHoursPatch = ZServiceHours.omit({ timeZone: true }).partial().refine((v) => Object.keys(v).length > 0, 'send at least one setting');
export type TServiceHours = z.infer<typeof ZServiceHours>;
export type TServiceHoursPatch = z.infer<typeof ZServiceHoursPatch>;

export const ZNewSlaPolicy = z.object({
  name: z.string().trim().min(1).max(200),
  priority: PRIORITY.nullable().default(null).describe('null: any priority'),
  channel: z.string().trim().min(1).max(50).nullable().default(null).describe('null: any channel'),
  firstResponseMinutes: z.number().int().min(1).max(525_600),
  resolutionMinutes: z.number().int().min(1).max(525_600),
  businessHours: z.boolean().default(true),
});
export const ZSlaPolicy = ZNewSlaPolicy.extend({ id: z.uuid(), createdAt: z.date() });
export const ZSlaPolicyList = z.object({ data: z.array(ZSlaPolicy) });
export type TNewSlaPolicy = z.infer<typeof ZNewSlaPolicy>;

export const ZNotification = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  userId: z.uuid().nullable(),
  kind: z.enum(['sla_warning', 'sla_breach']),
  target: z.enum(['first_response', 'resolution']),
  dueAt: z.date(),
  readAt: z.date().nullable(),
  createdAt: z.date(),
});
export const ZNotificationList = z.object({ data: z.array(ZNotification) });
export const ZNotificationQuery = z.object({ unread: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
