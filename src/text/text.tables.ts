import { boolean, customType, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (v) => v,
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)),
});

export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export const EXAMPLE_ORIGINS = ['api', 'import', 'scored', 'correction'] as const;

/**
 * Labelled texts a workspace trains its own models on: sent through the API or CLI, comments that came
 * with a score (NPS 9–10 / 0–6, CSAT 4–5 / 1–2, fed by the surveys domain), and users' corrections.
 * `source`/`source_id` name the text an example came from, so a later correction replaces it.
 */
export const textExamples = pgTable(
  'text_examples',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    language: text('language').notNull(),
    text: text('text').notNull(),
    sentiment: text('sentiment', { enum: SENTIMENTS }).notNull(),
    origin: text('origin', { enum: EXAMPLE_ORIGINS }).notNull(),
    source: text('source'),
    sourceId: text('source_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('text_examples_language_idx').on(t.workspaceId, t.language), index('text_examples_source_idx').on(t.workspaceId, t.source, t.sourceId)],
);

/** A workspace's trained sentiment model for one language, with how it did against the shipped one. */
export const textModels = pgTable(
  'text_models',
  {
    workspaceId: uuid('workspace_id').notNull(),
    language: text('language').notNull(),
    classes: jsonb('classes').$type<string[]>().notNull(),
    weights: bytea('weights').notNull(),
    examples: integer('examples').notNull(),
    /** accuracy on the workspace's held-out examples: the trained model, and the shipped one on the same texts */
    accuracy: real('accuracy').notNull(),
    baselineAccuracy: real('baseline_accuracy').notNull(),
    /** used for analysis only when it beat the shipped model on the held-out examples */
    active: boolean('active').notNull(),
    trainedAt: ts('trained_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.language] })],
);

/**
 * The analysis of every text Kunde holds (survey comments, imported reviews, support messages), keyed by
 * where it lives. Other domains call `analyzeSourceTexts`; corrections by users are kept beside the
 * machine's verdict.
 */
export const textAnalyses = pgTable(
  'text_analyses',
  {
    workspaceId: uuid('workspace_id').notNull(),
    source: text('source').notNull(),
    sourceId: text('source_id').notNull(),
    text: text('text').notNull(),
    language: text('language').notNull(),
    sentiment: text('sentiment', { enum: SENTIMENTS }).notNull(),
    score: real('score').notNull(),
    themes: jsonb('themes').$type<string[]>().notNull().default([]),
    isFeatureRequest: boolean('is_feature_request').notNull().default(false),
    /** the respondent's score where the text came with one (NPS 0–10, CSAT 1–5) */
    ratingScale: text('rating_scale', { enum: ['nps', 'csat'] }),
    rating: integer('rating'),
    correctedSentiment: text('corrected_sentiment', { enum: SENTIMENTS }),
    correctedThemes: jsonb('corrected_themes').$type<string[]>(),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
    analysedAt: ts('analysed_at').notNull().defaultNow(),
    /** where the text came from, for the insight filters (copied from the survey response or event) */
    customerId: uuid('customer_id'),
    touchpoint: text('touchpoint'),
    channel: text('channel'),
    team: text('team'),
    /** key phrases (language-merged concepts like "delivery", else the text's own word pairs) for clouds */
    keyPhrases: jsonb('key_phrases').$type<string[]>().notNull().default([]),
    /** the request topic of a feature request (its first theme or key phrase), grouping the request list */
    requestTopic: text('request_topic'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.source, t.sourceId] }),
    index('text_analyses_time_idx').on(t.workspaceId, t.occurredAt),
    index('text_analyses_request_idx').on(t.workspaceId, t.requestTopic),
  ],
);
