import type { Actor, AppContext } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import { writeTransaction } from '../platform/db/transaction.js';
import { refreshSegmentsForCustomers } from './segments/membership.js';
import type { AttributeType } from './customers.tables.js';
import { ZCustomerInput, type TCustomerInput, type TCustomerParsed, type UpsertResult } from './customers.schemas.js';
import { attributeTypeError, defineAttributes, inferAttributeType, listAttributeDefinitions } from './attributes.service.js';
import { identifiersOf, noteRowsWritten } from './identity.js';
import { suppressionKey, type SuppressionKey } from './suppression.js';
import { resolveSubjects, type Subject } from './identity-resolution.js';
import { findSuppressed, lockCustomers } from './identity.queries.js';
import { describeIssues } from './ingest.service.js';
import { EMPTY_PROFILE, sameProfile, withScalars, type ProfileFields } from './profile-fields.js';
import { readProfiles, writeProfiles } from './profiles.queries.js';
import { ERASED, rejectionMessage, type Rejection } from './rejections.js';
import { getCustomer } from './customers.service.js';
import { loadTraitContext, recomputeTraits } from './traits.js';


export const MAX_UPSERT_BATCH = 5000;

type Outcome = UpsertResult['results'][number];

/** The fields of a refused row's outcome: the typed reason and its API text. */
const refused = (why: Rejection) => ({ status: 'rejected' as const, error: rejectionMessage(why), rejection: why });

/** Applies one upsert on top of a profile: sent fields replace, social/attributes merge by key, null removes a key. */
export function applyProfileInput(base: ProfileFields, input: TCustomerParsed): ProfileFields {
  const p = withScalars(base, input);
  for (const [k, v] of Object.entries(input.social ?? {})) p.social[k] = v;
  for (const [k, v] of Object.entries(input.attributes ?? {})) {
    if (v === null) delete p.attributes[k];
    else p.attributes[k] = v;
  }
  return p;
}

/** zod and the identifier rule for each profile: the parsed row, or null with the row's error in `results`. */
export function parseProfiles(profiles: ReadonlyArray<TCustomerInput | Record<string, unknown>>, results: Outcome[]): (TCustomerParsed | null)[] {
  return profiles.map((raw, index) => {
    const r = ZCustomerInput.safeParse(raw);
    // Mutated in place: callers pass slices of their results array.
    if (!r.success) {
      Object.assign(results[index], refused({ kind: 'invalid', message: describeIssues(r.error) }));
      return null;
    }
    if (identifiersOf(r.data).length === 0) {
      Object.assign(results[index], refused({ kind: 'invalid', message: 'name the customer: externalId, email, phone, anonymousId or social' }));
      return null;
    }
    return r.data;
  });
}

/**
 * Types every attribute value of the batch: a key the workspace does not know yet takes the type of
 * its first value in batch order (collected in `newTypes`); a value that does not fit rejects its row.
 */
export function checkAttributeTypes(
  parsed: ReadonlyArray<TCustomerParsed | null>,
  types: ReadonlyMap<string, AttributeType>,
  newTypes: Map<string, AttributeType>,
  reject: (index: number, error: string) => void,
): void {
  parsed.forEach((p, index) => {
    for (const [key, value] of Object.entries(p?.attributes ?? {})) {
      if (value === null) continue;
      let type = types.get(key) ?? newTypes.get(key);
      if (!type) newTypes.set(key, (type = inferAttributeType(value)));
      const err = attributeTypeError(type, value);
      if (err) return reject(index, `attributes.${key}: ${err} (the attribute is of type ${type})`);
    }
  });
}

/** What one transaction of upserts did: per-row outcomes, customers to refresh, rows written. */
export interface AppliedUpserts {
  outcomes: Map<number, Outcome>;
  changed: string[];
  written: number;
}

/**
 * Creates or updates profiles — up to 5,000 per call, one transaction for the valid rows. A profile
 * is identified by externalId, else e-mail, else phone (else anonymousId); naming identifiers of two
 * profiles merges them. Unknown attribute keys are defined with the type of their first value;
 * values that do not fit an attribute's type reject their row. Rows that change nothing are not
 * written at all (re-importing a file leaves updated_at alone).
 */
export async function upsertCustomers(
  ctx: AppContext,
  actor: Actor,
  profiles: ReadonlyArray<TCustomerInput | Record<string, unknown>>,
  opts: { source?: 'api' | 'import' } = {},
): Promise<UpsertResult> {
  if (profiles.length > MAX_UPSERT_BATCH) {
    throw new AppError('payload_too_large', `Send at most ${MAX_UPSERT_BATCH} profiles per call.`);
  }
  const results: Outcome[] = profiles.map((_, index) => ({ index, status: 'rejected' }));
  const parsed = parseProfiles(profiles, results);
  if (parsed.every((p) => p === null)) return { results };

  const key = await suppressionKey(ctx);
  const { outcomes, changed, written } = await writeTransaction(ctx, (tx) => applyUpserts(tx, ctx.database.kind, key, actor, parsed, opts));
  noteRowsWritten(ctx, written);
  for (const [index, o] of outcomes) results[index] = o;
  if (changed.length > 0) await refreshSegmentsForCustomers(ctx, actor.workspaceId, changed);
  return { results };
}

