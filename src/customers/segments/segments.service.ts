import type { Actor, AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { AppError, notFound } from '../../platform/errors.js';
import { idCursor, pageOf } from '../../platform/http/cursor.js';
import { newId } from '../../platform/ids.js';
import { recordAudit } from '../../audit/audit.service.js';
import { findPersonaRules } from '../personas/personas.queries.js';
import { checkAttributeConditions, forEachCondition, parseRule, referencedSegments, type RuleIssue, type RuleNode } from './rules.js';
import { compileRule } from './compile-rule.js';
import { findCycle, loadCompileEnv, loadSegmentRules, lockSegment } from './segment-graph.js';
import { recomputeSegmentAndDependents } from './recompute.js';
import { scheduleRecompute } from './segments.jobs.js';
import {
  countLiveCustomers,
  deleteSegmentRows,
  findSegment,
  findSegmentHistory,
  findSegmentMembers,
  findSegments,
  insertSegment,
  presentSegment,
  previewMatches,
  updateSegmentRow,
} from './segments.queries.js';
import type { TNewSegment, TSegment, TSegmentPatch } from './segments.schemas.js';

/**
 * Up to this many live customers a new or changed rule is computed during the request, so the
 * answer already holds the member count; above it a job computes it (the reply says `computing`).
 * Measured: a full recompute over 50k customers takes well under a second on PostgreSQL.
 */
export const SYNC_COMPUTE_LIMIT = 50_000;

const toFieldErrors = (issues: RuleIssue[], prefix: string) =>
  issues.map((i) => ({ path: [prefix, ...i.path].join('.'), message: i.message }));

/**
 * Validates a rule document for a workspace: its shape, the types of custom attributes, that every
 * referenced segment exists here, and (for an existing segment `selfId`) that it does not end up
 * depending on itself. Errors carry their path in the request (`prefix`, e.g. "body.rules").
 */
export async function validateRule(db: Db, workspaceId: string, doc: unknown, prefix: string, selfId?: string): Promise<RuleNode> {
  const parsed = parseRule(doc);
  if (!parsed.ok) throw new AppError('validation_failed', 'The rule is not valid.', { errors: toFieldErrors(parsed.issues, prefix) });
  const rule = parsed.rule;
  const issues = checkAttributeConditions(rule, (await loadCompileEnv(db, workspaceId)).attributeTypes);
  const refs = referencedSegments(rule);
  if (refs.length) {
    const all = await loadSegmentRules(db, workspaceId);
    const known = new Set(all.map((s) => s.id));
    forEachCondition(rule, (c, path) => {
      if ('segment' in c && !known.has(c.segment)) issues.push({ path: [...path, 'segment'], message: 'no such segment in this workspace' });
      if ('segment' in c && c.segment === selfId) issues.push({ path: [...path, 'segment'], message: 'a segment cannot refer to itself' });
    });
    const cycle = selfId && !refs.includes(selfId) ? findCycle(all, selfId, refs) : undefined;
    if (cycle) issues.push({ path: [], message: `the rule would make segments depend on each other in a cycle: ${cycle.join(' → ')}` });
  }
  if (issues.length) throw new AppError('validation_failed', 'The rule is not valid.', { errors: toFieldErrors(issues, prefix) });
  return rule;
}

export async function getSegment(db: Db, workspaceId: string, id: string): Promise<TSegment> {
  const row = await findSegment(db, workspaceId, id);
  if (!row) throw notFound('Segment');
  return presentSegment(row);
}

/** Segments newest first, a page at a time (the cursor is the platform's opaque cursor). */
export async function listSegments(db: Db, workspaceId: string, page: { cursor?: string; limit: number }) {
  const rows = await findSegments(db, workspaceId, page.limit + 1, idCursor.decode('segments', page.cursor));
  const { data, nextCursor } = pageOf(rows, page.limit, (last) => idCursor.encode('segments', last.id));
  return { data: data.map(presentSegment), nextCursor };
}

/** Computes membership now for small workspaces, else queues the job (see SYNC_COMPUTE_LIMIT). */
async function computeMembership(ctx: AppContext, workspaceId: string, segmentId: string): Promise<void> {
  if ((await countLiveCustomers(ctx.db, workspaceId, SYNC_COMPUTE_LIMIT + 1)) <= SYNC_COMPUTE_LIMIT) {
    await recomputeSegmentAndDependents(ctx, workspaceId, segmentId);
  } else {
    await scheduleRecompute(ctx, workspaceId, segmentId);
  }
}

/** Creates a segment from a validated rule and computes who is in it. */
export async function createSegment(ctx: AppContext, actor: Actor, input: TNewSegment): Promise<TSegment> {
  const id = newId();
  await ctx.db.transaction(async (tx) => {
    await validateRule(tx, actor.workspaceId, input.rules, 'body.rules');
    await insertSegment(tx, { workspaceId: actor.workspaceId, id, name: input.name, description: input.description, rules: input.rules });
    await recordAudit(tx, actor, { action: 'segment.created', targetType: 'segment', targetId: id, details: { name: input.name, rules: input.rules } });
  });
  await computeMembership(ctx, actor.workspaceId, id);
  return getSegment(ctx.db, actor.workspaceId, id);
}

/** Renames or re-describes a segment; a new rule resets its computed state and recomputes it and its dependents. */
export async function updateSegment(ctx: AppContext, actor: Actor, id: string, patch: TSegmentPatch): Promise<TSegment> {
  const rulesChanged = await ctx.db.transaction(async (tx) => {
    const current = await findSegment(tx, actor.workspaceId, id);
    if (!current) throw notFound('Segment');
    if (patch.rules) await validateRule(tx, actor.workspaceId, patch.rules, 'body.rules', id);
    const changed = patch.rules !== undefined && JSON.stringify(patch.rules) !== JSON.stringify(current.rules);
    await updateSegmentRow(tx, actor.workspaceId, id, patch, changed);
    await recordAudit(tx, actor, { action: 'segment.updated', targetType: 'segment', targetId: id, details: { ...patch } });
    return changed;
  });
  if (rulesChanged) await computeMembership(ctx, actor.workspaceId, id);
  return getSegment(ctx.db, actor.workspaceId, id);
}

/** Deletes a segment with its members and history, unless another segment's rule or a persona uses it. */
export async function deleteSegment(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const current = await findSegment(tx, actor.workspaceId, id);
    if (!current) throw notFound('Segment');
    const usedBySegments = (await loadSegmentRules(tx, actor.workspaceId)).filter((s) => s.dependsOn.includes(id)).map((s) => s.id);
    const personaRows = await findPersonaRules(tx, actor.workspaceId);
    const usedByPersonas = personaRows.filter((p) => {
      const parsed = parseRule(p.rules);
      return parsed.ok && referencedSegments(parsed.rule).includes(id);
    });
    if (usedBySegments.length || usedByPersonas.length) {
      throw new AppError('conflict', 'The segment is used by other segments or personas; change their rules first.', {
        usedBy: { segments: usedBySegments, personas: usedByPersonas.map((p) => p.id) },
      });
    }
    await lockSegment(tx, id, 'exclusive');
    await deleteSegmentRows(tx, actor.workspaceId, id);
    await recordAudit(tx, actor, { action: 'segment.deleted', targetType: 'segment', targetId: id, details: { name: current.name } });
  });
}

