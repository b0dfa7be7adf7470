import type { Actor, AppContext } from '../platform/context.js';
import { defineAttributes, listAttributeDefinitions } from '../customers/attributes.service.js';
import { openCsv, readHeader, type Delimiter, type ByteSource } from './csv-reader.js';
import type { ImportKind } from './field-catalog.js';
import { buildPlan, checkHeaders, cleanHeaders, type ImportPlan } from './mapping.js';
import { columnForError, toCustomerProfile, toEventInput } from './row-mapper.js';
import { prepareCustomerBatch, writeCustomerBatch, writeEventBatch, type BatchRow, type BatchOutcome } from './batch-writer.js';
import type { PreparedBatch } from '../customers/bulk-upsert.js';
import { blankToNull, type ValueType } from './value-types.js';
import { waitForTraits } from '../customers/traits.service.js';

/** How many rows the type of each column is guessed from. */
export const SAMPLE_ROWS = 5000;
// Customers go through bulkUpsertCustomers, whose per-batch cost (staging tables, a dozen statements) wants big batches.
export const DEFAULT_BATCH = { customers: 25_000, events: 1000 } as const;

export interface ImportCounts {
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** A row that was not imported, as the error report shows it. */
export interface RowError {
  row: number;
  column: string | null;
  message: string;
  values: string[];
}

export interface ImportProgress extends ImportCounts {
  bytesRead: number;
  /** Rows in the whole file: estimated from bytes until the end is reached. */
  totalRows?: number;
  totalIsExact: boolean;
}

export interface ImportSummary extends ImportProgress {
  plan: ImportPlan;
  delimiter: Delimiter;
  durationMs: number;
  rowsPerSecond: number;
  cancelled: boolean;
}

export interface RunImportOptions {
  kind: ImportKind;
  mapping?: Record<string, string>;
  defaults?: Record<string, string>;
  delimiter?: Delimiter;
  /** Size of the whole file, for the progress estimate. */
  sizeBytes?: number;
  batchSize?: number;
  /** Resuming: the plan fixed by the first run, and how far it got. */
  plan?: ImportPlan;
  resumeFrom?: ImportCounts;
  /** Called once the plan is known, before any row is written. */
  onPlan?: (plan: ImportPlan) => Promise<void> | void;
  /** Called after each batch has committed, with that batch's rejected rows. */
  onBatch?: (progress: ImportProgress, errors: RowError[]) => Promise<void> | void;
  /** Checked before each batch: true stops the import (cancelled). */
  shouldStop?: () => Promise<boolean> | boolean;
}

/** A record of the file (values null when it could not be parsed), numbered like a spreadsheet row. */
interface SourceRow {
  row: number;
  values: string[] | null;
  error?: string;
}

interface Pending {
  rows: BatchRow[];
  errors: RowError[];
  records: number;
}

/**
 * Streams a CSV file into customer profiles or events: header → plan (mapping + types from a sample)
 * → batches, each written in one transaction by the customers domain, so a batch is either fully
 * applied or not at all. Rows that fail conversion or validation are reported, the rest are kept.
 * One batch is written while the next one is parsed. Re-running the same file changes nothing:
 * profiles come back "unchanged" and events, identified by id or content, as duplicates.
 */
export async function runImport(ctx: AppContext, actor: Actor, source: ByteSource, opts: RunImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const csv = await openCsv(source, { delimiter: opts.delimiter });
  const records = csv.parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  try {
    const headers = cleanHeaders(await readHeader(records, csv));
    checkHeaders(headers);
    const skip = opts.resumeFrom?.processed ?? 0;
    const counts: ImportCounts = { processed: skip, created: 0, updated: 0, unchanged: 0, rejected: 0, ...opts.resumeFrom };
    const batchSize = Math.min(opts.batchSize ?? DEFAULT_BATCH[opts.kind], DEFAULT_BATCH[opts.kind]);

    // Records come from the parser; malformed ones (reported by position) are slotted back in order.
    let seen = 0;
    let skippedAt = 0;
    async function* rows(): AsyncGenerator<SourceRow> {
      for (;;) {
        const next = await records.next();
        // A malformed record is known by the time the record after it is returned.
        while (skippedAt < csv.skipped.length && csv.skipped[skippedAt].afterRecords <= seen + 1) {
          yield { row: seen + skippedAt + 2, values: null, error: csv.skipped[skippedAt++].message };
        }
        if (next.done) return;
        seen++;
        yield { row: seen + skippedAt + 1, values: next.value };
      }
    }
    const input = rows();

    const buffered: SourceRow[] = [];
    let plan = opts.plan;
    if (!plan) {
      while (buffered.length < SAMPLE_ROWS) {
        const n = await input.next();
        if (n.done) break;
        buffered.push(n.value);
      }
      const sample = buffered.filter((r) => r.values).map((r) => r.values!.map((v) => blankToNull(v)));
      const known = opts.kind === 'customers' ? await listAttributeDefinitions(ctx.db, actor.workspaceId) : [];
      const attributeTypes = Object.fromEntries(known.map((d) => [d.key, d.type as ValueType]));
      plan = buildPlan({ kind: opts.kind, headers, sample, mapping: opts.mapping, defaults: opts.defaults, attributeTypes, commaDecimals: csv.delimiter === ';' });
      const fresh = plan.columns.filter((c) => c.field.startsWith('attributes.') && !(c.field.slice(11) in attributeTypes));
      if (fresh.length) {
        await defineAttributes(ctx.db, actor.workspaceId, fresh.map((c) => ({ key: c.field.slice(11), type: c.type, label: c.column })));
      }
      await opts.onPlan?.(plan);
    }
    const fixedPlan = plan;
    const locate = (message: string) => columnForError(fixedPlan, message);

    const estimate = (): number | undefined => {
      const bytes = csv.parser.info.bytes;
      if (!opts.sizeBytes || bytes === 0 || seen === 0) return undefined;
      return Math.max(counts.processed, Math.round((seen + csv.skipped.length) * (opts.sizeBytes / bytes)));
    };
    const progress = (exact: boolean): ImportProgress => ({
      ...counts,
      bytesRead: csv.parser.info.bytes,
      totalRows: exact ? counts.processed : estimate(),
      totalIsExact: exact,
    });

    let inFlight: Promise<void> | undefined;
    const write = async (batch: Pending, prepared?: Promise<PreparedBatch>) => {
      const outcome: BatchOutcome =
        batch.rows.length === 0
          ? { created: 0, updated: 0, unchanged: 0, rejected: [] }
          : opts.kind === 'customers'
            ? await writeCustomerBatch(ctx, actor, batch.rows, locate, prepared)
            : await writeEventBatch(ctx, actor, batch.rows, locate);
      const errors = [...batch.errors, ...outcome.rejected].sort((a, b) => a.row - b.row);
      counts.processed += batch.records;
      counts.created += outcome.created;
      counts.updated += outcome.updated;
      counts.unchanged += outcome.unchanged;
      counts.rejected += errors.length;
      await opts.onBatch?.(progress(false), errors);
    };
    let cancelled = false;
    const flush = async (batch: Pending) => {
      // A customer batch is validated and encoded for COPY while the previous one is still being written.
      const prepared = opts.kind === 'customers' && batch.rows.length > 0 ? prepareCustomerBatch(batch.rows) : undefined;
      prepared?.catch(() => {});
      await inFlight;
      inFlight = undefined;
      if (await opts.shouldStop?.()) {
        cancelled = true;
        return;
      }
      inFlight = write(batch, prepared);
      // A failed write surfaces at the next flush or at the end; keep it from being "unhandled" meanwhile.
      inFlight.catch(() => {});
    };

    // Customer profiles are validated by bulkUpsertCustomers when written; events here, row by row.
    const convert = opts.kind === 'customers' ? toCustomerProfile : toEventInput;
    let batch: Pending = { rows: [], errors: [], records: 0 };
    let index = 0;
    const take = async (r: SourceRow) => {
      if (index++ < skip) return;
      batch.records++;
      if (!r.values) batch.errors.push({ row: r.row, column: null, message: r.error ?? 'malformed CSV record', values: [] });
      else if (r.values.length !== headers.length) {
        batch.errors.push({ row: r.row, column: null, message: `has ${r.values.length} fields, the header has ${headers.length}`, values: r.values });
      } else {
        const c = convert(fixedPlan, r.values);
        if (c.ok) batch.rows.push({ row: r.row, values: r.values, input: c.input });
        else batch.errors.push({ row: r.row, column: c.column, message: c.message, values: r.values });
      }
      if (batch.records >= batchSize) {
        await flush(batch);
        batch = { rows: [], errors: [], records: 0 };
      }
    };
    for (const r of buffered) {
      if (cancelled) break;
      await take(r);
    }
    for (let n = cancelled ? undefined : await input.next(); n && !n.done && !cancelled; n = cancelled ? undefined : await input.next()) {
      await take(n.value);
    }
    if (!cancelled && batch.records > 0) await flush(batch);
    await inFlight;
    // Events reach traits and segments through the trait refresher; an import counts as done (and
    // its rate is measured) once they have.
    if (opts.kind === 'events' && counts.created > 0) await waitForTraits(ctx, actor.workspaceId);
    const durationMs = performance.now() - started;
    const rowsDone = counts.processed - skip;
    return {
      ...progress(!cancelled),
      plan: fixedPlan,
      delimiter: csv.delimiter,
      durationMs,
      rowsPerSecond: durationMs > 0 ? Math.round((rowsDone / durationMs) * 1000) : 0,
      cancelled,
    };
  } finally {
    csv.parser.destroy();
  }
}
