import type { Actor, AppContext } from '../../platform/context.js';
import { writeTransaction } from '../../platform/db/transaction.js';
import { listMembers } from '../../accounts/members.service.js';
import { getCustomer } from '../../customers/customers.service.js';
import { analyzeTexts } from '../../text/text.service.js';
import { updateConversationRow } from '../conversations.queries.js';
import { requireConversation } from '../conversations.service.js';
import { announceConversations } from '../realtime.js';
import type { InboxRow } from '../inbox.queries.js';
import type { IncomingMessage, StoredMessage } from '../store-messages.js';
import { countSimilarLastHour, findRules, insertSignals } from './routing.queries.js';
import { evaluateRules, higherPriority, type RoutingFacts, type RoutingOutcome } from './rule-engine.js';
import { autoAssign } from './assignment.service.js';
import { startServiceClock } from './sla.service.js';

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
 * Routing of newly stored inbound messages, run after they are committed: the text engine reads each
 * (sentiment, themes, feature request), the workspace's auto-tag rules add tags and raise priority and
 * may name a team or assignee; then a live conversation without an assignee is handed to an agent of its
 * team, its SLA clock starts and the customer is acknowledged. Derived work: it never fails the write
 * (the caller logs and moves on), and running it twice for a message adds nothing new (tags are a set,
 * team and assignee are only filled when empty, the SLA clock starts once).
 */
export async function routeStoredMessages(ctx: AppContext, actor: Actor, inbox: InboxRow, items: IncomingMessage[], stored: StoredMessage[]): Promise<void> {
  const ws = actor.workspaceId;
  const rules = await findRules(ctx.db, ws, { enabledOnly: true });
  const isLive = (i: number) => Date.now() - items[i].sentAt.getTime() < HISTORY_MS;
  // History without rules to tag it has nothing to route: an import of old messages skips the text engine.
  const picks = items.flatMap((m, i) => (stored[i]?.created && m.direction === 'in' && !m.internal && (rules.length > 0 || isLive(i)) ? [i] : []));
  if (picks.length === 0) return;
  const analyses = await analyzeTexts(ctx, actor, picks.map((i) => ({ text: items[i].text.slice(0, 20_000), language: items[i].language ?? undefined })));
  // Only live messages are signals: the crisis rule counts what arrived in the last hour, not imported history.
  await writeTransaction(ctx, (tx) =>
    insertSignals(
      tx,
      picks.flatMap((i, k) => (isLive(i) ? [{ workspaceId: ws, messageId: stored[i].id, conversationId: stored[i].conversationId, channel: inbox.channel, sentiment: analyses[k].sentiment, score: analyses[k].score, themes: analyses[k].themes }] : [])),
    ),
  );
  const conditions = rules.flatMap((r) => r.conditions.map((c) => c.field));
  const needsCustomer = conditions.some((f) => f === 'trait' || f === 'traitIs' || f === 'attribute' || f === 'segment');
  const needsSimilar = conditions.includes('similarInLastHour');
  const customers = new Map<string, CustomerFacts>();
  const perConversation = new Map<string, { outcome: RoutingOutcome; live: boolean; startedAt: Date; language: string }>();
  for (const [k, i] of picks.entries()) {
    const a = analyses[k];
    const customerId = stored[i].customerId;
    if (needsCustomer && customerId && !customers.has(customerId)) customers.set(customerId, await customerFacts(ctx, ws, customerId));
    const facts: RoutingFacts = {
      text: `${items[i].subject}\n${items[i].text}`,
      channel: inbox.channel,
      language: a.language,
      sentiment: a.sentiment,
      score: a.score,
      themes: a.themes,
      isFeatureRequest: a.isFeatureRequest,
      customer: customerId ? (customers.get(customerId) ?? null) : null,
      similarInLastHour: needsSimilar && a.sentiment === 'negative' ? await countSimilarLastHour(ctx.db, ws, a.themes, inbox.channel) : 0,
    };
    const outcome = evaluateRules(rules, facts);
    const live = isLive(i);
    const prev = perConversation.get(stored[i].conversationId);
    if (!prev) {
      perConversation.set(stored[i].conversationId, { outcome, live, startedAt: items[i].sentAt, language: a.language });
      continue;
    }
    prev.outcome.tags = [...new Set([...prev.outcome.tags, ...outcome.tags])];
    prev.outcome.priority = prev.outcome.priority ? higherPriority(prev.outcome.priority, outcome.priority) : outcome.priority;
    prev.outcome.team ??= outcome.team;
    prev.outcome.assigneeId ??= outcome.assigneeId;
    prev.live ||= live;
    if (items[i].sentAt < prev.startedAt) prev.startedAt = items[i].sentAt;
  }
  const members = new Set((await listMembers(ctx.db, ws)).map((m) => m.userId));
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
    if (!live) continue;
    if (conv.team && !conv.assigneeId && (await autoAssign(ctx, actor, conv.id))) changed.push(conv.id);
    await startServiceClock(ctx, actor, conv.id, startedAt, conv.language ?? language);
  }
  announceConversations(ctx, ws, changed, 'updated');
}
