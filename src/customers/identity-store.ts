import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { selectRows } from '../platform/db/client.js';
import { ConcurrentChange } from '../platform/db/transaction.js';
import { identifierKey, type Identifier } from './identity.js';

export const MAX_CHAIN = 32;

/** A surviving profile as identity resolution needs it: id, creation instant (µs), erased or not. */
export interface Root {
  id: string;
  createdUs: bigint;
  erased: boolean;
}

/**
 * Locks existing customers in id order, right before their traits or profiles are rewritten, so
 * concurrent batches touching the same person serialise only for that short last step. A profile
 * that was merged away or erased since it was resolved (by a transaction that committed meanwhile)
 * means this batch's view is stale: ConcurrentChange makes writeTransaction run it again.
 */
export async function lockCustomers(tx: Db, ws: string, ids: Iterable<string>, created: Set<string> = new Set(), opts: { allowStale?: boolean } = {}): Promise<void> {
  const existing = [...new Set(ids)].filter((id) => !created.has(id)).sort();
  if (existing.length === 0) return;
  const rows = await selectRows<{ id: string; stale: boolean }>(
    tx,
    sql`select id, (merged_into is not null or erased_at is not null) as stale from customers
        where workspace_id = ${ws} and id = any(${sql.param(existing)}::uuid[]) order by id for update`,
  );
  if (!opts.allowStale && (rows.length !== existing.length || rows.some((r) => r.stale))) throw new ConcurrentChange();
}

export const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;

export type Seen = Map<string, { mergedInto: string | null; root: Root }>;

const rootOf = (r: { id: string; merged_into: string | null; created_us: string; erased: boolean }) => ({
  mergedInto: r.merged_into,
  root: { id: r.id, createdUs: BigInt(r.created_us), erased: r.erased },
});

/**
 * The customers owning these identifiers, with their profile row, in one statement (LATERAL, so
 * each is a primary-key lookup whatever the statistics say). Fills `seen` for readRoots.
 */
export async function readIdentities(tx: Db, ws: string, ids: Identifier[], seen: Seen): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (ids.length === 0) return found;
  const rows = await selectRows<{ kind: string; value: string; id: string; merged_into: string | null; created_us: string; erased: boolean }>(
    tx,
    sql`select x.kind, x.value, c.id, c.merged_into, (extract(epoch from c.created_at) * 1000000)::bigint::text as created_us,
               c.erased_at is not null as erased
        from jsonb_to_recordset(${json(ids)}) as x(kind text, value text)
        cross join lateral (select i.customer_id from customer_identities i
                            where i.workspace_id = ${ws} and i.kind = x.kind and i.value = x.value) i
        cross join lateral (select * from customers c where c.workspace_id = ${ws} and c.id = i.customer_id) c`,
  );
  for (const r of rows) {
    found.set(identifierKey(r), r.id);
    seen.set(r.id, rootOf(r));
  }
  return found;
}

/**
 * Follows merged_into chains to the surviving profiles — without locks: rows are locked later,
 * briefly (lockCustomers), and a profile that changed meanwhile makes the transaction start over.
 */
export async function readRoots(tx: Db, ws: string, ids: Iterable<string>, seen: Seen = new Map()): Promise<Map<string, Root>> {
  const rows: Seen = new Map();
  let pending = [...new Set(ids)];
  for (let depth = 0; pending.length > 0 && depth < MAX_CHAIN; depth++) {
    const ask = pending.filter((id) => !seen.has(id));
    const got = ask.length
      ? await selectRows<{ id: string; merged_into: string | null; created_us: string; erased: boolean }>(
          tx,
          sql`select id, merged_into, (extract(epoch from created_at) * 1000000)::bigint::text as created_us,
                     erased_at is not null as erased
              from customers where workspace_id = ${ws} and id = any(${sql.param(ask)}::uuid[])`,
        )
      : [];
    for (const r of got) seen.set(r.id, rootOf(r));
    for (const id of pending) if (seen.has(id)) rows.set(id, seen.get(id)!);
    pending = pending.flatMap((id) => {
      const next = seen.get(id)?.mergedInto;
      return next && !rows.has(next) ? [next] : [];
    });
  }
  const roots = new Map<string, Root>();
  for (const id of rows.keys()) {
    let cur = rows.get(id)!;
    for (let i = 0; cur.mergedInto && rows.has(cur.mergedInto) && i < MAX_CHAIN; i++) cur = rows.get(cur.mergedInto)!;
    roots.set(id, cur.root);
  }
  return roots;
}

/** Disjoint sets of identifiers and customers: what one batch says belongs to the same person. */
export class UnionFind {
  private parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    if (!this.parent.has(root)) this.parent.set(root, root);
    // Path compression keeps later finds O(1)-ish on long chains of linked identifiers.
    for (let cur = x; cur !== root; ) {
      const next = this.parent.get(cur)!;
      this.parent.set(cur, root);
      cur = next;
    }
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

