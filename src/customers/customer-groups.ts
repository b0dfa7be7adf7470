import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import { parseRule } from './segments/rules.js';
import { compileRule } from './segments/compile-rule.js';
import { loadCompileEnv } from './segments/segment-graph.js';
import {
  selectAttributeDefinitions,
  selectAttributeType,
  selectAttributeValues,
  selectPersonaRules,
  selectProfileValue,
  selectRuleMatches,
  selectRuleMemberIds,
  selectSegmentMemberIds,
  selectSegmentMemberships,
  selectSegmentNames,
  membershipRelation,
  type MembershipRow,
} from './customer-groups.queries.js';

/** What other domains (analytics) may group customers by. */
export type CustomerDimension = 'segment' | 'persona' | 'country' | 'lifecycle' | `attribute:${string}`;

export interface CustomerGroups {
  /** Groups known up front (every segment or persona, also those without members here), key → label. */
  known: { key: string; label: string }[];
  /** customer id → the groups it is in (segments and personas overlap; profile values give one). */
  memberOf: Map<string, string[]>;
}

/** Chunks keep the uuid[] parameter of one statement bounded when a survey has many identified respondents. */
const CHUNK = 20_000;

async function inChunks(customerIds: string[], read: (chunk: string[]) => Promise<MembershipRow[]>): Promise<MembershipRow[]> {
  const out: MembershipRow[] = [];
  for (let i = 0; i < customerIds.length; i += CHUNK) out.push(...(await read(customerIds.slice(i, i + CHUNK))));
  return out;
}

/**
 * The groups each given customer belongs to for one dimension: segment membership as materialised,
 * persona rules evaluated now, country, lifecycle stage, or a typed custom attribute's value as text.
 * An attribute key the workspace has not defined is a 422.
 */
export async function getCustomerGroups(db: Db, workspaceId: string, dimension: CustomerDimension, customerIds: string[]): Promise<CustomerGroups> {
  let known: { key: string; label: string }[] = [];
  let rows: MembershipRow[];
  if (dimension === 'segment') {
    known = (await selectSegmentNames(db, workspaceId)).map((s) => ({ key: s.id, label: s.name }));
    rows = await inChunks(customerIds, (c) => selectSegmentMemberships(db, workspaceId, c));
  } else if (dimension === 'persona') {
    const personas = await selectPersonaRules(db, workspaceId);
    known = personas.map((p) => ({ key: p.id, label: p.name }));
    const env = await loadCompileEnv(db, workspaceId);
    const rules = personas.map((p) => {
      const parsed = parseRule(p.rules);
      return { id: p.id, where: parsed.ok ? compileRule(parsed.rule, env) : sql`false` };
    });
    rows = await inChunks(customerIds, (c) => selectRuleMatches(db, workspaceId, c, rules));
  } else if (dimension === 'country') {
    rows = await inChunks(customerIds, (c) => selectProfileValue(db, workspaceId, c, sql`c.country`));
  } else if (dimension === 'lifecycle') {
    rows = await inChunks(customerIds, (c) => selectProfileValue(db, workspaceId, c, sql`c.lifecycle_stage`));
  } else {
    const key = dimension.slice('attribute:'.length);
    if (!(await selectAttributeType(db, workspaceId, key))) {
      throw new AppError('validation_failed', `No custom attribute "${key}" in this workspace.`, {
        errors: [{ path: 'querystring.groupBy', message: 'unknown attribute' }],
      });
    }
    rows = await inChunks(customerIds, (c) => selectProfileValue(db, workspaceId, c, sql`c.attributes ->> ${key}`));
  }
  const memberOf = new Map<string, string[]>();
  for (const r of rows) {
    if (r.grp === null) continue;
    const list = memberOf.get(r.customer_id) ?? [];
    list.push(r.grp);
    memberOf.set(r.customer_id, list);
  }
  return { known, memberOf };
}

/**
 * The customers in one segment (as materialised) or matching one persona now: what analytics filters
 * responses by. A segment or persona of another workspace is a 404.
 */
