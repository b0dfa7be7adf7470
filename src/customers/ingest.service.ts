import type { z } from 'zod';
import type { Actor, AppContext } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { newId } from '../platform/ids.js';
import { ConcurrentChange, writeTransaction } from '../platform/db/transaction.js';
import {
  EVENT_PROPERTY_SCHEMAS,
  METRIC_RANGES,
  ZEventInput,
  type IngestResult,
  type TEventInput,
  type TEventParsed,
} from './customers.schemas.js';
import { identifiersOf, noteRowsWritten } from './identity.js';
import { suppressionKey } from './suppression.js';
import { resolveSubjects, type Subject } from './identity-resolution.js';
import { lockCustomers } from './identity.queries.js';
import { rejectionMessage } from './rejections.js';
import { loadTraitContext } from './traits.js';
import { kickTraitRefresh } from './traits.service.js';
import { markForRecompute } from './trait-queue.queries.js';
import { findEventsByClientId, findSeenAndSuppressed, insertEventsAndQueue, type EventRow } from './ingest.queries.js';
import { notifyEventListeners, type CommittedEvent } from './event-listeners.js';

export type { IngestResult } from './customers.schemas.js';

type Outcome = IngestResult['results'][number];

interface PreparedEvent {
  event: TEventParsed;
  subject: Subject;
  properties: Record<string, unknown>;
  amount: number | null;
  currency: string | null;
}

// Clocks drift and time zones get mixed up; more than a day ahead is a sender bug, not a future event.
const MAX_FUTURE_MS = 24 * 3600 * 1000;

