import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import { getWorkspace } from '../accounts/workspaces.service.js';
import { segmentMembers, segments } from './segments/segments.tables.js';
import { CUSTOMER_SEARCH_TEXT, customerIdentities, customers } from './customers.tables.js';
import type { TCustomer, TCustomerListQuery } from './customers.schemas.js';
import { normaliseEmailIdentity, normalisePhone } from './customers.schemas.js';
import { isDateValue, listAttributeDefinitions } from './attributes.service.js';
import { listMergesOf } from './merges.service.js';
import { profileOf } from './profile-fields.js';

export type CustomerRow = typeof customers.$inferSelect;

const DAY_MS = 86_400_000;

/** The API shape of a profile: its fields, custom attributes and computed traits. */
export function presentCustomer(c: CustomerRow, baseCurrency: string): TCustomer {
  return {
    id: c.id,
    ...profileOf(c),
    traits: {
      orderCount: c.orderCount,
      totalSpend: c.totalSpend,
      baseCurrency,
      spendByCurrency: c.spendByCurrency,
      avgOrderValue: c.avgOrderValue,
      refundTotal: c.refundTotal,
      clv: c.clv,
      firstPurchaseAt: c.firstPurchaseAt,
      lastPurchaseAt: c.lastPurchaseAt,
      lastActivityAt: c.lastActivityAt,
      daysSinceLastActivity: c.lastActivityAt ? Math.floor((Date.now() - c.lastActivityAt.getTime()) / DAY_MS) : null,
      lifecycleStage: c.lifecycleStage,
      npsScore: c.npsScore,
      npsCategory: c.npsCategory,
      csatScore: c.csatScore,
      cesScore: c.cesScore,
      lastSurveyAt: c.lastSurveyAt,
      supportCases: c.supportCases,
      openSupportCases: c.openSupportCases,
      eventCount: c.eventCount,
    },
    createdAt: c.createdAt,
    firstSeenAt: c.firstSeenAt,
    lastSeenAt: c.lastSeenAt,
    updatedAt: c.updatedAt,
    erasedAt: c.erasedAt,
  };
}

/**
 * Finds a customer by id; an id that was merged away resolves to the profile it lives on now
 * (`mergedFrom` then names the id asked for). Another workspace's id is simply not found.
 */
export async function resolveCustomer(db: Db, ws: string, id: string): Promise<{ row: CustomerRow; mergedFrom?: string }> {
  let current = id;
  for (let hop = 0; hop < 32; hop++) {
    const [row] = await db.select().from(customers).where(and(eq(customers.workspaceId, ws), eq(customers.id, current)));
    if (!row) break;
    if (!row.mergedInto) return { row, mergedFrom: current === id ? undefined : id };
    current = row.mergedInto;
  }
  throw notFound('Customer');
}

const SORTS = {
  lastSeenAt: { expr: sql`c.last_seen_at`, cast: 'timestamptz', order: 'desc' },
  createdAt: { expr: sql`c.created_at`, cast: 'timestamptz', order: 'desc' },
  totalSpend: { expr: sql`c.total_spend`, cast: 'bigint', order: 'desc' },
  name: { expr: sql`coalesce(c.name, '')`, cast: 'text', order: 'asc' },
} as const;

const encodeCursor = (key: string, id: string) => Buffer.from(JSON.stringify([key, id])).toString('base64url');
function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && /^[0-9a-f-]{36}$/i.test(v[1])) {
      return [v[0], v[1]];
    }
  } catch {
    /* fall through */
  }
  throw new AppError('bad_request', 'The cursor is not one this API handed out.');
}

const ATTR_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'contains', 'exists'] as const;
type AttrOp = (typeof ATTR_OPS)[number];
const CMP: Record<Exclude<AttrOp, 'contains' | 'exists'>, string> = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** `attr.<key>[.<op>]=value` filters, typed by the workspace's attribute definitions. */
async function attributeFilters(db: Db, ws: string, query: Record<string, unknown>): Promise<SQL[]> {
  const entries = Object.entries(query).filter(([k]) => k.startsWith('attr.'));
  if (entries.length === 0) return [];
  const types = new Map((await listAttributeDefinitions(db, ws)).map((d) => [d.key, d.type]));
  return entries.map(([param, raw]) => {
    const [, key, op = 'eq'] = param.split('.') as [string, string, string | undefined];
    const bad = (why: string) => new AppError('bad_request', `Filter ${param}: ${why}`, { errors: [{ path: `querystring.${param}`, message: why }] });
    const type = types.get(key);
    if (!type) throw bad(`there is no attribute "${key}"`);
    if (!(ATTR_OPS as readonly string[]).includes(op)) throw bad(`unknown operator; use one of ${ATTR_OPS.join(', ')}`);
    const value = String(Array.isArray(raw) ? raw[0] : raw);
    const v = sql`c.attributes -> ${key}`;
    if (op === 'exists') return value === 'false' ? sql`(${v} is null)` : sql`(${v} is not null)`;
    if (op === 'contains') return sql`(c.attributes ->> ${key}) ilike ${`%${likeEscape(value)}%`}`;
    const cmp = sql.raw(CMP[op as keyof typeof CMP]);
    switch (type) {
      case 'number': {
        const n = Number(value);
        if (value.trim() === '' || !Number.isFinite(n)) throw bad('must be a number');
        return sql`((case when jsonb_typeof(${v}) = 'number' then (${v})::text::numeric end) ${cmp} ${n}::numeric)`;
      }
      case 'boolean':
        if (value !== 'true' && value !== 'false') throw bad('must be true or false');
        if (op !== 'eq' && op !== 'ne') throw bad('booleans compare with eq or ne only');
        return sql`(${v} ${cmp} ${value}::jsonb)`;
      case 'date':
        if (!isDateValue(value)) throw bad('must be a date (YYYY-MM-DD)');
        return sql`((c.attributes ->> ${key}) ${cmp} ${value})`;
      case 'string':
        return sql`((c.attributes ->> ${key}) ${cmp} ${value})`;
    }
  });
}

