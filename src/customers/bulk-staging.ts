import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { copyFromInTransaction, selectRows } from '../platform/db/client.js';
import { pgCode } from '../platform/db/errors.js';
import type { TCustomerParsed } from './customers.schemas.js';
import { TEXT_FIELDS } from './profile-fields.js';

/**
 * The SQL half of bulkUpsertCustomers: a batch is COPied into a temporary staging table (dropped at
 * commit) and resolved and applied with a handful of set-based statements, so the cost per row is
 * the indexes PostgreSQL has to maintain, not round trips or JSON.
 */

const STAGE = 'kunde_bulk_stage';
const ROUTE = 'kunde_bulk_route';

/** The identifiers of the staged rows `rows` (a table or subquery with the staging columns), as (idx, cid, kind, value). */
const identifiersOfRows = (rows: string) => `(
  select s.idx, s.cid, v.kind, v.value from ${rows} s
  cross join lateral (values ('external_id', s.external_id), ('email', s.email), ('phone', s.phone),
                             ('anonymous_id', s.anonymous_id)) v(kind, value)
  where v.value is not null
  union all
  select s.idx, s.cid, 'social:' || j.key, j.value from ${rows} s cross join lateral jsonb_each_text(s.social) j
  where s.social is not null)`;

/** Profile text fields → staging/customers column (birth_date is staged as text and cast when applied). */
const TEXT_COLUMNS: Record<(typeof TEXT_FIELDS)[number], string> = {
  externalId: 'external_id',
  email: 'email',
  phone: 'phone',
  name: 'name',
  language: 'language',
  country: 'country',
  city: 'city',
  birthDate: 'birth_date',
  ageBand: 'age_band',
  gender: 'gender',
  incomeBand: 'income_band',
};

const STAGE_COLUMNS = [
  'idx', 'cid', 'named', 'linked', 'anonymous_id', ...TEXT_FIELDS.map((f) => TEXT_COLUMNS[f]),
  'marketing_consent', 'survey_consent', 'social', 'attr_set', 'attr_unset',
];

/** One valid row of the batch as the staging table holds it. */
export interface StagedRow {
  index: number;
  /** The id the customer gets if the row turns out to be a new person. */
  newId: string;
  identifierCount: number;
  /** Shares an identifier with another row of the batch: left to the general path. */
  linked: boolean;
  profile: TCustomerParsed;
}

// In a /u class only unpaired surrogates match. PostgreSQL stores neither them nor NUL (jsonb
// refuses their \u escapes, text the NUL byte); upsertCustomers would fail its whole batch on them.
const LONE_SURROGATE = /[\ud800-\udfff]/u;
const unstorable = (v: string): boolean => v.includes('\u0000') || LONE_SURROGATE.test(v);
// Everything is quoted: an unquoted empty field is NULL (not sent), "" an empty text.
const text = (v: string | undefined | null): string => (v === undefined || v === null ? '' : `"${v.replaceAll('"', '""')}"`);
const bool = (v: boolean | undefined): string => (v === undefined ? '' : v ? 't' : 'f');

/** One staging line; undefined when the row holds text PostgreSQL cannot store (NUL, a lone surrogate). */
export function stagingLine(r: StagedRow): string | undefined {
  const p = r.profile;
  // Built by concatenation, not arrays of cells: this runs for every row of every import.
  let line = `${r.index},${r.newId},${r.identifierCount},${r.linked ? 't' : 'f'},${text(p.anonymousId)}`;
  for (const f of TEXT_FIELDS) line += `,${text(p[f])}`;
  line += `,${bool(p.marketingConsent)},${bool(p.surveyConsent)}`;
  let storable = true;
  if (p.social && Object.keys(p.social).length > 0) {
    for (const v of Object.values(p.social)) if (unstorable(v)) storable = false;
    line += `,${text(JSON.stringify(p.social))}`;
  } else line += ',';
  let set: Record<string, unknown> = p.attributes ?? {};
  const unset: string[] = [];
  for (const k in set) {
    const v = set[k];
    if (v === null) unset.push(k);
    else if (typeof v === 'string' && unstorable(v)) storable = false;
  }
  if (unset.length > 0) set = Object.fromEntries(Object.entries(set).filter(([, v]) => v !== null));
  // Attribute keys are letters, digits, _ and -; quoted so that a key named "null" stays a key.
  line += `,${text(JSON.stringify(set))},"{${unset.map((k) => `""${k}""`).join(',')}}"`;
  // JSON.stringify escaped what the objects held; the raw text fields are checked in the line.
  return storable && !unstorable(line) ? line : undefined;
}

