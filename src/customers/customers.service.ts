import { z } from 'zod';
import type { Db } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import { cursorValue, decodeCursor, encodeCursor } from '../platform/http/cursor.js';
import { getWorkspace } from '../accounts/workspaces.service.js';
import type { TCustomerListQuery } from './customers.schemas.js';
import { normaliseEmailIdentity, normalisePhone } from './customers.schemas.js';
import { isDateValue, listAttributeDefinitions } from './attributes.service.js';
import { listMergesOf } from './merges.service.js';
import { presentCustomer, type CustomerRow } from './customer-presenter.js';
import {
  CUSTOMER_SORTS,
  findCustomerRow,
  findIdentitiesOf,
  findMembershipsOf,
  selectCustomerPage,
  type AttributeFilter,
  type AttributeOp,
  type CustomerListFilter,
  type CustomerSort,
} from './customers.queries.js';

// Merge chains are short (each merge points at the survivor); the bound only stops a corrupt cycle.
const MAX_HOPS = 32;

/**
 * Finds a customer by id; an id that was merged away resolves to the profile it lives on now
 * (`mergedFrom` then names the id asked for). Another workspace's id is simply not found.
 */
export async function resolveCustomer(db: Db, ws: string, id: string): Promise<{ row: CustomerRow; mergedFrom?: string }> {
  let current = id;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const row = await findCustomerRow(db, ws, current);
    if (!row) break;
    if (!row.mergedInto) return { row, mergedFrom: current === id ? undefined : id };
    current = row.mergedInto;
  }
  throw notFound('Customer');
}

/** The profile a request names (merged-away ids followed), as the API shows it. */
export async function presentResolved(db: Db, ws: string, id: string) {
  const { row } = await resolveCustomer(db, ws, id);
  return presentCustomer(row, (await getWorkspace(db, ws)).baseCurrency);
}

const ATTR_OPS: readonly AttributeOp[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'contains', 'exists'];

/** `attr.<key>[.<op>]=value` parameters, checked against the workspace's attribute definitions (400 otherwise). */
async function attributeFilters(db: Db, ws: string, query: Record<string, unknown>): Promise<AttributeFilter[]> {
  const entries = Object.entries(query).filter(([k]) => k.startsWith('attr.'));
  if (entries.length === 0) return [];
  const types = new Map((await listAttributeDefinitions(db, ws)).map((d) => [d.key, d.type]));
  return entries.map(([param, raw]) => {
    const [, key, op = 'eq'] = param.split('.') as [string, string, string | undefined];
    const bad = (why: string) => new AppError('bad_request', `Filter ${param}: ${why}`, { errors: [{ path: `querystring.${param}`, message: why }] });
    const type = types.get(key);
    if (!type) throw bad(`there is no attribute "${key}"`);
    const operator = ATTR_OPS.find((o) => o === op);
    if (!operator) throw bad(`unknown operator; use one of ${ATTR_OPS.join(', ')}`);
    const value = String(Array.isArray(raw) ? raw[0] : raw);
    if (operator !== 'exists' && operator !== 'contains') {
      if (type === 'number' && (value.trim() === '' || !Number.isFinite(Number(value)))) throw bad('must be a number');
      if (type === 'boolean' && value !== 'true' && value !== 'false') throw bad('must be true or false');
      if (type === 'boolean' && operator !== 'eq' && operator !== 'ne') throw bad('booleans compare with eq or ne only');
      if (type === 'date' && !isDateValue(value)) throw bad('must be a date (YYYY-MM-DD)');
    }
    return { key, type, op: operator, value };
  });
}

/** The cursor of one sort and direction: a cursor of another sort or order is refused (400). */
const cursorKind = (sort: CustomerSort, direction: string) => `customers:${sort}:${direction}`;
const cursorSchema = (sort: CustomerSort) => z.tuple([cursorValue[CUSTOMER_SORTS[sort].value], cursorValue.id]);

/** Lists live profiles (not merged away, not erased) with filters, sorted, keyset-paginated. */
export async function listCustomers(db: Db, ws: string, q: TCustomerListQuery) {
  const sortName = q.sort ?? 'lastSeenAt';
  const direction = q.order ?? CUSTOMER_SORTS[sortName].order;
  const kind = cursorKind(sortName, direction);
  const after = q.cursor ? decodeCursor(q.cursor, kind, cursorSchema(sortName)) : undefined;
  const identity: NonNullable<CustomerListFilter['identity']> = [];
  if (q.email) identity.push({ kind: 'email', value: normaliseEmailIdentity(q.email) });
  if (q.externalId) identity.push({ kind: 'external_id', value: q.externalId.trim() });
  if (q.phone) identity.push({ kind: 'phone', value: normalisePhone(q.phone) ?? q.phone });
  const filter: CustomerListFilter = {
    identity,
    q: q.q?.trim(),
    segment: q.segment,
    lifecycleStage: q.lifecycleStage,
    npsCategory: q.npsCategory,
    country: q.country,
    language: q.language,
    marketingConsent: q.marketingConsent === undefined ? undefined : q.marketingConsent === 'true',
    surveyConsent: q.surveyConsent === undefined ? undefined : q.surveyConsent === 'true',
    attributes: await attributeFilters(db, ws, q),
  };
  const rows = await selectCustomerPage(db, ws, filter, {
    sort: sortName,
    direction,
    limit: q.limit,
    after: after ? { key: after[0], id: after[1] } : undefined,
  });
  const { baseCurrency } = await getWorkspace(db, ws);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => presentCustomer(r.row, baseCurrency)),
    nextCursor: rows.length > q.limit && last ? encodeCursor(kind, [last.cursorKey, last.row.id]) : null,
  };
}

/** One profile with its identities, segment memberships and merge history. */
export async function getCustomer(db: Db, ws: string, id: string) {
  const { row, mergedFrom } = await resolveCustomer(db, ws, id);
  const [identities, memberOf, merges, workspace] = await Promise.all([
    findIdentitiesOf(db, ws, row.id),
    findMembershipsOf(db, ws, row.id),
    listMergesOf(db, ws, row.id),
    getWorkspace(db, ws),
  ]);
  return { ...presentCustomer(row, workspace.baseCurrency), identities, segments: memberOf, merges, ...(mergedFrom ? { mergedFrom } : {}) };
}

/** The merges that formed a profile (a merged-away id shows those of the profile it lives on). */
export async function listCustomerMerges(db: Db, ws: string, id: string) {
  const { row } = await resolveCustomer(db, ws, id);
  return { data: await listMergesOf(db, ws, row.id) };
}
