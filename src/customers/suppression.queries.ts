import { sql } from 'drizzle-orm';
import { selectRows, type Db } from '../platform/db/client.js';

/** Suppression rows still holding the old unkeyed SHA-256 digest (no "h1:" prefix), a batch at a time. */
export async function findLegacyDigests(db: Db, limit: number) {
  return selectRows<{ workspace_id: string; identity_hash: string }>(
    db,
    sql`select workspace_id, identity_hash from customer_erased_identities where identity_hash not like 'h1:%' limit ${limit}`,
  );
}

/** Replaces digests in place (delete + insert, idempotent when another process converted them first). */
export async function replaceDigests(tx: Db, rows: { workspace_id: string; old: string; new: string }[]): Promise<void> {
  if (rows.length === 0) return;
  const data = sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(workspace_id uuid, old text, new text)`;
  await tx.execute(sql`insert into customer_erased_identities (workspace_id, identity_hash)
                       select x.workspace_id, x.new from ${data} on conflict do nothing`);
  await tx.execute(sql`delete from customer_erased_identities e using ${data}
                       where e.workspace_id = x.workspace_id and e.identity_hash = x.old`);
}

/** Keyed digests made with another key than the current one (its fingerprint is `fingerprint`). */
export async function countForeignDigests(db: Db, fingerprint: string): Promise<number> {
  const [r] = await selectRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from customer_erased_identities
        where identity_hash like 'h1:%' and identity_hash not like ${`h1:${fingerprint}:%`}`,
  );
  return r.n;
}
