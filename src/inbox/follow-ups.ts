import { conversationCreated } from './webhooks/webhook-events.js';
import { announceConversations } from './realtime.js';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../platform/context.js';
import { systemActor } from '../platform/context.js';
import { writeTransaction } from '../platform/db/transaction.js';
import { newId } from '../platform/ids.js';
import { ingestEvents } from '../customers/ingest.service.js';
import type { ResponseScore, SyncedResponse } from '../surveys/response-listeners.js';
import { conversations, inboxMessages, type FollowUpSource } from './inbox.tables.js';
import { findSettings } from './inbox.queries.js';
import type { TInboxSettings } from './inbox.schemas.js';

/** CSAT thresholds are set on the usual 1–5 scale; other scales are mapped onto it first. */
const onFivePointScale = (s: ResponseScore): number => (s.scaleMax === s.scaleMin ? s.score : 1 + ((s.score - s.scaleMin) * 4) / (s.scaleMax - s.scaleMin));

/** The answer that makes a response a detractor's under the workspace's thresholds, if any. */
export function detractorScore(scores: ResponseScore[], s: TInboxSettings): ResponseScore | undefined {
  return scores.find((x) => (x.metric === 'nps' && x.score <= s.npsDetractorMax) || (x.metric === 'csat' && onFivePointScale(x) <= s.csatDetractorMax));
}

const describe = (src: FollowUpSource) =>
  `${src.metric.toUpperCase()} ${src.score} on "${src.surveyName}"${src.comment ? `: ${src.comment}` : ' (no comment)'}`;

/**
 * The response listener that closes the loop: a detractor answer (NPS ≤ 6, CSAT ≤ 2 by default,
 * per workspace) of an identified customer opens one `follow_up` conversation, due
 * `followUpDueHours` (≤ 24) after the answer. Listeners run at least once — on retries, re-syncs
 * and edits of the response — so the case is keyed by the response id (a unique index): a second
 * call finds it and only records a changed score or comment as a note on the same case.
 */
export async function openFollowUp(ctx: AppContext, r: SyncedResponse): Promise<void> {
  if (!r.customerId) return; // anonymous: nobody to follow up with
  const settings = await findSettings(ctx.db, r.workspaceId);
  if (!settings.followUpsEnabled) return;
  const hit = detractorScore(r.scores, settings);
  if (!hit || (hit.metric !== 'nps' && hit.metric !== 'csat')) return;
  const ws = r.workspaceId;
  const comment = r.comments.map((c) => c.text).join('\n\n').slice(0, 20_000) || null;
  const source: FollowUpSource = { responseId: r.responseId, surveyId: r.surveyId, surveyName: r.surveyName, metric: hit.metric, score: hit.score, comment };
  const dueAt = new Date(r.answeredAt.getTime() + settings.followUpDueHours * 3600_000);
  const conversationId = await writeTransaction(ctx, async (tx) => {
    const id = newId();
    const [created] = await tx
      .insert(conversations)
      .values({
        workspaceId: ws,
        id,
        customerId: r.customerId,
        kind: 'follow_up',
        status: 'open',
        priority: 'high',
        channel: 'survey',
        team: r.team,
        language: r.language,
        subject: `Follow up: ${hit.metric.toUpperCase()} ${hit.score} on "${r.surveyName}"`.slice(0, 998),
        responseId: r.responseId,
        source,
        messageCount: 1,
        lastMessageAt: r.answeredAt,
        dueAt,
      })
      .onConflictDoNothing()
      .returning({ id: conversations.id });
    if (created) {
      await tx.insert(inboxMessages).values({ workspaceId: ws, id: newId(), conversationId: id, direction: 'in', text: describe(source), fullText: describe(source), sender: 'survey', sentAt: r.answeredAt });
      return id;
    }
    // Already open for this response: an edited answer is noted on the case, a plain retry changes nothing.
    const [existing] = await tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.workspaceId, ws), eq(conversations.responseId, r.responseId)))
      .for('update');
    const before = existing.source;
    if (before && (before.score !== source.score || before.comment !== source.comment || before.metric !== source.metric)) {
      const text = `The answer was changed: ${describe(source)}`;
      await tx.insert(inboxMessages).values({ workspaceId: ws, id: newId(), conversationId: existing.id, direction: 'in', isInternal: true, text, fullText: text, sender: 'survey', sentAt: new Date() });
      await tx
        .update(conversations)
        .set({ source, messageCount: existing.messageCount + 1, updatedAt: new Date() })
        .where(and(eq(conversations.workspaceId, ws), eq(conversations.id, existing.id)));
    }
    return existing.id;
  });
  announceConversations(ctx, ws, [conversationId], 'created');
  await conversationCreated(ctx, ws, conversationId);
  await ingestEvents(ctx, systemActor(ws, 'inbox'), [
    {
      id: `inbox:follow-up:${r.responseId}`,
      type: 'follow_up_opened',
      customer: { id: r.customerId },
      occurredAt: new Date(Math.min(Date.now(), r.answeredAt.getTime())).toISOString(),
      properties: { conversationId, responseId: r.responseId, metric: hit.metric, score: hit.score, dueAt: dueAt.toISOString() },
    },
  ]);
}
