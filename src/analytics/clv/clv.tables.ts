import { bigint, integer, jsonb, pgTable, primaryKey, real, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** Fitted BG/NBD (r, α, a, b) and Gamma-Gamma (p, q, γ) parameters; time is measured in weeks. */
export interface ClvParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
  p: number;
  q: number;
  gamma: number;
}

/** The newest predictive CLV fit of a workspace (one row per workspace, replaced by each fit). */
export const clvFits = pgTable('analytics_clv_fits', {
  workspaceId: uuid('workspace_id').primaryKey(),
  parameters: jsonb('parameters').$type<ClvParameters>().notNull(),
  /** Customers with at least one purchase that the fit used; repeat buyers fit the Gamma-Gamma part. */
  customers: integer('customers').notNull(),
  repeatCustomers: integer('repeat_customers').notNull(),
  horizonWeeks: integer('horizon_weeks').notNull(),
  fittedAt: ts('fitted_at').notNull().defaultNow(),
});

/** Per customer: expected purchases and value (minor units, base currency) over the fit's horizon. */
export const clvPredictions = pgTable(
  'analytics_clv_predictions',
  {
    workspaceId: uuid('workspace_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    expectedPurchases: real('expected_purchases').notNull(),
    probabilityAlive: real('probability_alive').notNull(),
    expectedValue: bigint('expected_value', { mode: 'number' }).notNull(),
    fittedAt: ts('fitted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.customerId] })],
);