/** Creates this transaction's staging table and COPies the batch's lines into it. */
export async function stageRows(tx: Db, lines: string[]): Promise<void> {
  // Sorting and hashing a batch's identifiers should stay in memory. JIT compilation costs more
  // (≈ 0.3 s per statement) than it saves on these simple, big statements.
  await tx.execute(sql.raw(`select set_config('work_mem', '64MB', true), set_config('jit', 'off', true)`));
  await tx.execute(sql.raw(`
    create temp table ${STAGE} (
      idx int not null, cid uuid not null, named int not null, linked boolean not null, anonymous_id text,
      ${TEXT_FIELDS.map((f) => `${TEXT_COLUMNS[f]} text`).join(', ')},
      marketing_consent boolean, survey_consent boolean, social jsonb, attr_set jsonb not null, attr_unset text[] not null
    ) on commit drop`));
  await copyFromInTransaction(tx, STAGE, STAGE_COLUMNS, `${lines.join('\n')}\n`);
}

/** Removes rows from the staging table (refused after they were encoded). */
export async function dropStaged(tx: Db, indexes: number[]): Promise<void> {
  if (indexes.length > 0) await tx.execute(sql`delete from ${sql.raw(STAGE)} where idx = any(${sql.param(indexes)}::int[])`);
}

export interface Route {
  idx: number;
  owner: string | null;
  route: 'new' | 'existing' | 'general';
}

/**
 * Sorts the staged rows, one primary-key probe per identifier (LATERAL, whatever the statistics
 * say). A row none of whose identifiers is known, sharing none with another row, is a new person.
 * A row all of whose identifiers belong to one live customer that no other row of the batch names
 * is that customer ('existing'). Everything else — a merge, an identifier to attach, a merged or
 * erased profile, several rows about one person — goes to the general path ('general').
 */
export async function routeRows(tx: Db, ws: string): Promise<Route[]> {
  await tx.execute(sql`
    create temp table ${sql.raw(ROUTE)} on commit drop as
    with hits as (
      select x.idx, i.customer_id, count(*)::int as known
      from ${sql.raw(identifiersOfRows(STAGE))} x
      cross join lateral (select i.customer_id from customer_identities i
                          where i.workspace_id = ${ws} and i.kind = x.kind and i.value = x.value limit 1) i
      group by x.idx, i.customer_id
    ), per_row as (
      select idx, sum(known)::int as known, count(*)::int as owners, min(customer_id::text)::uuid as owner
      from hits group by idx
    ), shared as (
      select customer_id from hits group by customer_id having count(*) > 1
    )
    select s.idx, p.owner,
           case when p.idx is null and not s.linked then 'new'
                when not s.linked and p.known = s.named and p.owners = 1 and x.customer_id is null and c.live then 'existing'
                else 'general' end as route
    from ${sql.raw(STAGE)} s
    left join per_row p using (idx)
    left join shared x on x.customer_id = p.owner
    left join lateral (select c.merged_into is null and c.erased_at is null as live from customers c
                       where c.workspace_id = ${ws} and c.id = p.owner limit 1) c on true`);
  // Statistics of this small table steer the inserts and the update to index probes, not scans.
  await tx.execute(sql.raw(`analyze ${ROUTE}`));
  return selectRows<Route>(tx, sql.raw(`select idx, owner, route from ${ROUTE} where route <> 'new'`));
}

/**
 * Which staged rows are new people: after routeRows those it routed 'new'; when the whole batch
 * was taken for new (insertAllAsNew), every row that shares no identifier with another.
 */
export type NewRows = 'routed' | 'unlinked';
const newRows = (which: NewRows) =>
  which === 'routed'
    ? `(select s.* from ${STAGE} s join ${ROUTE} r using (idx) where r.route = 'new')`
    : `(select s.* from ${STAGE} s where not s.linked)`;

/**
 * Inserts the identities of the new people. Another transaction creating one of them meanwhile
 * makes this fail on the unique key; the caller then starts over and finds them known.
 */
