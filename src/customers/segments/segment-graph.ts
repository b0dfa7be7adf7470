import type { Db } from '../../platform/db/client.js';
import { findAttributeTypes, findSegmentRuleRows, lockSegmentKey } from './segments.queries.js';
import { parseRule, referencedSegments, type RuleNode, type ValueType } from './rules.js';
import type { CompileEnv } from './compile-rule.js';

export interface SegmentRule {
  id: string;
  rule: RuleNode;
  dependsOn: string[];
}

/** Every segment of a workspace with its parsed rule (a stored rule that no longer parses matches nobody). */
export async function loadSegmentRules(db: Db, workspaceId: string): Promise<SegmentRule[]> {
  const rows = await findSegmentRuleRows(db, workspaceId);
  return rows.map((r) => {
    const parsed = parseRule(r.rules);
    const rule: RuleNode = parsed.ok ? parsed.rule : { any: [] };
    return { id: r.id, rule, dependsOn: referencedSegments(rule) };
  });
}

export async function loadSegmentRule(db: Db, workspaceId: string, segmentId: string): Promise<RuleNode | undefined> {
  const [row] = await findSegmentRuleRows(db, workspaceId, segmentId);
  if (!row) return undefined;
  const parsed = parseRule(row.rules);
  return parsed.ok ? parsed.rule : { any: [] };
}

export async function loadCompileEnv(db: Db, workspaceId: string): Promise<CompileEnv> {
  const defs = await findAttributeTypes(db, workspaceId);
  return { attributeTypes: new Map(defs.map((d) => [d.key, d.type as ValueType])) };
}

/**
 * Segments ordered so that every segment comes after the segments its rule refers to: membership
 * of a referenced segment must be current before a rule that tests it is evaluated. Rules are
 * checked for cycles when saved; should one slip through, the rest keep their id order.
 */
export function orderByDependencies<T extends { id: string; dependsOn: string[] }>(items: T[]): T[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const done = new Set<string>();
  const out: T[] = [];
  let progressed = true;
  while (out.length < items.length && progressed) {
    progressed = false;
    for (const item of items) {
      if (done.has(item.id)) continue;
      if (item.dependsOn.every((d) => done.has(d) || !byId.has(d))) {
        done.add(item.id);
        out.push(item);
        progressed = true;
      }
    }
  }
  for (const item of items) if (!done.has(item.id)) out.push(item);
  return out;
}

/** The segment and every segment whose rule refers to it, directly or through others, in evaluation order. */
export function withDependents<T extends { id: string; dependsOn: string[] }>(items: T[], rootId: string): T[] {
  const affected = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const item of items) {
      if (!affected.has(item.id) && item.dependsOn.some((d) => affected.has(d))) {
        affected.add(item.id);
        grew = true;
      }
    }
  }
  return orderByDependencies(items.filter((i) => affected.has(i.id)));
}

/** Would `segmentId` with these references depend on itself? Returns the cycle's path if so. */
export function findCycle(items: SegmentRule[], segmentId: string, references: string[]): string[] | undefined {
  const deps = new Map(items.map((i) => [i.id, i.dependsOn]));
  deps.set(segmentId, references);
  const stack: { id: string; path: string[] }[] = references.map((r) => ({ id: r, path: [segmentId, r] }));
  const seen = new Set<string>();
  while (stack.length) {
    const { id, path } = stack.pop()!;
    if (id === segmentId) return path;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of deps.get(id) ?? []) stack.push({ id: next, path: [...path, next] });
  }
  return undefined;
}

/**
 * Serialises full recomputes (exclusive) against incremental refreshes (shared) of one segment, so
 * a recompute never races a refresh into a wrong member count. Held until the transaction ends.
 */
export async function lockSegment(tx: Db, segmentId: string, mode: 'shared' | 'exclusive'): Promise<void> {
  await lockSegmentKey(tx, segmentId, mode);
}
