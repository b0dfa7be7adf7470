import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor, AppContext } from '../platform/context.js';
import { selectRows, type Db } from '../platform/db/client.js';
import { newId } from '../platform/ids.js';
import { ConcurrentChange, writeTransaction } from '../platform/db/transaction.js';
import { refreshSegmentsForCustomers } from './segments/membership.js';
import {
  EVENT_PROPERTY_SCHEMAS,
  METRIC_RANGES,
  ZEventInput,
  type IngestResult,
  type TEventInput,
  type TEventParsed,
} from './customers.schemas.js';
import { identifiersOf, noteRowsWritten, suppressionHash } from './identity.js';
import { resolveSubjects, type Subject } from './identity-resolution.js';
import { lockCustomers } from './identity.queries.js';
import { rejectionMessage } from './rejections.js';
import { loadTraitContext, recomputeTraits } from './traits.js';
import { applyTraitDeltas } from './trait-deltas.js';

export type { IngestResult } from './customers.schemas.js';

type Outcome = IngestResult['results'][number];
/** Inside a batch: a repeat of an earlier event of the same batch, which reports what that one got. */
type Pending = Outcome | { index: number; status: 'repeat'; of: number };

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
 * Stores a batch of events (≤ 1,000) set-based in one transaction. Each event is validated on its
 * own (a bad one gets its own error, good ones are kept); an event whose client id was seen before is
 * a duplicate; an event naming an erased person is refused; identities are resolved and profiles
 * merged; traits of every touched customer are recomputed. Segments are refreshed after commit.
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

  // Phase 1 — who is who: duplicates and erased people are sorted out, identifiers resolved, new
  // profiles and identities created and merges done, committed in a short transaction of its own.
  // Concurrent batches about the same new person wait for each other only this long, not for a
  // whole batch of events. Should phase 2 then fail, the profiles stay (a retry finds them).
  const resolveBatch = () => writeTransaction(ctx, async (tx) => {
    const out = new Map<number, Pending>();
    const clientIds = [...new Set(valid.flatMap((p) => (p?.event.id ? [p.event.id] : [])))];
    const hashes = [...new Set(valid.flatMap((p) => p?.subject.identifiers.map(suppressionHash) ?? []))];
    // Client ids seen before and erased identifiers, in one round trip.
    const seen = await selectRows<{ k: string; id: string | null; customer_id: string | null }>(
      tx,
      sql`select client_id as k, id, customer_id from customer_events
          where workspace_id = ${ws} and client_id is not null and client_id = any(${sql.param(clientIds)}::text[])
          union all
          select identity_hash, null, null from customer_erased_identities
          where workspace_id = ${ws} and identity_hash = any(${sql.param(hashes)}::text[])`,
    );
    const known = new Map(seen.filter((r) => r.id).map((r) => [r.k, { id: r.id!, customer_id: r.customer_id! }]));
    const suppressed = new Set(seen.filter((r) => !r.id).map((r) => r.k));
    const firstInBatch = new Map<string, number>();
    const subjects: (Subject | null)[] = valid.map((p, index) => {
      const clientId = p?.event.id;
      if (!p) return null;
      if (clientId) {
        const k = known.get(clientId);
        if (k) out.set(index, { index, status: 'duplicate', eventId: k.id, customerId: k.customer_id });
        else if (firstInBatch.has(clientId)) out.set(index, { index, status: 'repeat', of: firstInBatch.get(clientId)! });
        else firstInBatch.set(clientId, index);
        if (out.has(index)) return null;
      }
      return p.subject;
    });

    if (suppressed.size > 0) {
      subjects.forEach((s, index) => {
        if (s && s.identifiers.some((i) => suppressed.has(suppressionHash(i)))) {
          out.set(index, { index, status: 'rejected', error: 'customer was erased' });
          subjects[index] = null;
        }
      });
    }

    const res = await resolveSubjects(tx, { workspaceId: ws, engine: ctx.database.kind, actorLabel: actor.label }, subjects);
    for (const [index, why] of res.errors) out.set(index, { index, status: 'rejected', error: rejectionMessage(why) });
    return { out, subjects, res };
  });

  // Phase 2 — the events themselves and the traits they change, in one transaction.
  const storeBatch = async (tx: Db, { out, subjects, res }: Awaited<ReturnType<typeof resolveBatch>>) => {
    const traits = await loadTraitContext(tx, ws);
    const rows: Record<string, unknown>[] = [];
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
    const inserted = await selectRows<{ id: string }>(
      tx,
      sql`insert into customer_events (workspace_id, id, customer_id, origin_customer_id, client_id, type, occurred_at,
            channel, touchpoint, amount, currency, properties)
          select ${ws}::uuid, x.id, x.customer_id, x.customer_id, x.client_id, x.type, coalesce(x.occurred_at, now()),
            x.channel, x.touchpoint, x.amount, x.currency, x.properties
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, customer_id uuid, client_id text, type text,
            occurred_at timestamptz, channel text, touchpoint text, amount bigint, currency text, properties jsonb)
          on conflict (workspace_id, client_id) where client_id is not null do nothing
          returning id`,
    );
    if (inserted.length < rows.length) {
      // Another request stored the same client id between our check and our insert.
      const done = new Set(inserted.map((r) => r.id));
      const lost = rows.filter((r) => !done.has(r.id as string));
      const winners = await selectRows<{ id: string; customer_id: string; client_id: string }>(
        tx,
        sql`select id, customer_id, client_id from customer_events where workspace_id = ${ws}
            and client_id is not null and client_id = any(${sql.param(lost.map((r) => r.client_id as string))}::text[])`,
      );
      const byClient = new Map(winners.map((w) => [w.client_id, w]));
      const lostById = new Map(lost.map((r) => [r.id as string, r.client_id as string]));
      for (const [index, o] of out) {
        const w = o.status !== 'repeat' && o.eventId && lostById.has(o.eventId) ? byClient.get(lostById.get(o.eventId)!) : undefined;
        if (w) out.set(index, { index, status: 'duplicate', eventId: w.id, customerId: w.customer_id });
      }
    }

    const losers = new Set(res.merges.map((m) => m.loserId));
    // A profile merged or erased since phase 1 makes this throw: the batch is resolved again.
    await lockCustomers(tx, ws, [...res.touched].filter((id) => !losers.has(id)));
    // Events appended in order are folded in; merges, back-dated events and the rest are recomputed.
    const merged = new Set(res.merges.flatMap((m) => [m.winnerId, m.loserId]));
    const storedIds = new Set(inserted.map((r) => r.id));
    const foldable = rows.filter((r) => storedIds.has(r.id as string) && !merged.has(r.customer_id as string)).map((r) => r.id as string);
    const folded = await applyTraitDeltas(tx, traits, foldable);
    const withNewEvents = new Set(rows.filter((r) => storedIds.has(r.id as string)).map((r) => r.customer_id as string));
    await recomputeTraits(
      tx,
      traits,
      [...res.touched].filter((id) => !folded.has(id) && (withNewEvents.has(id) || merged.has(id) || res.created.has(id))),
    );
    return { outcomes: out, touched: [...res.touched], written: inserted.length + res.created.size };
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
  const { outcomes, touched, written } = stored;

  for (const [index, o] of outcomes) if (o.status !== 'repeat') results[index] = o;
  for (const [index, o] of outcomes) {
    if (o.status !== 'repeat') continue;
    const first = results[o.of];
    results[index] = { index, status: 'duplicate', eventId: first.eventId, customerId: first.customerId };
  }
  noteRowsWritten(ctx, written);
  await refreshSegmentsForCustomers(ctx, ws, touched);
  return summarise(results);
}