export async function getCustomerIdsIn(db: Db, workspaceId: string, group: { segmentId?: string; personaId?: string }): Promise<string[]> {
  let ids: string[] | undefined;
  if (group.segmentId) {
    ids = await selectSegmentMemberIds(db, workspaceId, group.segmentId);
    if (!ids) throw notFound('Segment');
  }
  if (group.personaId) {
    const persona = (await selectPersonaRules(db, workspaceId)).find((p) => p.id === group.personaId);
    if (!persona) throw notFound('Persona');
    const parsed = parseRule(persona.rules);
    const matches = parsed.ok ? await selectRuleMemberIds(db, workspaceId, compileRule(parsed.rule, await loadCompileEnv(db, workspaceId))) : [];
    const set = new Set(matches);
    ids = ids ? ids.filter((id) => set.has(id)) : matches;
  }
  return ids ?? [];
}

export interface CustomerAttributeValues {
  /** The requested attributes' definitions, in the order asked. */
  definitions: { key: string; type: 'string' | 'number' | 'boolean' | 'date'; label: string }[];
  /** customer id → attribute key → value (unset attributes are absent). */
  values: Map<string, Record<string, string | number | boolean>>;
}

/**
 * Typed custom attribute values of the given customers (what key drivers regress on). Any key the
 * workspace has not defined is a 422 naming `path`, so a typo is never silently an empty driver.
 */
export async function getCustomerAttributeValues(db: Db, workspaceId: string, keys: string[], customerIds: string[], path = 'querystring.attributes'): Promise<CustomerAttributeValues> {
  const defs = await selectAttributeDefinitions(db, workspaceId, keys);
  const unknown = keys.filter((k) => !defs.some((d) => d.key === k));
  if (unknown.length) {
    throw new AppError('validation_failed', `No custom attribute ${unknown.map((k) => `"${k}"`).join(', ')} in this workspace.`, {
      errors: unknown.map((k) => ({ path, message: `unknown attribute ${k}` })),
    });
  }
  const definitions = keys.map((k) => defs.find((d) => d.key === k)!) as CustomerAttributeValues['definitions'];
  const values = new Map<string, Record<string, string | number | boolean>>();
  for (let i = 0; i < customerIds.length; i += CHUNK) {
    for (const r of await selectAttributeValues(db, workspaceId, customerIds.slice(i, i + CHUNK), keys)) {
      const attrs: Record<string, string | number | boolean> = {};
      for (const [k, v] of Object.entries(r.attrs ?? {})) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') attrs[k] = v;
      values.set(r.customer_id, attrs);
    }
  }
  return { definitions, values };
}

/**
 * Every customer's groups in one dimension as a SQL relation (customer_id, grp), for analytics that
 * aggregate by group in one statement instead of resolving ids first; the known groups as in
 * getCustomerGroups. An attribute key the workspace has not defined is a 422.
 */
export async function getCustomerGroupRelation(db: Db, workspaceId: string, dimension: CustomerDimension): Promise<{ known: { key: string; label: string }[]; relation: SQL }> {
  if (dimension === 'segment') {
    const known = (await selectSegmentNames(db, workspaceId)).map((s) => ({ key: s.id, label: s.name }));
    return { known, relation: membershipRelation.segment(workspaceId) };
  }
  if (dimension === 'persona') {
    const personas = await selectPersonaRules(db, workspaceId);
    const env = await loadCompileEnv(db, workspaceId);
    const rules = personas.map((p) => {
      const parsed = parseRule(p.rules);
      return { id: p.id, where: parsed.ok ? compileRule(parsed.rule, env) : sql`false` };
    });
    return { known: personas.map((p) => ({ key: p.id, label: p.name })), relation: membershipRelation.rules(workspaceId, rules) };
  }
  if (dimension === 'country') return { known: [], relation: membershipRelation.profile(workspaceId, sql`c.country`) };
  if (dimension === 'lifecycle') return { known: [], relation: membershipRelation.profile(workspaceId, sql`c.lifecycle_stage`) };
  const key = dimension.slice('attribute:'.length);
  if (!(await selectAttributeType(db, workspaceId, key))) {
    throw new AppError('validation_failed', `No custom attribute "${key}" in this workspace.`, { errors: [{ path: 'querystring.groupBy', message: 'unknown attribute' }] });
  }
  return { known: [], relation: membershipRelation.profile(workspaceId, sql`c.attributes ->> ${key}`) };
}
