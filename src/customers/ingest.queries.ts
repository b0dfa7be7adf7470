import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { selectRows } from '../platform/db/client.js';

/** The SQL of event ingest (ingest.service.ts). */

export interface SeenClientId {
  clientId: string;
  eventId: string;
  customerId: string;
}

/** Client ids stored before and erased identifiers (suppression hashes) of a batch, in one round trip. */
export async function findSeenAndSuppressed(
  tx: Db,
  ws: string,
  clientIds: string[],
  hashes: string[],
): Promise<{ seen: Map<string, SeenClientId>; suppressed: Set<string> }> {
  const rows = await selectRows<{ k: string; id: string | null; customer_id: string | null }>(
    tx,
    sql`select client_id as k, id, customer_id from customer_events
        where workspace_id = ${ws} and client_id is not null and client_id = any(${sql.param(clientIds)}::text[])
        union all
        select identity_hash, null, null from customer_erased_identities
        where workspace_id = ${ws} and identity_hash = any(${sql.param(hashes)}::text[])`,
  );
  const seen = new Map<string, SeenClientId>();
  const suppressed = new Set<string>();
  for (const r of rows) {
    if (r.id && r.customer_id) seen.set(r.k, { clientId: r.k, eventId: r.id, customerId: r.customer_id });
    else suppressed.add(r.k);
  }
  return { seen, suppressed };
}

export interface EventRow {
  id: string;
  customer_id: string;
  client_id: string | null;
  type: string;
  occurred_at: string | null;
  channel: string | null;
  touchpoint: string | null;
  amount: number | null;
  currency: string | null;
  properties: Record<string, unknown>;
}

/**
 * Stores the events and, in the same statement, one trait-queue row per stored event: the trait
 * refresher picks them up after commit. An event whose client id another request stored meanwhile
 * is skipped (no queue row either). Returns the ids stored.
 */
export async function insertEventsAndQueue(tx: Db, ws: string, rows: EventRow[]): Promise<string[]> {
  const stored = await selectRows<{ id: string }>(
    tx,
    sql`with ins as (
          insert into customer_events (workspace_id, id, customer_id, origin_customer_id, client_id, type, occurred_at,
            channel, touchpoint, amount, currency, properties)
          select ${ws}::uuid, x.id, x.customer_id, x.customer_id, x.client_id, x.type, coalesce(x.occurred_at, now()),
            x.channel, x.touchpoint, x.amount, x.currency, x.properties
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, customer_id uuid, client_id text, type text,
            occurred_at timestamptz, channel text, touchpoint text, amount bigint, currency text, properties jsonb)
          on conflict (workspace_id, client_id) where client_id is not null do nothing
          returning id, customer_id
        ), queued as (
          insert into customer_trait_queue (workspace_id, event_id, customer_id)
          select ${ws}::uuid, id, customer_id from ins order by id
        )
        select id from ins`,
  );
  return stored.map((r) => r.id);
}

/** The stored events behind these client ids (the winners of a race on the same client id). */
export async function findEventsByClientId(tx: Db, ws: string, clientIds: string[]): Promise<SeenClientId[]> {
  const rows = await selectRows<{ id: string; customer_id: string; client_id: string }>(
    tx,
    sql`select id, customer_id, client_id from customer_events where workspace_id = ${ws}
        and client_id is not null and client_id = any(${sql.param(clientIds)}::text[])`,
  );
  return rows.map((r) => ({ clientId: r.client_id, eventId: r.id, customerId: r.customer_id }));
}
