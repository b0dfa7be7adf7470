import { LRUCache } from 'lru-cache';
import type { Actor, AppContext } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { notFound } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import { analyzeText, type TextAnalysis } from './engine/analyze.js';
import { deserializeModel, type SentimentModel } from './engine/classifier.js';
import { detectLanguage } from './engine/languages.js';
import { keyPhrasesOf, requestTopicOf } from './engine/key-phrases.js';
import { workspaceThemes } from './workspace-themes.js';
import type { Sentiment } from './engine/sentiment.js';
import {
  deleteExamplesOfSource,
  findAnalysis,
  findModel,
  findModelInfos,
  insertExamples,
  updateCorrection,
  upsertAnalyses,
  type AnalysisRow,
  type ExampleRow,
} from './text.queries.js';
import type { TAnalysis, TExamplesRequest, TStoredAnalysis } from './text.schemas.js';
import { EXAMPLE_ORIGINS } from './text.tables.js';

// Dense weights are ~1–3 MB per model; a handful of busy workspaces' models stay warm.
const modelCache = new LRUCache<string, { trainedAt: number; model: SentimentModel }>({ max: 24 });

/** The workspace's active trained models, loaded from the database only when they changed. */
export async function activeModels(db: Db, workspaceId: string): Promise<Map<string, SentimentModel>> {
  const models = new Map<string, SentimentModel>();
  for (const info of await findModelInfos(db, workspaceId)) {
    if (!info.active) continue;
    const key = `${workspaceId}:${info.language}`;
    const cached = modelCache.get(key);
    if (cached && cached.trainedAt === info.trainedAt.getTime()) {
      models.set(info.language, cached.model);
      continue;
    }
    const row = await findModel(db, workspaceId, info.language);
    if (!row) continue;
    const model = deserializeModel(row.language, row.classes as Sentiment[], row.weights);
    modelCache.set(key, { trainedAt: row.trainedAt.getTime(), model });
    models.set(info.language, model);
  }
  return models;
}

const present = (a: TextAnalysis): TAnalysis => ({
  language: a.language,
  sentiment: a.sentiment,
  score: a.score,
  themes: a.themes,
  isFeatureRequest: a.isFeatureRequest,
});

/**
 * Analyses texts for the caller's workspace without storing them (integrations, checking the engine on
 * outside data). Uses the workspace's trained models where they are active.
 */
export async function analyzeTexts(ctx: AppContext, actor: Actor, texts: { text: string; language?: string }[]): Promise<TAnalysis[]> {
  const models = await activeModels(ctx.db, actor.workspaceId);
  const themes = await workspaceThemes(ctx.db, actor.workspaceId);
  return texts.map((t) => present(analyzeText(t, { models, themes })));
}

/** Stores labelled examples (API, CLI import) in one transaction; the language is detected where not given. */
export async function addExamples(
  ctx: AppContext,
  actor: Actor,
  examples: TExamplesRequest['examples'],
  origin: (typeof EXAMPLE_ORIGINS)[number] = 'api',
): Promise<{ stored: number; languages: Record<string, number> }> {
  const languages: Record<string, number> = {};
  const rows: ExampleRow[] = examples.map((e) => {
    const language = detectLanguage(e.text, e.language);
    languages[language] = (languages[language] ?? 0) + 1;
    return { workspaceId: actor.workspaceId, id: newId(), language, text: e.text, sentiment: e.sentiment, origin };
  });
  await ctx.db.transaction(async (tx) => {
    await insertExamples(tx, rows);
    await recordAudit(tx, actor, { action: 'text.examples.add', targetType: 'text_examples', details: { count: rows.length, origin, languages } });
  });
  return { stored: rows.length, languages };
}

/** A text held by another domain, identified by where it lives (e.g. source 'survey_response'). */
export interface SourceText {
  source: string;
  sourceId: string;
  text: string;
  language?: string | null;
  /** the score the text came with: NPS 0–10 or CSAT 1–5 */
  rating?: { scale: 'nps' | 'csat'; value: number } | null;
  occurredAt?: Date;
  /** where it came from, for the insight filters */
  customerId?: string | null;
  touchpoint?: string | null;
  channel?: string | null;
  team?: string | null;
}

/** NPS 9–10 / 0–6 and CSAT 4–5 / 1–2 are clear enough to learn from; passives and 3s are not. */
export function sentimentOfRating(rating: SourceText['rating']): Sentiment | null {
  if (!rating) return null;
  if (rating.scale === 'nps') return rating.value >= 9 ? 'positive' : rating.value <= 6 ? 'negative' : null;
  return rating.value >= 4 ? 'positive' : rating.value <= 2 ? 'negative' : null;
}

