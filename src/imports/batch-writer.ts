import type { Actor, AppContext } from '../platform/context.js';
import type { TCustomerInput, TEventInput } from '../customers/customers.schemas.js';
import { applyBulkUpsert, prepareBulkUpsert, type PreparedBatch } from '../customers/bulk-upsert.js';
import { ingestEvents } from '../customers/ingest.service.js';
import type { RowError } from './pipeline.js';

/** A converted row on its way to the customers domain. */
export interface BatchRow<T = TCustomerInput | TEventInput> {
  row: number;
  values: string[];
  input: T;
}

/** Finds the column a rejection message is about (null when it is about the whole row). */
export type ErrorLocator = (message: string) => string | null;

export interface BatchOutcome {
  created: number;
  updated: number;
  unchanged: number;
  rejected: RowError[];
}

/** Validates and encodes a batch of profiles for writeCustomerBatch: no database, so it can run while the previous batch is written. */
export const prepareCustomerBatch = (rows: BatchRow[]): Promise<PreparedBatch> => prepareBulkUpsert(rows.map((r) => r.input as TCustomerInput));

/**
 * Writes one batch of profiles in one transaction (bulkUpsertCustomers: COPY into a staging table,
 * then set-based SQL); rows it refuses become row errors.
 */
export async function writeCustomerBatch(
  ctx: AppContext,
  actor: Actor,
  rows: BatchRow[],
  locate: ErrorLocator,
  prepared: Promise<PreparedBatch> = prepareCustomerBatch(rows),
): Promise<BatchOutcome> {
  const { results } = await applyBulkUpsert(ctx, actor, await prepared, { source: 'import' });
  const out: BatchOutcome = { created: 0, updated: 0, unchanged: 0, rejected: [] };
  for (const r of results) {
    if (r.status === 'rejected') {
      const src = rows[r.index];
      const message = r.error ?? 'rejected';
      out.rejected.push({ row: src.row, column: locate(message), message, values: src.values });
    } else out[r.status]++;
  }
  return out;
}

/**
 * Writes one batch of events (≤ 1,000, one transaction, ingestEvents). New events count as created,
 * events already stored (same id, e.g. a re-import) as unchanged.
 */
export async function writeEventBatch(ctx: AppContext, actor: Actor, rows: BatchRow[], locate: ErrorLocator): Promise<BatchOutcome> {
  const result = await ingestEvents(ctx, actor, rows.map((r) => r.input as TEventInput), { source: 'import' });
  const out: BatchOutcome = { created: 0, updated: 0, unchanged: 0, rejected: [] };
  for (const r of result.results) {
    if (r.status === 'accepted') out.created++;
    else if (r.status === 'duplicate') out.unchanged++;
    else {
      const src = rows[r.index];
      const message = r.error ?? 'rejected';
      out.rejected.push({ row: src.row, column: locate(message), message, values: src.values });
    }
  }
  return out;
}