const identityMatch = (ws: string, kind: string, value: string) =>
  sql`c.id in (select customer_id from customer_identities where workspace_id = ${ws} and kind = ${kind} and value = ${value})`;

const listed = alias(customers, 'c');

/** Lists live profiles (not merged away, not erased) with filters, sorted, keyset-paginated. */
export async function findCustomers(db: Db, ws: string, q: TCustomerListQuery) {
  const sort = SORTS[q.sort ?? 'lastSeenAt'];
  const direction = q.order ?? sort.order;
  const where: SQL[] = [sql`c.workspace_id = ${ws}`, sql`c.merged_into is null`, sql`c.erased_at is null`];
  if (q.email) where.push(identityMatch(ws, 'email', normaliseEmailIdentity(q.email)));
  if (q.externalId) where.push(identityMatch(ws, 'external_id', q.externalId.trim()));
  if (q.phone) where.push(identityMatch(ws, 'phone', normalisePhone(q.phone) ?? q.phone));
  if (q.q) where.push(sql`(${CUSTOMER_SEARCH_TEXT}) ilike ${`%${likeEscape(q.q.trim())}%`}`);
  if (q.segment) {
    where.push(sql`exists (select 1 from segment_members m where m.workspace_id = ${ws} and m.segment_id = ${q.segment} and m.customer_id = c.id)`);
  }
  if (q.lifecycleStage) where.push(sql`c.lifecycle_stage = ${q.lifecycleStage}`);
  if (q.npsCategory) where.push(sql`c.nps_category = ${q.npsCategory}`);
  if (q.country) where.push(sql`lower(c.country) = lower(${q.country})`);
  if (q.language) where.push(sql`lower(c.language) = lower(${q.language})`);
  if (q.marketingConsent !== undefined) where.push(sql`c.marketing_consent = ${q.marketingConsent === 'true'}`);
  if (q.surveyConsent !== undefined) where.push(sql`c.survey_consent = ${q.surveyConsent === 'true'}`);
  where.push(...(await attributeFilters(db, ws, q as Record<string, unknown>)));
  if (q.cursor) {
    const [key, id] = decodeCursor(q.cursor);
    const op = sql.raw(direction === 'desc' ? '<' : '>');
    where.push(sql`(${sort.expr}, c.id) ${op} (${key}::${sql.raw(sort.cast)}, ${id}::uuid)`);
  }
  const dir = sql.raw(direction);
  const rows = await db
    .select({ c: listed, sortKey: sql<string>`(${sort.expr})::text` })
    .from(listed)
    .where(sql.join(where, sql` and `))
    .orderBy(sql`${sort.expr} ${dir}, c.id ${dir}`)
    .limit(q.limit + 1);
  const { baseCurrency } = await getWorkspace(db, ws);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => presentCustomer(r.c, baseCurrency)),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.sortKey, last.c.id) : null,
  };
}

/** One profile with its identities, segment memberships and merge history. */
export async function getCustomer(db: Db, ws: string, id: string) {
  const { row, mergedFrom } = await resolveCustomer(db, ws, id);
  const [identities, memberOf, merges, workspace] = await Promise.all([
    db
      .select({ kind: customerIdentities.kind, value: customerIdentities.value, originCustomerId: customerIdentities.originCustomerId, createdAt: customerIdentities.createdAt })
      .from(customerIdentities)
      .where(and(eq(customerIdentities.workspaceId, ws), eq(customerIdentities.customerId, row.id)))
      .orderBy(asc(customerIdentities.kind), asc(customerIdentities.value)),
    db
      .select({ id: segments.id, name: segments.name, enteredAt: segmentMembers.enteredAt })
      .from(segmentMembers)
      .innerJoin(segments, and(eq(segments.workspaceId, segmentMembers.workspaceId), eq(segments.id, segmentMembers.segmentId)))
      .where(and(eq(segmentMembers.workspaceId, ws), eq(segmentMembers.customerId, row.id)))
      .orderBy(desc(segmentMembers.enteredAt)),
    listMergesOf(db, ws, row.id),
    getWorkspace(db, ws),
  ]);
  return { ...presentCustomer(row, workspace.baseCurrency), identities, segments: memberOf, merges, ...(mergedFrom ? { mergedFrom } : {}) };
}