export async function insertNewIdentities(tx: Db, ws: string, which: NewRows): Promise<void> {
  await tx.execute(sql`
    insert into customer_identities (workspace_id, kind, value, customer_id, origin_customer_id)
    select ${ws}::uuid, x.kind, x.value, x.cid, x.cid
    from ${sql.raw(identifiersOfRows(newRows(which)))} x
    order by x.kind, x.value`);
}

/**
 * A first import of a file mostly brings new people. When a sample of the batch's identifiers (one
 * row in 50) is unknown, the batch is first tried as all new: its identities are inserted under a
 * savepoint without resolving anything — the unique key proves them new. Any known identifier
 * fails that insert; the savepoint is rolled back and the batch is routed row by row. True when
 * the batch went in as new.
 */
export async function insertAllAsNew(tx: Db, ws: string): Promise<boolean> {
  const [sample] = await selectRows<{ known: boolean }>(
    tx,
    sql`select exists (
          select 1 from ${sql.raw(identifiersOfRows(`(select * from ${STAGE} where not linked and idx % 50 = 0)`))} x
          where exists (select 1 from customer_identities i where i.workspace_id = ${ws} and i.kind = x.kind and i.value = x.value)
        ) as known`,
  );
  if (sample.known) return false;
  try {
    await tx.transaction((savepoint) => insertNewIdentities(savepoint, ws, 'unlinked'));
    return true;
  } catch (err) {
    if (pgCode(err) === '23505') return false;
    throw err;
  }
}

const profileColumns = [...TEXT_FIELDS.map((f) => TEXT_COLUMNS[f]), 'marketing_consent', 'survey_consent', 'social', 'attributes'];

/** Inserts the new people's profiles: what the row sent, defaults for the rest (as applyProfileInput on an empty profile). */
export async function insertNewCustomers(tx: Db, ws: string, which: NewRows): Promise<void> {
  const values = [
    ...TEXT_FIELDS.map((f) => (f === 'birthDate' ? 's.birth_date::date' : `s.${TEXT_COLUMNS[f]}`)),
    'coalesce(s.marketing_consent, false)',
    'coalesce(s.survey_consent, true)',
    `coalesce(s.social, '{}'::jsonb)`,
    's.attr_set',
  ];
  await tx.execute(sql`
    insert into customers (workspace_id, id, ${sql.raw(profileColumns.join(', '))})
    select ${ws}::uuid, s.cid, ${sql.raw(values.join(', '))}
    from ${sql.raw(newRows(which))} s
    order by s.cid`);
}

/** The value a profile column takes after the row is applied on top of the stored one (c). */
const afterValue = (column: string): string => {
  switch (column) {
    case 'birth_date':
      return 'coalesce(s.birth_date::date, c.birth_date)';
    case 'social':
      return `c.social || coalesce(s.social, '{}'::jsonb)`;
    case 'attributes':
      return '(c.attributes - s.attr_unset) || s.attr_set';
    default:
      return `coalesce(s.${column}, c.${column})`;
  }
};

/**
 * Applies the rows of known customers; only profiles that change are written (and get a new
 * updated_at). Returns the ids written. Profiles merged or erased by a transaction that committed
 * meanwhile are skipped here and caught by countStale.
 */
export async function updateExistingCustomers(tx: Db, ws: string): Promise<string[]> {
  const sets: SQL = sql.raw(profileColumns.map((c) => `${c} = ${afterValue(c)}`).join(', '));
  const changed: SQL = sql.raw(profileColumns.map((c) => `${afterValue(c)} is distinct from c.${c}`).join(' or '));
  const rows = await selectRows<{ id: string }>(
    tx,
    sql`update customers c set ${sets}, updated_at = now()
        from ${sql.raw(ROUTE)} r join ${sql.raw(STAGE)} s using (idx)
        where r.route = 'existing' and c.workspace_id = ${ws} and c.id = r.owner
          and c.merged_into is null and c.erased_at is null and (${changed})
        returning c.id`,
  );
  return rows.map((r) => r.id);
}

/** Known customers of the batch that were merged or erased by a transaction that committed meanwhile. */
export async function countStale(tx: Db, ws: string): Promise<number> {
  const [r] = await selectRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from ${sql.raw(ROUTE)} r
        cross join lateral (select 1 from customers c where c.workspace_id = ${ws} and c.id = r.owner
                            and (c.merged_into is not null or c.erased_at is not null) limit 1) c
        where r.route = 'existing'`,
  );
  return r.n;
}
