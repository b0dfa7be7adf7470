import type { Actor, AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { writeTransaction } from '../../platform/db/transaction.js';
import { notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { getWorkspace } from '../../accounts/workspaces.service.js';
import { updateConversationRow, type ConversationRow } from '../conversations.queries.js';
import { requireConversation } from '../conversations.service.js';
import { addBusinessMinutes, ALWAYS_OPEN, OFFICE_HOURS, type ServiceCalendar } from './business-hours.js';
import { deleteSlaPolicyRow, findServiceHours, findSlaPolicies, findSlas, insertSla, insertSlaPolicy, retimeSla, upsertServiceHours, type SlaPolicyRow } from './sla.queries.js';
import { acknowledgeConversation } from './auto-acknowledge.js';
import type { TNewSlaPolicy, TServiceHours, TServiceHoursPatch } from './routing.schemas.js';

/** Without a policy of its own a conversation is due as the promise: answered within 24 h, resolved within 3 days. */
export const DEFAULT_TARGETS = { firstResponseMinutes: 24 * 60, resolutionMinutes: 3 * 24 * 60, businessHours: false } as const;

export async function getServiceHours(db: Db, ws: string): Promise<TServiceHours> {
  const [row, workspace] = await Promise.all([findServiceHours(db, ws), getWorkspace(db, ws)]);
  return {
    weekly: row?.weekly ?? OFFICE_HOURS,
    holidays: row?.holidays ?? [],
    warnBeforeMinutes: row?.warnBeforeMinutes ?? 60,
    autoAcknowledge: row?.autoAcknowledge ?? false,
    timeZone: workspace.timeZone,
  };
}

/** The calendar business-hours targets count in: the workspace's hours and holidays in its time zone. */
export async function serviceCalendar(db: Db, ws: string): Promise<ServiceCalendar> {
  const h = await getServiceHours(db, ws);
  return { timeZone: h.timeZone, weekly: h.weekly, holidays: h.holidays };
}

export async function updateServiceHours(ctx: AppContext, actor: Actor, patch: TServiceHoursPatch): Promise<TServiceHours> {
  const ws = actor.workspaceId;
  const current = await getServiceHours(ctx.db, ws);
  await ctx.db.transaction(async (tx) => {
    const { timeZone: _tz, ...rest } = { ...current, ...patch };
    await upsertServiceHours(tx, { workspaceId: ws, ...rest, holidays: [...new Set(rest.holidays)].sort() });
    await ctx.audit(tx, actor, { action: 'inbox.service_hours.updated', targetType: 'inbox_service_hours', details: { fields: Object.keys(patch) } });
  });
  return getServiceHours(ctx.db, ws);
}

const presentPolicy = (p: SlaPolicyRow) => ({
  id: p.id,
  name: p.name,
  priority: p.priority as TNewSlaPolicy['priority'],
  channel: p.channel,
  firstResponseMinutes: p.firstResponseMinutes,
  resolutionMinutes: p.resolutionMinutes,
  businessHours: p.businessHours,
  createdAt: p.createdAt,
});

export async function listSlaPolicies(db: Db, ws: string) {
  return { data: (await findSlaPolicies(db, ws)).map(presentPolicy) };
}

export async function createSlaPolicy(ctx: AppContext, actor: Actor, input: TNewSlaPolicy) {
  const id = newId();
  await ctx.db.transaction(async (tx) => {
    await insertSlaPolicy(tx, { workspaceId: actor.workspaceId, id, ...input });
    await ctx.audit(tx, actor, { action: 'inbox.sla_policy.created', targetType: 'sla_policy', targetId: id, details: { ...input } });
  });
  return (await listSlaPolicies(ctx.db, actor.workspaceId)).data.find((p) => p.id === id)!;
}

export async function deleteSlaPolicy(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    if (!(await deleteSlaPolicyRow(tx, actor.workspaceId, id))) throw notFound('SLA policy');
    await ctx.audit(tx, actor, { action: 'inbox.sla_policy.deleted', targetType: 'sla_policy', targetId: id });
  });
}