/**
 * The seam for surveys, imports and the inbox: analyses their texts, stores the result by source and id
 * (re-analysing refreshes it, a user's correction is kept) and turns scored comments into training
 * examples. Runs in the caller's transaction when given one.
 */
export async function analyzeSourceTexts(db: Db, workspaceId: string, texts: SourceText[]): Promise<TextAnalysis[]> {
  const models = await activeModels(db, workspaceId);
  const themes = await workspaceThemes(db, workspaceId);
  const results = texts.map((t) => analyzeText({ text: t.text, language: t.language }, { models, themes }));
  await upsertAnalyses(
    db,
    texts.map((t, i) => ({
      workspaceId,
      source: t.source,
      sourceId: t.sourceId,
      text: t.text,
      language: results[i].language,
      sentiment: results[i].sentiment,
      score: results[i].score,
      themes: results[i].themes,
      isFeatureRequest: results[i].isFeatureRequest,
      ratingScale: t.rating?.scale ?? null,
      rating: t.rating?.value ?? null,
      occurredAt: t.occurredAt ?? new Date(),
      customerId: t.customerId ?? null,
      touchpoint: t.touchpoint ?? null,
      channel: t.channel ?? null,
      team: t.team ?? null,
      keyPhrases: keyPhrasesOf(t.text, results[i].language),
      requestTopic: results[i].isFeatureRequest ? requestTopicOf(t.text, results[i].language, results[i].themes) : null,
    })),
  );
  const scored: ExampleRow[] = [];
  for (const [i, t] of texts.entries()) {
    const sentiment = sentimentOfRating(t.rating);
    if (!sentiment) continue;
    await deleteExamplesOfSource(db, workspaceId, t.source, t.sourceId);
    scored.push({ workspaceId, id: newId(), language: results[i].language, text: t.text, sentiment, origin: 'scored', source: t.source, sourceId: t.sourceId });
  }
  await insertExamples(db, scored);
  return results;
}

const presentStored = (r: AnalysisRow): TStoredAnalysis => ({
  source: r.source,
  sourceId: r.sourceId,
  text: r.text,
  language: r.language,
  sentiment: r.correctedSentiment ?? r.sentiment,
  score: r.score,
  themes: r.correctedThemes ?? r.themes,
  isFeatureRequest: r.isFeatureRequest,
  correctedSentiment: r.correctedSentiment,
  correctedThemes: r.correctedThemes,
  keyPhrases: r.keyPhrases,
  requestTopic: r.requestTopic,
  rating: r.ratingScale && r.rating !== null ? { scale: r.ratingScale, value: r.rating } : null,
  customerId: r.customerId,
  touchpoint: r.touchpoint,
  channel: r.channel,
  team: r.team,
  occurredAt: r.occurredAt,
});

export async function getStoredAnalysis(db: Db, workspaceId: string, source: string, sourceId: string): Promise<TStoredAnalysis> {
  const row = await findAnalysis(db, workspaceId, source, sourceId);
  if (!row) throw notFound('Text');
  return presentStored(row);
}

/**
 * A person corrects a text's sentiment and/or themes. The correction is kept beside the machine's verdict
 * and becomes a training example (replacing an earlier one for the same text).
 */
export async function correctAnalysis(
  ctx: AppContext,
  actor: Actor,
  source: string,
  sourceId: string,
  input: { sentiment?: Sentiment; themes?: string[] },
): Promise<TStoredAnalysis> {
  return ctx.db.transaction(async (tx) => {
    const row = await findAnalysis(tx, actor.workspaceId, source, sourceId);
    if (!row) throw notFound('Text');
    await updateCorrection(tx, actor.workspaceId, source, sourceId, {
      ...(input.sentiment ? { correctedSentiment: input.sentiment } : {}),
      ...(input.themes ? { correctedThemes: input.themes } : {}),
    });
    if (input.sentiment) {
      await deleteExamplesOfSource(tx, actor.workspaceId, source, sourceId);
      await insertExamples(tx, [
        { workspaceId: actor.workspaceId, id: newId(), language: row.language, text: row.text, sentiment: input.sentiment, origin: 'correction', source, sourceId },
      ]);
    }
    await recordAudit(tx, actor, { action: 'text.correct', targetType: 'text', targetId: `${source}:${sourceId}`, details: input });
    const updated = await findAnalysis(tx, actor.workspaceId, source, sourceId);
    if (!updated) throw notFound('Text');
    return presentStored(updated);
  });
}
