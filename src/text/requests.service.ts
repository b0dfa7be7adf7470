import type { Actor, AppContext } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import { sendMail, type OutboxEntry } from '../platform/mail/mail.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { findCustomerValues } from '../customers/customer-lookups.js';
import { findRequestTexts, findTopicStates, markNotified, upsertTopicStatus } from './requests.queries.js';
import type { TRequestTopic } from './requests.schemas.js';
import type { TInsightsQuery } from './insights.schemas.js';
import { resolveInsightFilter } from './insight-filter.js';

/** The request list reads at most this many feature-request texts (the newest). */
const REQUEST_TEXT_LIMIT = 20_000;

/**
 * Feature requests grouped into topics, most asked first, with the customers asking and their summed
 * spend and CLV (from the customers domain), each topic's status and when its askers were last told;
 * narrowed by the insight filter (period, language, touchpoint, channel, team, segment, persona).
 */
export async function listRequestTopics(db: Db, workspaceId: string, q: TInsightsQuery = {}): Promise<TRequestTopic[]> {
  // A request list is a backlog: without a `from` it covers every request, not the last eight weeks.
  const filter = await resolveInsightFilter(db, workspaceId, { ...q, from: q.from ?? new Date(0) });
  const rows = await findRequestTexts(db, workspaceId, undefined, REQUEST_TEXT_LIMIT, filter);
  const states = await findTopicStates(db, workspaceId);
  const values = await findCustomerValues(db, workspaceId, [...new Set(rows.flatMap((r) => (r.customerId ? [r.customerId] : [])))]);
  const topics = new Map<string, typeof rows>();
  for (const r of rows) if (r.topic) topics.set(r.topic, [...(topics.get(r.topic) ?? []), r]);
  return [...topics.entries()]
    .map(([topic, list]): TRequestTopic => {
      const customers = [...new Set(list.flatMap((r) => (r.customerId && values.has(r.customerId) ? [r.customerId] : [])))];
      const languages: Record<string, number> = {};
      for (const r of list) languages[r.language] = (languages[r.language] ?? 0) + 1;
      const state = states.get(topic);
      return {
        topic,
        count: list.length,
        customers: customers.length,
        customerValue: customers.reduce((a, id) => ({ totalSpend: a.totalSpend + (values.get(id)?.totalSpend ?? 0), clv: a.clv + (values.get(id)?.clv ?? 0) }), { totalSpend: 0, clv: 0 }),
        status: state?.status ?? 'new',
        notifiedAt: state?.notifiedAt ?? null,
        notifiedCount: state?.notifiedCount ?? 0,
        lastAskedAt: list[0].occurredAt,
        languages,
        examples: list.slice(0, 3).map((r) => ({ source: r.source, sourceId: r.sourceId, text: r.text })),
      };
    })
    .sort((a, b) => b.count - a.count || b.customerValue.clv - a.customerValue.clv || a.topic.localeCompare(b.topic));
}

async function askers(db: Db, workspaceId: string, topic: string) {
  const rows = await findRequestTexts(db, workspaceId, topic, REQUEST_TEXT_LIMIT);
  if (rows.length === 0) throw notFound('Request topic');
  const counts = new Map<string, number>();
  for (const r of rows) if (r.customerId) counts.set(r.customerId, (counts.get(r.customerId) ?? 0) + 1);
  const values = await findCustomerValues(db, workspaceId, [...counts.keys()]);
  return [...values.values()].map((v) => ({ customerId: v.id, name: v.name, email: v.email, totalSpend: v.totalSpend, clv: v.clv, requests: counts.get(v.id) ?? 0 })).sort((a, b) => b.clv - a.clv);
}

/** The customers who asked for a topic, most valuable first. */
export async function listRequestCustomers(db: Db, workspaceId: string, topic: string) {
  return askers(db, workspaceId, topic);
}

/** Sets a topic's status (new → planned → done, or back); audited. */
export async function setRequestStatus(ctx: AppContext, actor: Actor, topic: string, status: 'new' | 'planned' | 'done') {
  await ctx.db.transaction(async (tx) => {
    if ((await findRequestTexts(tx, actor.workspaceId, topic, 1)).length === 0) throw notFound('Request topic');
    await upsertTopicStatus(tx, actor.workspaceId, topic, status);
    await recordAudit(tx, actor, { action: 'text.request.status', targetType: 'text_request_topic', targetId: topic, details: { status } });
  });
}

/**
 * Tells the customers who asked for a topic (those with an e-mail address) through the mail outbox, in
 * one transaction with its audit entry; mails are handed to delivery after commit.
 */
export async function notifyRequesters(ctx: AppContext, actor: Actor, topic: string, mail: { subject: string; message: string }) {
  const entries: OutboxEntry[] = [];
  const result = await ctx.db.transaction(async (tx) => {
    const people = await askers(tx, actor.workspaceId, topic);
    const reachable = people.filter((p) => p.email);
    if (reachable.length === 0) throw new AppError('conflict', 'None of the customers who asked has an e-mail address.');
    for (const p of reachable) entries.push(await sendMail(tx, actor.workspaceId, { to: p.email as string, subject: mail.subject, text: mail.message, kind: 'feature-request' }, ctx));
    await markNotified(tx, actor.workspaceId, topic, reachable.length);
    await recordAudit(tx, actor, { action: 'text.request.notify', targetType: 'text_request_topic', targetId: topic, details: { notified: reachable.length, skipped: people.length - reachable.length, subject: mail.subject } });
    return { notified: reachable.length, skipped: people.length - reachable.length };
  });
  for (const e of entries) await e.deliver();
  return result;
}
