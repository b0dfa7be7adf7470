import type { Actor, AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { listMembers } from '../../accounts/members.service.js';
import { deleteRuleRow, findRule, findRules, insertRule, updateRuleRow, type RuleRow } from './routing.queries.js';
import { RULE_PRESETS } from './presets.js';
import type { TNewRule, TRule, TRuleActions, TRulePatch } from './routing.schemas.js';

export const presentRule = (r: RuleRow): TRule => ({
  id: r.id,
  name: r.name,
  enabled: r.enabled,
  position: r.position,
  match: r.match,
  conditions: r.conditions,
  actions: r.actions,
  preset: r.preset,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

async function checkAssignee(db: Db, ws: string, actions: TRuleActions | undefined): Promise<void> {
  if (!actions?.assigneeId) return;
  if (!(await listMembers(db, ws)).some((m) => m.userId === actions.assigneeId)) {
    throw new AppError('validation_failed', 'The assignee is not a member of this workspace.', { errors: [{ path: 'body.actions.assigneeId', message: 'not a member of this workspace' }] });
  }
}

export async function listRules(db: Db, ws: string): Promise<{ data: TRule[] }> {
  return { data: (await findRules(db, ws)).map(presentRule) };
}

export async function getRule(db: Db, ws: string, id: string): Promise<TRule> {
  const row = await findRule(db, ws, id);
  if (!row) throw notFound('Rule');
  return presentRule(row);
}

/** Adds an auto-tag rule (an assignee in its actions must be a member); audited. */
export async function createRule(ctx: AppContext, actor: Actor, input: TNewRule, preset: string | null = null): Promise<TRule> {
  const ws = actor.workspaceId;
  await checkAssignee(ctx.db, ws, input.actions);
  const id = newId();
  await ctx.db.transaction(async (tx) => {
    await insertRule(tx, { workspaceId: ws, id, ...input, preset });
    await ctx.audit(tx, actor, { action: 'inbox.rule.created', targetType: 'inbox_rule', targetId: id, details: { name: input.name, preset } });
  });
  return getRule(ctx.db, ws, id);
}

/** A copy of a ready-made rule (crisis, sales lead, …) the workspace then owns and may edit. */
export async function createRuleFromPreset(ctx: AppContext, actor: Actor, preset: keyof typeof RULE_PRESETS): Promise<TRule> {
  return createRule(ctx, actor, { ...RULE_PRESETS[preset], enabled: true }, preset);
}

export async function updateRule(ctx: AppContext, actor: Actor, id: string, patch: TRulePatch): Promise<TRule> {
  const ws = actor.workspaceId;
  await checkAssignee(ctx.db, ws, patch.actions);
  await ctx.db.transaction(async (tx) => {
    if (!(await findRule(tx, ws, id))) throw notFound('Rule');
    await updateRuleRow(tx, ws, id, patch);
    await ctx.audit(tx, actor, { action: 'inbox.rule.updated', targetType: 'inbox_rule', targetId: id, details: { fields: Object.keys(patch) } });
  });
  return getRule(ctx.db, ws, id);
}

export async function deleteRule(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    if (!(await deleteRuleRow(tx, actor.workspaceId, id))) throw notFound('Rule');
    await ctx.audit(tx, actor, { action: 'inbox.rule.deleted', targetType: 'inbox_rule', targetId: id });
  });
}
