import { and, asc, desc, eq, gt, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { textAnalyses, textExamples, textModels } from './text.tables.js';

export type ExampleRow = typeof textExamples.$inferInsert;
export type ModelRow = typeof textModels.$inferSelect;
export type AnalysisRow = typeof textAnalyses.$inferSelect;
export type NewAnalysisRow = typeof textAnalyses.$inferInsert;

export async function insertExamples(db: Db, rows: ExampleRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insert(textExamples).values(rows.slice(i, i + 500));
}

/** A correction replaces the earlier one for the same text, so the latest judgement trains the model. */
export async function deleteExamplesOfSource(db: Db, workspaceId: string, source: string, sourceId: string): Promise<void> {
  await db.delete(textExamples).where(and(eq(textExamples.workspaceId, workspaceId), eq(textExamples.source, source), eq(textExamples.sourceId, sourceId)));
}

/** Languages with labelled examples, and how many each has. */
export async function countExamplesByLanguage(db: Db, workspaceId: string): Promise<{ language: string; n: number }[]> {
  return db
    .select({ language: textExamples.language, n: sql<number>`count(*)::int` })
    .from(textExamples)
    .where(eq(textExamples.workspaceId, workspaceId))
    .groupBy(textExamples.language)
    .orderBy(asc(textExamples.language));
}

/** Every example of one language in insertion order, read in pages so a large set never sits in one result. */
export async function findExamples(db: Db, workspaceId: string, language: string): Promise<{ text: string; sentiment: 'positive' | 'neutral' | 'negative' }[]> {
  const out: { text: string; sentiment: 'positive' | 'neutral' | 'negative' }[] = [];
  let after: string | undefined;
  for (;;) {
    const rows = await db
      .select({ id: textExamples.id, text: textExamples.text, sentiment: textExamples.sentiment })
      .from(textExamples)
      .where(and(eq(textExamples.workspaceId, workspaceId), eq(textExamples.language, language), after ? gt(textExamples.id, after) : undefined))
      .orderBy(asc(textExamples.id))
      .limit(5000);
    for (const r of rows) out.push({ text: r.text, sentiment: r.sentiment });
    if (rows.length < 5000) return out;
    after = rows[rows.length - 1].id;
  }
}

export async function upsertModel(db: Db, row: typeof textModels.$inferInsert): Promise<void> {
  await db
    .insert(textModels)
    .values(row)
    .onConflictDoUpdate({
      target: [textModels.workspaceId, textModels.language],
      set: { classes: row.classes, weights: row.weights, examples: row.examples, accuracy: row.accuracy, baselineAccuracy: row.baselineAccuracy, active: row.active, trainedAt: sql`now()` },
    });
}

/** Model metadata without the weights (cheap: checked on every analyze call). */
export async function findModelInfos(db: Db, workspaceId: string) {
  return db
    .select({
      language: textModels.language,
      examples: textModels.examples,
      accuracy: textModels.accuracy,
      baselineAccuracy: textModels.baselineAccuracy,
      active: textModels.active,
      trainedAt: textModels.trainedAt,
    })
    .from(textModels)
    .where(eq(textModels.workspaceId, workspaceId))
    .orderBy(asc(textModels.language));
}

export async function findModel(db: Db, workspaceId: string, language: string): Promise<ModelRow | undefined> {
  const [row] = await db.select().from(textModels).where(and(eq(textModels.workspaceId, workspaceId), eq(textModels.language, language)));
  return row;
}

export async function findWorkspacesWithExamples(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ workspaceId: textExamples.workspaceId }).from(textExamples);
  return rows.map((r) => r.workspaceId);
}

/** Stores (or refreshes) the analysis of texts from another domain; a user's correction survives a re-analysis. */
export async function upsertAnalyses(db: Db, rows: NewAnalysisRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insert(textAnalyses)
      .values(rows.slice(i, i + 500))
      .onConflictDoUpdate({
        target: [textAnalyses.workspaceId, textAnalyses.source, textAnalyses.sourceId],
        set: {
          text: sql`excluded.text`,
          language: sql`excluded.language`,
          sentiment: sql`excluded.sentiment`,
          score: sql`excluded.score`,
          themes: sql`excluded.themes`,
          isFeatureRequest: sql`excluded.is_feature_request`,
          ratingScale: sql`excluded.rating_scale`,
          rating: sql`excluded.rating`,
          occurredAt: sql`excluded.occurred_at`,
          analysedAt: sql`now()`,
          customerId: sql`excluded.customer_id`,
          touchpoint: sql`excluded.touchpoint`,
          channel: sql`excluded.channel`,
          team: sql`excluded.team`,
          keyPhrases: sql`excluded.key_phrases`,
          requestTopic: sql`excluded.request_topic`,
        },
      });
  }
}

