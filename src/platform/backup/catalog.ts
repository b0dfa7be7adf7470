import { sql } from 'drizzle-orm';
import { selectRows, type Db } from '../db/client.js';

export interface BackupColumn {
  name: string;
  /** As format_type() prints it, e.g. "timestamp with time zone", "numeric(12,2)", "text[]". */
  type: string;
}

export interface CatalogTable {
  name: string;
  /** Columns the backup carries: stored, non-generated, in table order. */
  columns: BackupColumn[];
  /** Primary-key column names in key order; empty when the table has none. */
  primaryKey: string[];
  /** Columns defined GENERATED ALWAYS AS IDENTITY need OVERRIDING SYSTEM VALUE on insert. */
  hasAlwaysIdentity: boolean;
  /** Serial/identity sequences to move past the restored values: [column, sequence]. */
  sequences: [string, string][];
  /** Tables this one references through foreign keys (other than itself). */
  references: string[];
  hasWorkspaceId: boolean;
}

// Drizzle keeps its bookkeeping in schema "drizzle"; the name is excluded too in case a config
// ever moves it into public. pg-boss lives in schema "pgboss" and is never read.
const EXCLUDED = new Set(['__drizzle_migrations']);

// Account tables come first so that user ids can be matched by e-mail before any row refers to them.
const ROOTS = ['workspaces', 'users'];

/**
 * Every table of schema public, discovered from pg_catalog (so tables other domains add later are
 * included without touching the backup code), ordered so that referenced tables come first.
 */
export async function readCatalog(db: Db): Promise<CatalogTable[]> {
  const columns = await selectRows<{ table_name: string; column_name: string; column_type: string; identity: string; generated: string; sequence: string | null }>(
    db,
    sql`select c.relname as table_name, a.attname as column_name, format_type(a.atttypid, a.atttypmod) as column_type,
               a.attidentity::text as identity, a.attgenerated::text as generated,
               pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) as sequence
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = c.oid
         where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
           and a.attnum > 0 and not a.attisdropped
         order by c.relname, a.attnum`,
  );
  const keys = await selectRows<{ table_name: string; column_name: string }>(
    db,
    sql`select c.relname as table_name, a.attname as column_name
          from pg_index i
          join pg_class c on c.oid = i.indrelid
          join pg_namespace n on n.oid = c.relnamespace
          cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
          join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
         where n.nspname = 'public' and i.indisprimary
         order by c.relname, k.ord`,
  );
  const foreignKeys = await selectRows<{ table_name: string; references_table: string }>(
    db,
    sql`select distinct c.relname as table_name, r.relname as references_table
          from pg_constraint k
          join pg_class c on c.oid = k.conrelid
          join pg_namespace n on n.oid = c.relnamespace
          join pg_class r on r.oid = k.confrelid
          join pg_namespace rn on rn.oid = r.relnamespace
         where k.contype = 'f' and n.nspname = 'public' and rn.nspname = 'public' and c.oid <> r.oid`,
  );

  const tables = new Map<string, CatalogTable>();
  for (const c of columns) {
    if (EXCLUDED.has(c.table_name)) continue;
    let t = tables.get(c.table_name);
    if (!t) {
      t = { name: c.table_name, columns: [], primaryKey: [], hasAlwaysIdentity: false, sequences: [], references: [], hasWorkspaceId: false };
      tables.set(c.table_name, t);
    }
    if (c.generated === 's') continue; // computed by the database on insert
    t.columns.push({ name: c.column_name, type: c.column_type });
    if (c.identity === 'a') t.hasAlwaysIdentity = true;
    if (c.sequence) t.sequences.push([c.column_name, c.sequence]);
    if (c.column_name === 'workspace_id') t.hasWorkspaceId = true;
  }
  for (const k of keys) tables.get(k.table_name)?.primaryKey.push(k.column_name);
  for (const f of foreignKeys) {
    if (tables.has(f.references_table)) tables.get(f.table_name)?.references.push(f.references_table);
  }
  return orderByDependencies([...tables.values()]);
}

/**
 * Kahn's algorithm with a stable tie-break (roots first, then by name), so the same schema always
 * gives the same order and two backups of the same data are byte-identical.
 */
export function orderByDependencies(tables: CatalogTable[]): CatalogTable[] {
  const rank = (name: string) => {
    const i = ROOTS.indexOf(name);
    return i === -1 ? ROOTS.length : i;
  };
  const byName = (a: CatalogTable, b: CatalogTable) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const pending = [...tables].sort(byName);
  const done = new Set<string>();
  const ordered: CatalogTable[] = [];
  while (pending.length > 0) {
    const i = pending.findIndex((t) => t.references.every((r) => done.has(r)));
    // A reference cycle between tables: take the next by name; the restore reports the FK error if
    // the data really needs the other order (no Kunde table has such a cycle today).
    const [next] = pending.splice(i === -1 ? 0 : i, 1);
    ordered.push(next);
    done.add(next.name);
  }
  return ordered;
}