/** "path: message; path: message" — one line a sender can act on. */
export function describeIssues(error: z.ZodError, prefix?: string): string {
  return error.issues
    .slice(0, 5)
    .map((i) => {
      const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
}

/** Validates one event on its own: envelope, identifiers, the documented properties of its type. */
function prepareEvent(raw: unknown, reason: (type: string) => string): PreparedEvent | { error: string } {
  const r = ZEventInput.safeParse(raw);
  if (!r.success) return { error: describeIssues(r.error) };
  const event = r.data;
  const identifiers = identifiersOf(event.customer);
  if (identifiers.length === 0 && !event.customer.id) {
    return { error: 'customer: name at least one identifier (externalId, email, phone, anonymousId, social or id)' };
  }
  if (event.occurredAt && Date.parse(event.occurredAt) > Date.now() + MAX_FUTURE_MS) {
    return { error: 'occurredAt: is more than a day in the future' };
  }
  let properties: Record<string, unknown> = event.properties ?? {};
  const schema = (EVENT_PROPERTY_SCHEMAS as Record<string, z.ZodType<Record<string, unknown>>>)[event.type];
  if (schema) {
    const p = schema.safeParse(properties);
    if (!p.success) return { error: describeIssues(p.error, 'properties') };
    properties = p.data;
  }
  if (event.type === 'survey_response' && properties.metric !== undefined) {
    const metric = properties.metric as keyof typeof METRIC_RANGES;
    const [lo, hi] = METRIC_RANGES[metric];
    const score = properties.score;
    if (typeof score !== 'number' || score < lo || score > hi) {
      return { error: `properties.score: a ${metric} score must be a number from ${lo} to ${hi}` };
    }
  }
  const isMoney = event.type === 'purchase' || event.type === 'refund';
  return {
    event,
    subject: { identifiers, customerId: event.customer.id, reason: reason(event.type) },
    properties,
    amount: isMoney ? (properties.amount as number) : null,
    currency: isMoney ? ((properties.currency as string | undefined) ?? null) : null,
  };
}

const summarise = (results: Outcome[]): IngestResult => ({
  accepted: results.filter((r) => r.status === 'accepted').length,
  duplicates: results.filter((r) => r.status === 'duplicate').length,
  rejected: results.filter((r) => r.status === 'rejected').length,
  results,
});

/**
 * Stores a batch of events (≤ 1,000) set-based. Each event is validated on its own (a bad one gets
 * its own error, good ones are kept); an event whose client id was seen before is a duplicate; an
 * event naming an erased person is refused; identities are resolved and profiles merged. A 2xx means
 * the events are committed; computed traits and segment membership follow within
 * STALENESS_BOUND_MS (the trait refresher, traits.service.ts), so a batch never waits for them.
 */
export async function ingestEvents(
  ctx: AppContext,
  actor: Actor,
  events: ReadonlyArray<TEventInput | unknown>,
  opts: { source?: 'api' | 'import' } = {},
): Promise<IngestResult> {
  const ws = actor.workspaceId;
  const reason = (type: string) => (opts.source === 'import' ? 'import' : `event ${type}`);
  const prepared = events.map((raw) => prepareEvent(raw, reason));
  const results: Outcome[] = prepared.map((p, index) => ('error' in p ? { index, status: 'rejected', error: p.error } : { index, status: 'accepted' }));
  const valid = prepared.map((p) => ('error' in p ? null : p));
  if (valid.every((p) => p === null)) return summarise(results);

  // A repeat of a client id inside the batch reports what its first occurrence got.
  const repeatOf = new Map<number, number>();

  // Phase 1 — who is who: duplicates and erased people are sorted out, identifiers resolved, new
  // profiles and identities created and merges done, committed in a short transaction of its own.
  // Concurrent batches about the same new person wait for each other only this long, not for a
  // whole batch of events. Should phase 2 then fail, the profiles stay (a retry finds them).
  const key = await suppressionKey(ctx);
  const resolveBatch = () => writeTransaction(ctx, async (tx) => {
    const out = new Map<number, Outcome>();
    repeatOf.clear();
    const clientIds = [...new Set(valid.flatMap((p) => (p?.event.id ? [p.event.id] : [])))];
    const hashes = [...new Set(valid.flatMap((p) => p?.subject.identifiers.map(key.digest) ?? []))];
    const { seen, suppressed } = await findSeenAndSuppressed(tx, ws, clientIds, hashes);
    const firstInBatch = new Map<string, number>();
    const subjects: (Subject | null)[] = valid.map((p, index) => {
      const clientId = p?.event.id;
      if (!p) return null;
      if (clientId) {
        const k = seen.get(clientId);
        const first = firstInBatch.get(clientId);
        if (k) out.set(index, { index, status: 'duplicate', eventId: k.eventId, customerId: k.customerId });
        else if (first !== undefined) repeatOf.set(index, first);
        else firstInBatch.set(clientId, index);
        if (out.has(index) || repeatOf.has(index)) return null;
      }
      return p.subject;
    });

    if (suppressed.size > 0) {
      subjects.forEach((s, index) => {
        if (s && s.identifiers.some((i) => suppressed.has(key.digest(i)))) {
          out.set(index, { index, status: 'rejected', error: 'customer was erased' });
          subjects[index] = null;
        }
      });
    }

    const res = await resolveSubjects(tx, { workspaceId: ws, engine: ctx.database.kind, actorLabel: actor.label }, subjects);
    for (const [index, why] of res.errors) out.set(index, { index, status: 'rejected', error: rejectionMessage(why) });
    // Merged histories are recomputed by the refresher; queued in the merge's own transaction.
    if (res.merges.length > 0) await markForRecompute(tx, ws, res.merges.flatMap((m) => [m.winnerId, m.loserId]));
    return { out, subjects, res };
  });

  // Phase 2 — the events and their trait-queue rows, in one statement.
  const storeBatch = async (tx: Db, { out, subjects, res }: Awaited<ReturnType<typeof resolveBatch>>) => {
    const traits = await loadTraitContext(tx, ws);
    const rows: EventRow[] = [];
    subjects.forEach((s, index) => {
      const customerId = res.customerOf[index];
      if (!s || !customerId) return;
      const p = valid[index]!;
      const id = newId();
      rows.push({
        id,
        customer_id: customerId,
        client_id: p.event.id ?? null,
        type: p.event.type,
        occurred_at: p.event.occurredAt ?? null,
        channel: p.event.channel ?? null,
        touchpoint: p.event.touchpoint ?? null,
        amount: p.amount,
        currency: p.amount === null ? null : (p.currency ?? traits.baseCurrency),
        properties: p.properties,
      });
      out.set(index, { index, status: 'accepted', eventId: id, customerId });
    });
    const losers = new Set(res.merges.map((m) => m.loserId));
    // A profile merged or erased since phase 1 makes this throw: the batch is resolved again. KEY
    // SHARE keeps merges and erasure out until commit without writing or waiting on trait updates.
    await lockCustomers(tx, ws, [...res.touched].filter((id) => !losers.has(id)), new Set(), { strength: 'key share' });
    const inserted = await insertEventsAndQueue(tx, ws, rows);
    if (inserted.length < rows.length) {
      // Another request stored the same client id between our check and our insert.
      const done = new Set(inserted);
      const lostById = new Map(rows.filter((r) => !done.has(r.id)).map((r) => [r.id, r.client_id!]));
      const byClient = new Map((await findEventsByClientId(tx, ws, [...lostById.values()])).map((w) => [w.clientId, w]));
      for (const [index, o] of out) {
        const w = o.eventId && lostById.has(o.eventId) ? byClient.get(lostById.get(o.eventId)!) : undefined;
        if (w) out.set(index, { index, status: 'duplicate', eventId: w.eventId, customerId: w.customerId });
      }
    }
    const stored = new Set(inserted);
    const committed: CommittedEvent[] = rows
      .filter((r) => stored.has(r.id))
      .map((r) => ({ eventId: r.id, customerId: r.customer_id, type: r.type, occurredAt: r.occurred_at ? new Date(r.occurred_at) : new Date(), properties: r.properties }));
    return { outcomes: out, written: inserted.length + res.created.size, queued: inserted.length + res.merges.length, committed };
  };

  let stored: Awaited<ReturnType<typeof storeBatch>> | undefined;
  for (let attempt = 1; !stored; attempt++) {
    const resolved = await resolveBatch();
    try {
      stored = await writeTransaction(ctx, (tx) => storeBatch(tx, resolved), { retryStale: false });
    } catch (err) {
      if (!(err instanceof ConcurrentChange) || attempt >= 5) throw err;
    }
  }
  const { outcomes, written, queued, committed } = stored;

  for (const [index, o] of outcomes) results[index] = o;
  for (const [index, first] of repeatOf) {
    const f = results[first];
    results[index] = { index, status: 'duplicate', eventId: f.eventId, customerId: f.customerId };
  }
  noteRowsWritten(ctx, written);
  if (queued > 0) kickTraitRefresh(ctx, ws);
  // After commit; a listener (e.g. survey triggers) never fails the write.
  await notifyEventListeners(ctx, { workspaceId: ws, source: opts.source ?? 'api', events: committed });
  return summarise(results);
}