/** The policy for a priority and channel: one naming both beats one naming either, which beats a catch-all; ties go to the oldest. */
export function choosePolicy(policies: SlaPolicyRow[], priority: string, channel: string): SlaPolicyRow | undefined {
  const fits = policies.filter((p) => (p.priority === null || p.priority === priority) && (p.channel === null || p.channel === channel));
  const rank = (p: SlaPolicyRow) => (p.priority !== null ? 2 : 0) + (p.channel !== null ? 1 : 0);
  return fits.sort((a, b) => rank(b) - rank(a) || (a.id < b.id ? -1 : 1))[0];
}

/** Due times of a conversation that arrived at `startedAt` under a policy (or the default targets). */
export function dueTimes(startedAt: Date, policy: Pick<SlaPolicyRow, 'firstResponseMinutes' | 'resolutionMinutes' | 'businessHours'> | undefined, cal: ServiceCalendar) {
  const p = policy ?? DEFAULT_TARGETS;
  const c = p.businessHours ? cal : { ...cal, weekly: ALWAYS_OPEN, holidays: [] };
  return { firstResponseDueAt: addBusinessMinutes(startedAt, p.firstResponseMinutes, c), resolutionDueAt: addBusinessMinutes(startedAt, p.resolutionMinutes, c) };
}

/**
 * Starts a conversation's SLA clock at its first customer message, by the policy of its priority and
 * channel, and shows the first-response due time as the conversation's `dueAt` (unless an agent set one).
 * Starts once: later messages find the clock running. The first start also acknowledges the customer
 * when the workspace has auto-acknowledge on.
 */
export async function startServiceClock(
  ctx: AppContext,
  actor: Actor,
  conversationId: string,
  startedAt: Date,
  language?: string | null,
  // Routing a batch reads these once for all its conversations.
  loaded?: { policies: SlaPolicyRow[]; hours: TServiceHours },
): Promise<void> {
  const ws = actor.workspaceId;
  const { policies, hours } = loaded ?? { policies: await findSlaPolicies(ctx.db, ws), hours: await getServiceHours(ctx.db, ws) };
  const cal: ServiceCalendar = { timeZone: hours.timeZone, weekly: hours.weekly, holidays: hours.holidays };
  const started = await writeTransaction(ctx, async (tx) => {
    const conv = await requireConversation(tx, ws, conversationId, { lock: true });
    const policy = choosePolicy(policies, conv.priority, conv.channel);
    const due = dueTimes(startedAt, policy, cal);
    const fresh = await insertSla(tx, { workspaceId: ws, conversationId, policyId: policy?.id ?? null, startedAt, ...due });
    if (fresh && !conv.dueAt) await updateConversationRow(tx, ws, conversationId, { dueAt: due.firstResponseDueAt });
    return fresh ? { conv, due } : undefined;
  });
  if (started && hours.autoAcknowledge) {
    await acknowledgeConversation(ctx, started.conv, started.due.firstResponseDueAt, hours.timeZone, language ?? started.conv.language ?? (await getWorkspace(ctx.db, ws)).defaultLanguage);
  }
}

/**
 * Re-times a running SLA clock for a conversation's new priority: the due times are computed again from
 * the clock's start under the policy that now fits (priority and channel), in business or wall-clock
 * minutes as that policy says. `dueAt` follows the first-response due time unless an agent had set a
 * due time of their own. A conversation whose clock has not started yet needs nothing: its clock starts
 * under the new priority. Runs in the caller's transaction (the conversation row is locked there).
 * Alerts already raised stay raised (each is raised once per conversation, kind and target).
 */
export async function retimeServiceClock(tx: Db, conv: ConversationRow, priority: ConversationRow['priority']): Promise<{ dueAt: Date | null } | undefined> {
  const ws = conv.workspaceId;
  const [clock] = await findSlas(tx, ws, [conv.id]);
  if (!clock) return undefined;
  const [policies, hours] = await Promise.all([findSlaPolicies(tx, ws), getServiceHours(tx, ws)]);
  const policy = choosePolicy(policies, priority, conv.channel);
  const due = dueTimes(clock.startedAt, policy, { timeZone: hours.timeZone, weekly: hours.weekly, holidays: hours.holidays });
  await retimeSla(tx, ws, conv.id, { policyId: policy?.id ?? null, ...due });
  const followsClock = conv.dueAt !== null && clock.firstResponseDueAt !== null && conv.dueAt.getTime() === clock.firstResponseDueAt.getTime();
  return { dueAt: followsClock ? due.firstResponseDueAt : conv.dueAt };
}