/**
 * The live count while a rule is being edited: how many customers match, out of how many, and a
 * few of them. One scan of the workspace's customers; nothing is stored.
 */
export async function previewSegment(db: Db, workspaceId: string, doc: unknown) {
  const rule = await validateRule(db, workspaceId, doc, 'body.rules');
  const where = compileRule(rule, await loadCompileEnv(db, workspaceId));
  return previewMatches(db, workspaceId, where);
}

export async function listSegmentMembers(db: Db, workspaceId: string, id: string, page: { cursor?: string; limit: number }) {
  await getSegment(db, workspaceId, id);
  const kind = `segment-members:${id}`;
  const rows = await findSegmentMembers(db, workspaceId, id, page.limit + 1, idCursor.decode(kind, page.cursor));
  return pageOf(rows, page.limit, (last) => idCursor.encode(kind, last.id));
}

export async function getSegmentHistory(db: Db, workspaceId: string, id: string, days: number) {
  await getSegment(db, workspaceId, id);
  return { data: await findSegmentHistory(db, workspaceId, id, days) };
}

/** Queues a full recompute of the segment and the segments that refer to it. */
export async function requestRecompute(ctx: AppContext, actor: Actor, id: string): Promise<{ jobId: string | null }> {
  await getSegment(ctx.db, actor.workspaceId, id);
  return { jobId: await scheduleRecompute(ctx, actor.workspaceId, id) };
}
