import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { selectRows } from '../platform/db/client.js';

export interface MembershipRow {
  customer_id: string;
  grp: string | null;
}

const ids = (customerIds: string[]) => sql`${sql.param(customerIds)}::uuid[]`;

/** One profile column (or custom attribute as text) of each given customer. */
export async function selectProfileValue(db: Db, workspaceId: string, customerIds: string[], value: SQL): Promise<MembershipRow[]> {
  return selectRows<MembershipRow>(
    db,
    sql`select c.id::text as customer_id, ${value} as grp from customers c
        where c.workspace_id = ${workspaceId}::uuid and c.id = any(${ids(customerIds)})`,
  );
}

/** The segments each given customer belongs to (one row per membership; customers in none are absent). */
export async function selectSegmentMemberships(db: Db, workspaceId: string, customerIds: string[]): Promise<MembershipRow[]> {
  return selectRows<MembershipRow>(
    db,
    sql`select m.customer_id::text as customer_id, m.segment_id::text as grp from segment_members m
        where m.workspace_id = ${workspaceId}::uuid and m.customer_id = any(${ids(customerIds)})`,
  );
}

/** Which of the given customers match each persona rule, in one scan of those customers (UNION ALL of rules). */
export async function selectRuleMatches(db: Db, workspaceId: string, customerIds: string[], rules: { id: string; where: SQL }[]): Promise<MembershipRow[]> {
  if (!rules.length) return [];
  const parts = rules.map((r) => sql`select c.id::text as customer_id, ${r.id}::text as grp from pick c where ${r.where}`);
  return selectRows<MembershipRow>(
    db,
    sql`with pick as materialized (select c.* from customers c where c.workspace_id = ${workspaceId}::uuid and c.id = any(${ids(customerIds)}))
        ${sql.join(parts, sql` union all `)}`,
  );
}

export async function selectSegmentNames(db: Db, workspaceId: string) {
  return selectRows<{ id: string; name: string }>(db, sql`select id::text, name from segments where workspace_id = ${workspaceId}::uuid order by name`);
}

export async function selectPersonaRules(db: Db, workspaceId: string) {
  return selectRows<{ id: string; name: string; rules: unknown }>(db, sql`select id::text, name, rules from personas where workspace_id = ${workspaceId}::uuid order by name`);
}

export async function selectAttributeType(db: Db, workspaceId: string, key: string) {
  const [row] = await selectRows<{ type: string }>(db, sql`select type from customer_attribute_definitions where workspace_id = ${workspaceId}::uuid and key = ${key}`);
  return row?.type;
}

/** Members of one segment of the workspace, or undefined when the workspace has no such segment. */
export async function selectSegmentMemberIds(db: Db, workspaceId: string, segmentId: string): Promise<string[] | undefined> {
  const [seg] = await selectRows<{ id: string }>(db, sql`select id::text from segments where workspace_id = ${workspaceId}::uuid and id = ${segmentId}::uuid`);
  if (!seg) return undefined;
  const rows = await selectRows<{ id: string }>(db, sql`select customer_id::text as id from segment_members where workspace_id = ${workspaceId}::uuid and segment_id = ${segmentId}::uuid`);
  return rows.map((r) => r.id);
}

/** The workspace's customers matching one compiled rule. */
export async function selectRuleMemberIds(db: Db, workspaceId: string, where: SQL): Promise<string[]> {
  const rows = await selectRows<{ id: string }>(db, sql`select c.id::text as id from customers c where c.workspace_id = ${workspaceId}::uuid and ${where}`);
  return rows.map((r) => r.id);
}

/** Attribute definitions of the given keys (those the workspace has not defined are absent). */
export async function selectAttributeDefinitions(db: Db, workspaceId: string, keys: string[]) {
  return selectRows<{ key: string; type: string; label: string }>(
    db,
    sql`select key, type, label from customer_attribute_definitions where workspace_id = ${workspaceId}::uuid and key = any(${sql.param(keys)}::text[])`,
  );
}

/** The given custom attributes (jsonb values, null when unset) of each given customer. */
export async function selectAttributeValues(db: Db, workspaceId: string, customerIds: string[], keys: string[]) {
  return selectRows<{ customer_id: string; attrs: Record<string, unknown> | null }>(
    db,
    sql`select c.id::text as customer_id, (select jsonb_object_agg(k, c.attributes -> k) from unnest(${sql.param(keys)}::text[]) k) as attrs
        from customers c where c.workspace_id = ${workspaceId}::uuid and c.id = any(${ids(customerIds)})`,
  );
}

/**
 * The membership of every customer of the workspace in one dimension as a relation (customer_id uuid,
 * grp text), for queries that aggregate by group in SQL rather than resolving given ids: segment rows as
 * materialised, one row per persona rule matched, or a profile value (null when unset).
 */
export const membershipRelation = {
  segment: (workspaceId: string) =>
    sql`select m.customer_id, m.segment_id::text as grp from segment_members m where m.workspace_id = ${workspaceId}::uuid`,
  rules: (workspaceId: string, rules: { id: string; where: SQL }[]) =>
    rules.length
      ? sql.join(rules.map((r) => sql`select c.id as customer_id, ${r.id}::text as grp from customers c where c.workspace_id = ${workspaceId}::uuid and ${r.where}`), sql` union all `)
      : sql`select null::uuid as customer_id, null::text as grp where false`,
  profile: (workspaceId: string, value: SQL) =>
    sql`select c.id as customer_id, ${value} as grp from customers c where c.workspace_id = ${workspaceId}::uuid`,
};
