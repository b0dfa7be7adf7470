import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';
import type { Actor, AppContext } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import { pgCode } from '../platform/db/errors.js';
import { ConcurrentChange, writeTransaction } from '../platform/db/transaction.js';
import { refreshSegmentsForCustomers } from './segments/membership.js';
import type { AttributeType } from './customers.tables.js';
import type { TCustomerInput, TCustomerParsed, UpsertResult } from './customers.schemas.js';
import { defineAttributes, listAttributeDefinitions } from './attributes.service.js';
import { identifierKey, identifiersOf, noteRowsWritten } from './identity.js';
import { applyUpserts, checkAttributeTypes, parseProfiles } from './profiles.service.js';
import { ERASED, rejectionMessage } from './rejections.js';
import { suppressionKey, type SuppressionKey } from './suppression.js';
import { findSuppressed, hasSuppressed } from './identity.queries.js';
import {
  countStale,
  dropStaged,
  insertNewCustomers,
  insertAllAsNew,
  insertNewIdentities,
  routeRows,
  stageRows,
  stagingLine,
  updateExistingCustomers,
  type Route,
  type StagedRow,
} from './bulk-staging.js';

/** Big batches amortise the staging tables and statements; 50,000 rows stay well under 100 MB of memory. */
export const MAX_BULK_UPSERT_BATCH = 50_000;

type Outcome = UpsertResult['results'][number];

/** A batch validated and encoded for COPY, ready for applyBulkUpsert. */
export interface PreparedBatch {
  results: Outcome[];
  /** Every row zod accepted (attribute types are inferred from these, as upsertCustomers does). */
  parsed: (TCustomerParsed | null)[];
  /** Rows left to apply: the accepted ones minus those refused while encoding. */
  live: (TCustomerParsed | null)[];
  staged: StagedRow[];
  lines: string[];
}

// Work is cut into slices so a batch prepared while the previous one is being written leaves the
// event loop free to feed that batch's statements to the database.
const SLICE = 2000;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The database-free half of bulkUpsertCustomers: validates the rows (zod), finds rows that share an
 * identifier, and encodes the rest as COPY lines. Callers with a stream of batches (the CSV import)
 * prepare the next batch while the previous one is applied.
 */
export async function prepareBulkUpsert(profiles: ReadonlyArray<TCustomerInput | Record<string, unknown>>): Promise<PreparedBatch> {
  if (profiles.length > MAX_BULK_UPSERT_BATCH) {
    throw new AppError('payload_too_large', `Send at most ${MAX_BULK_UPSERT_BATCH} profiles per call.`);
  }
  const results: Outcome[] = profiles.map((_, index) => ({ index, status: 'rejected' }));
  const parsed: (TCustomerParsed | null)[] = [];
  for (let i = 0; i < profiles.length; i += SLICE) {
    if (i > 0) await yieldToLoop();
    parsed.push(...parseProfiles(profiles.slice(i, i + SLICE), results.slice(i, i + SLICE)));
  }
  const live = parsed.slice();
  const staged = await stageable(live, (index, error) => {
    results[index].error = error;
    live[index] = null;
  });
  const lines: string[] = [];
  for (let i = 0; i < staged.length; i++) {
    if (i > 0 && i % SLICE === 0) await yieldToLoop();
    const line = stagingLine(staged[i]);
    if (line !== undefined) lines.push(line);
    else {
      results[staged[i].index].error = 'row: text must be valid Unicode without NUL characters';
      live[staged[i].index] = null;
    }
  }
  return { results, parsed, live, staged: staged.filter((r) => live[r.index]), lines };
}

/**
 * upsertCustomers for big batches (CSV imports): the same rules and the same per-row outcomes, one
 * transaction per call, but the rows are COPied into a staging table and resolved and written with
 * a few set-based statements. New people and rows about one known customer each take that path;
 * rows that would merge profiles, attach a new identifier to a known customer, name a merged or
 * erased profile, or share an identifier or customer with another row of the batch are handed to
 * the general upsert path inside the same transaction, so the batch still commits as a whole.
 */
export async function bulkUpsertCustomers(
  ctx: AppContext,
  actor: Actor,
  profiles: ReadonlyArray<TCustomerInput | Record<string, unknown>>,
  opts: { source?: 'api' | 'import' } = {},
): Promise<UpsertResult> {
  return applyBulkUpsert(ctx, actor, await prepareBulkUpsert(profiles), opts);
}

