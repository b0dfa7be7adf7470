import type { Actor, AppContext } from '../../platform/context.js';
import { writeTransaction } from '../../platform/db/transaction.js';
import { listMembers } from '../../accounts/members.service.js';
import { getCustomer } from '../../customers/customers.service.js';
import { analyzeTexts } from '../../text/text.service.js';
import { updateConversationRow } from '../conversations.queries.js';
import { requireConversation } from '../conversations.service.js';
import { announceConversations } from '../realtime.js';
import { countSimilarLastHour, findRules, insertSignals, type PendingMessage } from './routing.queries.js';
import { evaluateRules, higherPriority, type RoutingFacts, type RoutingOutcome } from './rule-engine.js';
import { autoAssign } from './assignment.service.js';
import { getServiceHours, startServiceClock } from './sla.service.js';
import { findSlaPolicies } from './sla.queries.js';

/** A message sent more than a day before it arrived is history being imported: tagged, but not assigned, acknowledged or timed. */
const HISTORY_MS = 24 * 3600_000;

type CustomerFacts = RoutingFacts['customer'];

async function customerFacts(ctx: AppContext, ws: string, customerId: string): Promise<CustomerFacts> {
  try {
    const c = await getCustomer(ctx.db, ws, customerId);
    const traits: Record<string, number | string | null> = { ...(c.traits as unknown as Record<string, number | string | null>), churnRisk: c.churnRisk ?? null, country: c.country ?? null, language: c.language ?? null };
    return { traits, attributes: (c.attributes ?? {}) as Record<string, unknown>, segmentIds: c.segments.map((s) => s.id) };
  } catch {
    return null; // erased or merged away meanwhile: rules on the customer simply do not match
  }
}

/**
 * Routing of queued inbound messages (route-pending.ts takes them from the queue), after they were
 * committed and answered: the text engine reads each (sentiment, themes, feature request), the
 * workspace's auto-tag rules add tags and raise priority and may name a team or assignee; then a live
 * conversation without an assignee is handed to an agent of its team, its SLA clock starts and the
 * customer is acknowledged. Messages come in arrival order, several at once under load: the rules,
 * members, SLA policies and service hours are read once per batch, not once per message. Running it
 * twice for a message adds nothing new (tags are a set, team and assignee are only filled when empty,
 * the SLA clock starts once, a signal is stored once), so a retry after a crash is harmless.
 */
export async function routeMessages(ctx: AppContext, actor: Actor, pending: PendingMessage[]): Promise<void> {
  const ws = actor.workspaceId;
  if (pending.length === 0) return;
  const rules = await findRules(ctx.db, ws, { enabledOnly: true });
  // History (sent more than a day before it arrived) is tagged but not assigned, acknowledged or timed.
  const isLive = (m: PendingMessage) => m.arrivedAt.getTime() - m.sentAt.getTime() < HISTORY_MS;
  // History without rules to tag it has nothing to route: an import of old messages skips the text engine.
  const picks = pending.filter((m) => rules.length > 0 || isLive(m));
  if (picks.length === 0) return;
  const analyses = await analyzeTexts(ctx, actor, picks.map((m) => ({ text: m.text.slice(0, 20_000), language: m.language ?? undefined })));
  // Only live messages are signals: the crisis rule counts what arrived in the last hour, not imported history.
  await writeTransaction(ctx, (tx) =>
    insertSignals(
      tx,
      picks.flatMap((m, k) => (isLive(m) ? [{ workspaceId: ws, messageId: m.messageId, conversationId: m.conversationId, channel: m.channel, sentiment: analyses[k].sentiment, score: analyses[k].score, themes: analyses[k].themes }] : [])),
    ),
  );
  const conditions = rules.flatMap((r) => r.conditions.map((c) => c.field));
  const needsCustomer = conditions.some((f) => f === 'trait' || f === 'traitIs' || f === 'attribute' || f === 'segment');
  const needsSimilar = conditions.includes('similarInLastHour');
  const customers = new Map<string, CustomerFacts>();
  const perConversation = new Map<string, { outcome: RoutingOutcome; live: boolean; startedAt: Date; language: string }>();
  for (const [k, m] of picks.entries()) {
    const a = analyses[k];
    const customerId = m.customerId;
    if (needsCustomer && customerId && !customers.has(customerId)) customers.set(customerId, await customerFacts(ctx, ws, customerId));
    const later = needsSimilar && a.sentiment === 'negative' ? picks.slice(k + 1).map((x) => x.messageId) : [];
    const facts: RoutingFacts = {
      text: `${m.subject}\n${m.text}`,
      channel: m.channel,
      language: a.language,
      sentiment: a.sentiment,
      score: a.score,
      themes: a.themes,
      isFeatureRequest: a.isFeatureRequest,
      customer: customerId ? (customers.get(customerId) ?? null) : null,
      similarInLastHour: needsSimilar && a.sentiment === 'negative' ? await countSimilarLastHour(ctx.db, ws, a.themes, m.channel, later) : 0,
    };
    const outcome = evaluateRules(rules, facts);
    const live = isLive(m);
    const prev = perConversation.get(m.conversationId);
    if (!prev) {
      perConversation.set(m.conversationId, { outcome, live, startedAt: m.sentAt, language: a.language });
      continue;
    }
    prev.outcome.tags = [...new Set([...prev.outcome.tags, ...outcome.tags])];
    prev.outcome.priority = prev.outcome.priority ? higherPriority(prev.outcome.priority, outcome.priority) : outcome.priority;
    prev.outcome.team ??= outcome.team;
    prev.outcome.assigneeId ??= outcome.assigneeId;
    prev.live ||= live;
    if (m.sentAt < prev.startedAt) prev.startedAt = m.sentAt;
  }
  const wantsMember = [...perConversation.values()].some((p) => p.outcome.assigneeId);
  const members = new Set(wantsMember ? (await listMembers(ctx.db, ws)).map((m) => m.userId) : []);
  const anyLive = [...perConversation.values()].some((p) => p.live);
  const clock = anyLive ? { policies: await findSlaPolicies(ctx.db, ws), hours: await getServiceHours(ctx.db, ws) } : undefined;
  const changed: string[] = [];
  for (const [conversationId, { outcome, live, startedAt, language }] of perConversation) {
    const conv = await writeTransaction(ctx, async (tx) => {
      const c = await requireConversation(tx, ws, conversationId, { lock: true });
      const tags = [...new Set([...c.tags, ...outcome.tags])];
      const priority = higherPriority(c.priority, outcome.priority);
      const team = c.team ?? outcome.team;
      const assigneeId = c.assigneeId ?? (outcome.assigneeId && members.has(outcome.assigneeId) ? outcome.assigneeId : null);
      if (tags.length !== c.tags.length || priority !== c.priority || team !== c.team || assigneeId !== c.assigneeId) {
        await updateConversationRow(tx, ws, c.id, { tags, priority, team, assigneeId });
        changed.push(c.id);
      }
      if (assigneeId && assigneeId !== c.assigneeId) {
        await ctx.audit(tx, actor, { action: 'conversation.assigned', targetType: 'conversation', targetId: c.id, details: { from: null, to: assigneeId, rules: outcome.matched } });
      }
      return { ...c, tags, priority, team, assigneeId };
    });
    if (!live || !clock) continue;
    if (conv.team && !conv.assigneeId && (await autoAssign(ctx, actor, conv.id))) changed.push(conv.id);
    await startServiceClock(ctx, actor, conv.id, startedAt, conv.language ?? language, clock);
  }
  announceConversations(ctx, ws, changed, 'updated');
}
