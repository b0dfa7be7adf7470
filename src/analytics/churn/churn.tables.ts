import { index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** What a model was trained to predict: an imported attribute's value, or the workspace's "lost" rule. */
export type ChurnLabel = { attribute: string; positive: string } | { lost: true };

/** One encoded input column of the model: how a customer's raw value becomes a number. */
export interface ChurnFeatureSpec {
  /** Column name shown to people: `Contract = Month-to-month`, `tenure`, `events: purchase`. */
  name: string;
  /** The source it groups under for importance and explanations: `Contract`, `tenure`, `events: purchase`. */
  group: string;
  source: 'attribute' | 'field' | 'trait' | 'event';
  key: string;
  kind: 'number' | 'log' | 'boolean' | 'category' | 'missing';
  category?: string;
  mean: number;
  sd: number;
  coefficient: number;
}

export interface CalibrationBin {
  predicted: number;
  observed: number;
  n: number;
}

/**
 * A workspace's trained churn-propensity models (logistic regression on standardised features); the
 * newest one scores customers. Scoring progress lives here so the dashboard can show it.
 */
export const churnModels = pgTable(
  'analytics_churn_models',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    label: jsonb('label').$type<ChurnLabel>().notNull(),
    auc: real('auc').notNull(),
    brier: real('brier').notNull(),
    /** Labelled customers trained on (the held-out share included). */
    n: integer('n').notNull(),
    positives: integer('positives').notNull(),
    heldOut: integer('held_out').notNull(),
    intercept: real('intercept').notNull(),
    features: jsonb('features').$type<ChurnFeatureSpec[]>().notNull(),
    calibration: jsonb('calibration').$type<CalibrationBin[]>().notNull(),
    trainedBy: text('trained_by').notNull(),
    trainedAt: ts('trained_at').notNull().defaultNow(),
    scoreTotal: integer('score_total'),
    scoredCount: integer('scored_count').notNull().default(0),
    scoredAt: ts('scored_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('analytics_churn_models_trained_idx').on(t.workspaceId, t.trainedAt)],
);
