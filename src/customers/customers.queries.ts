import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { selectRows, type Db } from '../platform/db/client.js';
import { segmentMembers, segments } from './segments/segments.tables.js';
import { CUSTOMER_SEARCH_TEXT, customerIdentities, customers, customerSettings, type AttributeType } from './customers.tables.js';
import type { CustomerRow } from './customer-presenter.js';

export async function findCustomerRow(db: Db, ws: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<CustomerRow | undefined> {
  const q = db.select().from(customers).where(and(eq(customers.workspaceId, ws), eq(customers.id, id)));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row;
}

export async function findIdentitiesOf(db: Db, ws: string, customerId: string) {
  return db
    .select({ kind: customerIdentities.kind, value: customerIdentities.value, originCustomerId: customerIdentities.originCustomerId, createdAt: customerIdentities.createdAt })
    .from(customerIdentities)
    .where(and(eq(customerIdentities.workspaceId, ws), eq(customerIdentities.customerId, customerId)))
    .orderBy(asc(customerIdentities.kind), asc(customerIdentities.value));
}

/** The segments a customer is in, most recently entered first. */
export async function findMembershipsOf(db: Db, ws: string, customerId: string) {
  return db
    .select({ id: segments.id, name: segments.name, enteredAt: segmentMembers.enteredAt })
    .from(segmentMembers)
    .innerJoin(segments, and(eq(segments.workspaceId, segmentMembers.workspaceId), eq(segments.id, segmentMembers.segmentId)))
    .where(and(eq(segmentMembers.workspaceId, ws), eq(segmentMembers.customerId, customerId)))
    .orderBy(desc(segmentMembers.enteredAt));
}

/** The sorts of the customer list: the column, and how its cursor value is read back into SQL. */
export const CUSTOMER_SORTS = {
  lastSeenAt: { expr: sql`c.last_seen_at`, order: 'desc', value: 'timestamp' },
  createdAt: { expr: sql`c.created_at`, order: 'desc', value: 'timestamp' },
  totalSpend: { expr: sql`c.total_spend`, order: 'desc', value: 'integer' },
  name: { expr: sql`coalesce(c.name, '')`, order: 'asc', value: 'text' },
} as const;
export type CustomerSort = keyof typeof CUSTOMER_SORTS;

export type AttributeOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'exists';
/** One `attr.<key>.<op>=value` filter, already checked against the attribute's type by the service. */
export interface AttributeFilter {
  key: string;
  type: AttributeType;
  op: AttributeOp;
  value: string;
}

export interface CustomerListFilter {
  identity?: { kind: 'email' | 'external_id' | 'phone'; value: string }[];
  q?: string;
  segment?: string;
  lifecycleStage?: string;
  npsCategory?: string;
  country?: string;
  language?: string;
  marketingConsent?: boolean;
  surveyConsent?: boolean;
  attributes: AttributeFilter[];
}

export interface CustomerPageRequest {
  sort: CustomerSort;
  direction: 'asc' | 'desc';
  limit: number;
  /** The sort value and id of the last row of the previous page. */
  after?: { key: string | number; id: string };
}

const CMP: Record<Exclude<AttributeOp, 'contains' | 'exists'>, string> = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

function attributeCondition(f: AttributeFilter): SQL {
  const v = sql`c.attributes -> ${f.key}`;
  if (f.op === 'exists') return f.value === 'false' ? sql`(${v} is null)` : sql`(${v} is not null)`;
  if (f.op === 'contains') return sql`(c.attributes ->> ${f.key}) ilike ${`%${likeEscape(f.value)}%`}`;
  const cmp = sql.raw(CMP[f.op]);
  switch (f.type) {
    case 'number':
      return sql`((case when jsonb_typeof(${v}) = 'number' then (${v})::text::numeric end) ${cmp} ${Number(f.value)}::numeric)`;
    case 'boolean':
      return sql`(${v} ${cmp} ${f.value}::jsonb)`;
    case 'date':
    case 'string':
      return sql`((c.attributes ->> ${f.key}) ${cmp} ${f.value})`;
  }
}

const listed = alias(customers, 'c');

/**
 * One page of live profiles (not merged away, not erased), keyset-paginated on (sort value, id).
 * `cursorKey` is the sort value in the form the cursor carries: ISO timestamps with microseconds,
 * integers as numbers, text as text.
 */
export async function selectCustomerPage(db: Db, ws: string, f: CustomerListFilter, page: CustomerPageRequest) {
  const sort = CUSTOMER_SORTS[page.sort];
  const where: SQL[] = [sql`c.workspace_id = ${ws}`, sql`c.merged_into is null`, sql`c.erased_at is null`];
  for (const i of f.identity ?? []) {
    where.push(sql`c.id in (select customer_id from customer_identities where workspace_id = ${ws} and kind = ${i.kind} and value = ${i.value})`);
  }
  if (f.q) where.push(sql`(${CUSTOMER_SEARCH_TEXT}) ilike ${`%${likeEscape(f.q)}%`}`);
  if (f.segment) {
    where.push(sql`exists (select 1 from segment_members m where m.workspace_id = ${ws} and m.segment_id = ${f.segment} and m.customer_id = c.id)`);
  }
  if (f.lifecycleStage) where.push(sql`c.lifecycle_stage = ${f.lifecycleStage}`);
  if (f.npsCategory) where.push(sql`c.nps_category = ${f.npsCategory}`);
  if (f.country) where.push(sql`lower(c.country) = lower(${f.country})`);
  if (f.language) where.push(sql`lower(c.language) = lower(${f.language})`);
  if (f.marketingConsent !== undefined) where.push(sql`c.marketing_consent = ${f.marketingConsent}`);
  if (f.surveyConsent !== undefined) where.push(sql`c.survey_consent = ${f.surveyConsent}`);
  where.push(...f.attributes.map(attributeCondition));
  if (page.after) {
    const op = sql.raw(page.direction === 'desc' ? '<' : '>');
    const cast = sql.raw({ timestamp: 'timestamptz', integer: 'bigint', text: 'text' }[sort.value]);
    where.push(sql`(${sort.expr}, c.id) ${op} (${page.after.key}::${cast}, ${page.after.id}::uuid)`);
  }
  const keyText =
    sort.value === 'timestamp'
      ? sql<string>`to_char((${sort.expr}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
      : sql<string>`(${sort.expr})::text`;
  const dir = sql.raw(page.direction);
  const rows = await db
    .select({ c: listed, keyText })
    .from(listed)
    .where(sql.join(where, sql` and `))
    .orderBy(sql`${sort.expr} ${dir}, c.id ${dir}`)
    .limit(page.limit + 1);
  return rows.map((r) => ({ row: r.c, cursorKey: sort.value === 'integer' ? Number(r.keyText) : r.keyText }));
}

export type CustomerSettingsRow = typeof customerSettings.$inferSelect;
export type CustomerSettingsValues = Omit<typeof customerSettings.$inferInsert, 'workspaceId' | 'updatedAt'>;

export async function findCustomerSettings(db: Db, ws: string): Promise<CustomerSettingsRow | undefined> {
  const [s] = await db.select().from(customerSettings).where(eq(customerSettings.workspaceId, ws));
  return s;
}

export async function saveCustomerSettings(tx: Db, ws: string, values: CustomerSettingsValues): Promise<void> {
  await tx
    .insert(customerSettings)
    .values({ workspaceId: ws, ...values })
    .onConflictDoUpdate({ target: customerSettings.workspaceId, set: { ...values, updatedAt: sql`now()` } });
}

/** Ids of a workspace's surviving customers after `afterId`, in id order (for chunked recomputes). */
export async function findCustomerIdsAfter(db: Db, ws: string, afterId: string, limit: number): Promise<string[]> {
  const rows = await selectRows<{ id: string }>(
    db,
    sql`select id from customers where workspace_id = ${ws} and merged_into is null and id > ${afterId} order by id limit ${limit}`,
  );
  return rows.map((r) => r.id);
}

/** Workspaces that hold any customer (for nightly maintenance). */
export async function findWorkspacesWithCustomers(db: Db): Promise<string[]> {
  return (await selectRows<{ id: string }>(db, sql`select distinct workspace_id as id from customers`)).map((r) => r.id);
}