/**
 * The body of upsertCustomers' transaction, for already parsed rows (null = skip): also the path
 * bulkUpsertCustomers hands its merges and other involved rows to, inside its own transaction.
 */
export async function applyUpserts(
  tx: Db,
  engine: 'pglite' | 'postgres',
  key: SuppressionKey,
  actor: Actor,
  parsed: ReadonlyArray<TCustomerParsed | null>,
  opts: { source?: 'api' | 'import' } = {},
): Promise<AppliedUpserts> {
  const ws = actor.workspaceId;
  const out = new Map<number, Outcome>();
  const reject = (index: number, why: Rejection) => {
    out.set(index, { index, ...refused(why) });
    subjects[index] = null;
  };
  const types = new Map((await listAttributeDefinitions(tx, ws)).map((d) => [d.key, d.type]));
  const newTypes = new Map<string, AttributeType>();
  const subjects: (Subject | null)[] = parsed.map((p) =>
    p ? { identifiers: identifiersOf(p), reason: opts.source === 'import' ? 'import' : 'profile upsert' } : null,
  );
  checkAttributeTypes(parsed, types, newTypes, (index, message) => reject(index, { kind: 'invalid', message }));
  const suppressed = await findSuppressed(tx, ws, subjects.flatMap((s) => s?.identifiers.map(key.digest) ?? []));
  subjects.forEach((s, index) => {
    if (s?.identifiers.some((i) => suppressed.has(key.digest(i)))) reject(index, ERASED);
  });

  const res = await resolveSubjects(
    tx,
    {
      workspaceId: ws,
      engine,
      actorLabel: actor.label,
      newProfile: (indexes) => indexes.reduce((p, i) => applyProfileInput(p, parsed[i]!), { ...EMPTY_PROFILE }),
    },
    subjects,
  );
  for (const [index, error] of res.errors) reject(index, error);

  const byCustomer = new Map<string, number[]>();
  subjects.forEach((s, index) => {
    const id = res.customerOf[index];
    if (!s || !id) return;
    byCustomer.set(id, [...(byCustomer.get(id) ?? []), index]);
  });
  const existingIds = [...byCustomer.keys()].filter((id) => !res.created.has(id));
  await lockCustomers(tx, ws, existingIds);
  const current = await readProfiles(tx, ws, existingIds);
  const writes: { id: string; profile: ProfileFields }[] = [];
  const mergedWinners = new Set(res.merges.map((m) => m.winnerId));
  for (const [id, indexes] of byCustomer) {
    let status: Outcome['status'] = 'created';
    if (!res.created.has(id)) {
      const before = current.get(id)!;
      const after = indexes.reduce((p, i) => applyProfileInput(p, parsed[i]!), before);
      const same = sameProfile(before, after);
      if (!same) writes.push({ id, profile: after });
      status = same && !mergedWinners.has(id) ? 'unchanged' : 'updated';
    }
    for (const index of indexes) out.set(index, { index, status, customerId: id });
  }
  await writeProfiles(tx, ws, writes);
  await defineAttributes(tx, ws, [...newTypes].map(([key, type]) => ({ key, type })));
  if (res.merges.length > 0) await recomputeTraits(tx, await loadTraitContext(tx, ws), [...res.touched]);
  const changedIds = new Set([...res.created, ...writes.map((w) => w.id), ...res.touched]);
  // Untouched customers need no segment refresh: nothing about them changed.
  for (const [id, indexes] of byCustomer) if (indexes.every((i) => out.get(i)?.status === 'unchanged')) changedIds.delete(id);
  return { outcomes: out, changed: [...changedIds], written: res.created.size + writes.length };
}

/**
 * Creates or updates one profile (POST /customers). A profile naming an identifier of an erased
 * person is a conflict (409); any other refusal is a validation failure (422).
 */
export async function saveCustomer(ctx: AppContext, actor: Actor, input: TCustomerInput) {
  const [r] = (await upsertCustomers(ctx, actor, [input])).results;
  if (r.status === 'rejected' || !r.customerId) {
    const message = r.error ?? 'is invalid';
    throw new AppError(r.rejection?.kind === 'erased' ? 'conflict' : 'validation_failed', `The profile was rejected: ${message}`, {
      errors: [{ path: 'body', message }],
    });
  }
  return { created: r.status === 'created', customer: await getCustomer(ctx.db, actor.workspaceId, r.customerId) };
}
