import type { AppContext } from '../platform/context.js';
import { listEventComments } from '../customers/customer-lookups.js';
import type { SyncedResponse } from '../surveys/response-listeners.js';
import { listSyncedResponses } from '../surveys/synced-responses.js';
import { requestTopicOf } from './engine/key-phrases.js';
import { themesOf } from './engine/themes.js';
import { analyzeSourceTexts, type SourceText } from './text.service.js';
import { findAnalysesAfter, updateThemes } from './text.queries.js';
import { updateRun } from './runs.queries.js';
import { workspaceThemes } from './workspace-themes.js';

/*
 * What feeds text analytics: survey comments as they are synced (a response listener), and a backfill
 * over what already exists (survey responses through the surveys service, customer events with a comment
 * through the customers service). Both store by (source, sourceId), so running them again changes nothing.
 */

const PAGE = 200;

/** A response's rating for learning: its NPS answer, else its CSAT answer mapped onto 1–5. */
function ratingOf(r: SyncedResponse): SourceText['rating'] {
  const nps = r.scores.find((s) => s.metric === 'nps');
  if (nps) return { scale: 'nps', value: nps.score };
  const csat = r.scores.find((s) => s.metric === 'csat');
  if (!csat || csat.scaleMax <= csat.scaleMin) return null;
  return { scale: 'csat', value: 1 + Math.round(((csat.score - csat.scaleMin) / (csat.scaleMax - csat.scaleMin)) * 4) };
}

/** The texts of one synced response: one per comment, keyed `responseId:questionId` (idempotent). */
export function responseTexts(r: SyncedResponse): SourceText[] {
  const rating = ratingOf(r);
  return r.comments.map((c) => ({
    source: 'survey_response',
    sourceId: `${r.responseId}:${c.questionId}`,
    text: c.text.slice(0, 20_000),
    language: r.language,
    rating,
    occurredAt: r.answeredAt,
    customerId: r.customerId,
    touchpoint: r.touchpoint,
    channel: r.channel,
    team: r.team,
  }));
}

/** The response listener (registered in src/modules.ts): analyses the comments of a synced response. */
export async function analyzeSurveyResponse(ctx: AppContext, r: SyncedResponse): Promise<void> {
  const texts = responseTexts(r);
  if (texts.length === 0) return;
  await ctx.db.transaction((tx) => analyzeSourceTexts(tx, r.workspaceId, texts));
}

/** Analyses every existing survey comment and commented customer event of a workspace, page by page. */
export async function runBackfill(ctx: AppContext, workspaceId: string, runId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = { survey_response: 0, customer_event: 0 };
  let processed = 0;
  const progress = () => updateRun(ctx.db, workspaceId, runId, { processed, counts });
  for (let after: string | null = null; ; ) {
    const page = await listSyncedResponses(ctx, workspaceId, { afterId: after, limit: PAGE });
    const texts = page.responses.flatMap(responseTexts);
    if (texts.length) await ctx.db.transaction((tx) => analyzeSourceTexts(tx, workspaceId, texts));
    counts.survey_response += texts.length;
    processed += texts.length;
    await progress();
    if (!(after = page.nextAfterId)) break;
  }
  for (let after: string | null = null; ; ) {
    const page = await listEventComments(ctx.db, workspaceId, { afterId: after, limit: PAGE });
    const texts: SourceText[] = page.comments.map((c) => ({
      source: 'customer_event',
      sourceId: c.eventId,
      text: c.text.slice(0, 20_000),
      language: c.language,
      rating: c.rating,
      occurredAt: c.occurredAt,
      customerId: c.customerId,
      touchpoint: c.touchpoint,
      channel: c.channel,
    }));
    if (texts.length) await ctx.db.transaction((tx) => analyzeSourceTexts(tx, workspaceId, texts));
    counts.customer_event += texts.length;
    processed += texts.length;
    await progress();
    if (!(after = page.nextAfterId)) break;
  }
  return counts;
}

/** Re-tags every stored text with the workspace's current categories (after a rule change). */
export async function runRetag(ctx: AppContext, workspaceId: string, runId: string): Promise<Record<string, number>> {
  const themes = await workspaceThemes(ctx.db, workspaceId);
  let processed = 0;
  let changed = 0;
  for (let after: { source: string; sourceId: string } | null = null; ; ) {
    const rows = await findAnalysesAfter(ctx.db, workspaceId, after, 500);
    const updates = rows.map((r) => {
      const next = themesOf(r.text, r.language, themes);
      if (next.join() !== r.themes.join()) changed++;
      return { source: r.source, sourceId: r.sourceId, themes: next, requestTopic: r.isFeatureRequest ? requestTopicOf(r.text, r.language, next) : null };
    });
    await updateThemes(ctx.db, workspaceId, updates);
    processed += rows.length;
    await updateRun(ctx.db, workspaceId, runId, { processed, counts: { changed } });
    if (rows.length < 500) break;
    after = rows[rows.length - 1];
    // Tagging is CPU work; give the event loop to requests between pages.
    await new Promise((r) => setImmediate(r));
  }
  return { processed, changed };
}