/** The database half of bulkUpsertCustomers, for a batch prepareBulkUpsert made. */
export async function applyBulkUpsert(ctx: AppContext, actor: Actor, batch: PreparedBatch, opts: { source?: 'api' | 'import' } = {}): Promise<UpsertResult> {
  const ws = actor.workspaceId;
  const { parsed, staged, lines } = batch;
  const results = batch.results.map((r) => ({ ...r }));
  if (lines.length === 0) return { results };

  const key = await suppressionKey(ctx);
  const applied = await writeTransaction(ctx, async (tx) => {
    const out = new Map<number, Outcome>();
    const live = batch.live.slice();
    const reject = (index: number, error: string) => {
      out.set(index, { index, status: 'rejected', error });
      live[index] = null;
    };
    const types = new Map((await listAttributeDefinitions(tx, ws)).map((d) => [d.key, d.type]));
    const newTypes = new Map<string, AttributeType>();
    const mistyped: number[] = [];
    checkAttributeTypes(parsed, types, newTypes, (index, error) => {
      if (live[index]) mistyped.push(index);
      reject(index, error);
    });
    // Defined before anything is written, so rows on the general path see the same types.
    await defineAttributes(tx, ws, [...newTypes].map(([key, type]) => ({ key, type })));
    await stageRows(tx, lines);
    await dropStaged(tx, mistyped);
    const suppressed = await suppressedRows(tx, ws, key, staged.filter((r) => live[r.index]));
    await dropStaged(tx, suppressed);
    for (const index of suppressed) reject(index, rejectionMessage(ERASED));

    const allNew = await insertAllAsNew(tx, ws);
    const routes: Route[] = allNew
      ? staged.filter((r) => r.linked && live[r.index]).map((r) => ({ idx: r.index, owner: null, route: 'general' }))
      : await routeRows(tx, ws);
    const routed = new Set(routes.map((r) => r.idx));
    const fresh = staged.filter((r) => live[r.index] && !routed.has(r.index));
    if (fresh.length > 0) {
      if (!allNew) {
        await insertNewIdentities(tx, ws, 'routed').catch((err: unknown) => {
          // Another transaction created one of these people meanwhile: start over, they are known now.
          throw pgCode(err) === '23505' ? new ConcurrentChange() : err;
        });
      }
      await insertNewCustomers(tx, ws, allNew ? 'unlinked' : 'routed');
    }
    const known = routes.some((r) => r.route === 'existing');
    const updated = new Set(known ? await updateExistingCustomers(tx, ws) : []);
    // PGlite runs one transaction at a time; on PostgreSQL a merge or erasure may have committed meanwhile.
    if (known && ctx.database.kind === 'postgres' && (await countStale(tx, ws)) > 0) throw new ConcurrentChange();

    for (const r of fresh) out.set(r.index, { index: r.index, status: 'created', customerId: r.newId });
    const general: (TCustomerParsed | null)[] = parsed.map(() => null);
    for (const r of routes) {
      if (r.route === 'general') general[r.idx] = live[r.idx];
      else out.set(r.idx, { index: r.idx, status: updated.has(r.owner!) ? 'updated' : 'unchanged', customerId: r.owner! });
    }
    const rest = general.some((p) => p !== null)
      ? await applyUpserts(tx, ctx.database.kind, key, actor, general, opts)
      : { outcomes: new Map<number, Outcome>(), changed: [], written: 0 };
    for (const [index, o] of rest.outcomes) out.set(index, o);
    return {
      outcomes: out,
      changed: [...fresh.map((r) => r.newId), ...updated, ...rest.changed],
      written: fresh.length + updated.size + rest.written,
    };
  });
  noteRowsWritten(ctx, applied.written);
  for (const [index, o] of applied.outcomes) results[index] = o;
  if (applied.changed.length > 0) await refreshSegmentsForCustomers(ctx, ws, applied.changed);
  return { results };
}

/**
 * Staged rows naming an identifier of an erased customer. The digests are keyed (HMAC), so they are
 * computed here, not in SQL — and only when the workspace has erased anyone at all.
 */
async function suppressedRows(tx: Db, ws: string, key: SuppressionKey, rows: StagedRow[]): Promise<number[]> {
  if (rows.length === 0 || !(await hasSuppressed(tx, ws))) return [];
  const digests = rows.map((r) => identifiersOf(r.profile).map(key.digest));
  const found = await findSuppressed(tx, ws, digests.flat());
  return rows.filter((_, i) => digests[i].some((d) => found.has(d))).map((r) => r.index);
}

/**
 * The rows to stage, each with a fresh id in case it is a new person. Rows that share an identifier
 * are marked linked: together they describe one person (or a merge), which the general path resolves.
 */
async function stageable(live: ReadonlyArray<TCustomerParsed | null>, reject: (index: number, error: string) => void): Promise<StagedRow[]> {
  const firstRow = new Map<string, number>();
  const linked = new Set<number>();
  const rows: StagedRow[] = [];
  const ids = newIds(live.length);
  for (let index = 0; index < live.length; index++) {
    if (index > 0 && index % SLICE === 0) await yieldToLoop();
    const profile = live[index];
    if (!profile) continue;
    // PostgreSQL dates start at year 1; zod's ISO date also lets year 0 through.
    if (profile.birthDate?.startsWith('0000')) {
      reject(index, 'birthDate: must be a date after year 0');
      continue;
    }
    const identifiers = identifiersOf(profile);
    for (const i of identifiers) {
      const key = identifierKey(i);
      const other = firstRow.get(key);
      if (other === undefined) firstRow.set(key, index);
      else linked.add(other).add(index);
    }
    rows.push({ index, newId: ids[index], identifierCount: identifiers.length, linked: false, profile });
  }
  for (const r of rows) r.linked = linked.has(r.index);
  return rows;
}

/** UUIDv7s (as newId makes them) for a whole batch from one draw of random bytes instead of one per id. */
function newIds(count: number): string[] {
  const random = randomFillSync(Buffer.allocUnsafe(16 * count));
  const msecs = Date.now();
  return Array.from({ length: count }, (_, i) => v7({ random: random.subarray(16 * i, 16 * i + 16), msecs }));
}