export async function findAnalysis(db: Db, workspaceId: string, source: string, sourceId: string): Promise<AnalysisRow | undefined> {
  const [row] = await db
    .select()
    .from(textAnalyses)
    .where(and(eq(textAnalyses.workspaceId, workspaceId), eq(textAnalyses.source, source), eq(textAnalyses.sourceId, sourceId)));
  return row;
}

export async function updateCorrection(db: Db, workspaceId: string, source: string, sourceId: string, set: { correctedSentiment?: AnalysisRow['correctedSentiment']; correctedThemes?: string[] }) {
  await db
    .update(textAnalyses)
    .set(set)
    .where(and(eq(textAnalyses.workspaceId, workspaceId), eq(textAnalyses.source, source), eq(textAnalyses.sourceId, sourceId)));
}

/** The filter of an insight view as SQL terms: period, language, source, touchpoint, channel, team, customers. */
export interface AnalysisFilter {
  from: Date;
  to: Date;
  language?: string;
  source?: string;
  touchpoint?: string;
  channel?: string;
  team?: string;
  /** only texts of these customers (a segment or persona resolved by the customers domain) */
  customerIds?: string[];
}

export function analysisConditions(workspaceId: string, q: AnalysisFilter) {
  return [
    eq(textAnalyses.workspaceId, workspaceId),
    gte(textAnalyses.occurredAt, q.from),
    lt(textAnalyses.occurredAt, q.to),
    q.language ? eq(textAnalyses.language, q.language) : undefined,
    q.source ? eq(textAnalyses.source, q.source) : undefined,
    q.touchpoint ? eq(textAnalyses.touchpoint, q.touchpoint) : undefined,
    q.channel ? eq(textAnalyses.channel, q.channel) : undefined,
    q.team ? eq(textAnalyses.team, q.team) : undefined,
    q.customerIds ? sql`${textAnalyses.customerId} = any(${`{${q.customerIds.join(',')}}`}::uuid[])` : undefined,
  ];
}

/** Analysed texts of a period for the insight views (newest first, capped so a huge workspace stays bounded). */
export async function findAnalysesInPeriod(db: Db, workspaceId: string, q: AnalysisFilter & { limit: number }) {
  return db
    .select()
    .from(textAnalyses)
    .where(and(...analysisConditions(workspaceId, q)))
    .orderBy(desc(textAnalyses.occurredAt))
    .limit(q.limit);
}

/** The distinct known customers who wrote texts matching a filter (to narrow them to a segment or persona). */
export async function findCustomerIdsInPeriod(db: Db, workspaceId: string, q: AnalysisFilter): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: textAnalyses.customerId })
    .from(textAnalyses)
    .where(and(...analysisConditions(workspaceId, q), sql`${textAnalyses.customerId} is not null`));
  return rows.flatMap((r) => (r.id ? [r.id] : []));
}

/** Values the filter bar offers: the touchpoints, channels, teams and languages a workspace's texts carry. */
export async function findFacetValues(db: Db, workspaceId: string, column: 'touchpoint' | 'channel' | 'team' | 'language', limit: number): Promise<string[]> {
  const col = textAnalyses[column];
  const rows = await db
    .select({ value: col, n: sql<number>`count(*)::int` })
    .from(textAnalyses)
    .where(and(eq(textAnalyses.workspaceId, workspaceId), sql`${col} is not null`))
    .groupBy(col)
    .orderBy(sql`count(*) desc`, asc(col))
    .limit(limit);
  return rows.flatMap((r) => (r.value ? [r.value] : []));
}

/** A page of a workspace's stored analyses in key order (re-tag runs walk them all). */
export async function findAnalysesAfter(db: Db, workspaceId: string, after: { source: string; sourceId: string } | null, limit: number) {
  return db
    .select({ source: textAnalyses.source, sourceId: textAnalyses.sourceId, text: textAnalyses.text, language: textAnalyses.language, themes: textAnalyses.themes, isFeatureRequest: textAnalyses.isFeatureRequest })
    .from(textAnalyses)
    .where(and(eq(textAnalyses.workspaceId, workspaceId), after ? sql`(${textAnalyses.source}, ${textAnalyses.sourceId}) > (${after.source}, ${after.sourceId})` : undefined))
    .orderBy(asc(textAnalyses.source), asc(textAnalyses.sourceId))
    .limit(limit);
}

/** New themes (and request topic) of texts after a category change; a person's corrected themes stay beside them. */
export async function updateThemes(db: Db, workspaceId: string, rows: { source: string; sourceId: string; themes: string[]; requestTopic: string | null }[]) {
  if (rows.length === 0) return;
  // One statement per page instead of one per text.
  const payload = JSON.stringify(rows.map((r) => ({ source: r.source, source_id: r.sourceId, themes: r.themes, topic: r.requestTopic })));
  await db.execute(sql`
    update text_analyses t set themes = v.themes, request_topic = v.topic
    from jsonb_to_recordset(${payload}::jsonb) as v(source text, source_id text, themes jsonb, topic text)
    where t.workspace_id = ${workspaceId} and t.source = v.source and t.source_id = v.source_id`);
}
