import type { Actor, AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { writeTransaction } from '../../platform/db/transaction.js';
import { AppError, notFound } from '../../platform/errors.js';
import { listMembers } from '../../accounts/members.service.js';
import { updateConversationRow } from '../conversations.queries.js';
import { requireConversation } from '../conversations.service.js';
import {
  countOpenByAssignee,
  findTeam,
  findTeamMembers,
  findTeams,
  lockTeamForAssignment,
  markAssigned,
  setAvailability,
  upsertTeam,
  type TeamMemberRow,
} from './routing.queries.js';
import type { TTeam, TTeamPut } from './routing.schemas.js';

const memberIds = async (db: Db, ws: string) => new Set((await listMembers(db, ws)).map((m) => m.userId));

export async function listTeams(db: Db, ws: string): Promise<{ data: TTeam[] }> {
  const teams = await findTeams(db, ws);
  const members = await findTeamMembers(db, ws, teams.map((t) => t.name));
  const open = await countOpenByAssignee(db, ws, [...new Set(members.map((m) => m.userId))]);
  return {
    data: teams.map((t) => ({
      name: t.name,
      strategy: t.strategy,
      members: members.filter((m) => m.team === t.name).map((m) => ({ userId: m.userId, available: m.isAvailable, openConversations: open.get(m.userId) ?? 0, lastAssignedAt: m.lastAssignedAt })),
    })),
  };
}

/** Creates or replaces a team: its strategy and members (each must be a member of the workspace); audited. */
export async function putTeam(ctx: AppContext, actor: Actor, name: string, input: TTeamPut): Promise<TTeam> {
  const ws = actor.workspaceId;
  const known = await memberIds(ctx.db, ws);
  input.members.forEach((m, i) => {
    if (!known.has(m.userId)) throw new AppError('validation_failed', 'A team member must be a member of the workspace.', { errors: [{ path: `body.members.${i}.userId`, message: 'not a member of this workspace' }] });
  });
  await ctx.db.transaction(async (tx) => {
    await upsertTeam(tx, ws, name, input.strategy, input.members);
    await ctx.audit(tx, actor, { action: 'inbox.team.saved', targetType: 'inbox_team', targetId: name, details: { strategy: input.strategy, members: input.members.length } });
  });
  return (await listTeams(ctx.db, ws)).data.find((t) => t.name === name)!;
}

/** An agent marks themselves (un)available; admins may set anyone's. Unavailable agents get no new conversations. */
export async function setMemberAvailability(ctx: AppContext, actor: Actor, team: string, userId: string, available: boolean): Promise<TTeam> {
  if (actor.userId !== userId && actor.role !== 'owner' && actor.role !== 'admin') {
    throw new AppError('forbidden', "Only admins change another agent's availability.");
  }
  await ctx.db.transaction(async (tx) => {
    if (!(await setAvailability(tx, actor.workspaceId, team, userId, available))) throw notFound('Team member');
    await ctx.audit(tx, actor, { action: 'inbox.team.availability', targetType: 'inbox_team', targetId: team, details: { userId, available } });
  });
  return (await listTeams(ctx.db, actor.workspaceId)).data.find((t) => t.name === team)!;
}

/**
 * Round-robin: the available agent who was handed a conversation longest ago (never: first).
 * Load-based: the available agent with the fewest open and pending conversations, ties by round-robin.
 */
export function pickAgent(strategy: 'round_robin' | 'load', candidates: TeamMemberRow[], open: Map<string, number>): string | undefined {
  const rr = (a: TeamMemberRow, b: TeamMemberRow) =>
    (a.lastAssignedAt?.getTime() ?? -Infinity) - (b.lastAssignedAt?.getTime() ?? -Infinity) || (a.userId < b.userId ? -1 : 1);
  const sorted = [...candidates].sort(strategy === 'load' ? (a, b) => (open.get(a.userId) ?? 0) - (open.get(b.userId) ?? 0) || rr(a, b) : rr);
  return sorted[0]?.userId;
}

/**
 * Hands a conversation to an agent of its team (or of `team`) by the team's strategy, respecting
 * availability. A conversation that already has an assignee keeps it — the row is locked, so two
 * arrivals racing for it cannot give it to two agents — and agents are chosen under the team's
 * advisory lock (see lockTeamForAssignment). Audited as `conversation.assigned`.
 */
export async function autoAssign(ctx: AppContext, actor: Actor, conversationId: string, team?: string): Promise<string | null> {
  const ws = actor.workspaceId;
  const known = await memberIds(ctx.db, ws);
  return writeTransaction(ctx, async (tx) => {
    const conv = await requireConversation(tx, ws, conversationId, { lock: true });
    if (conv.assigneeId) return conv.assigneeId;
    const teamName = team ?? conv.team;
    if (!teamName) return null;
    if (teamName !== conv.team) await updateConversationRow(tx, ws, conv.id, { team: teamName });
    const t = await findTeam(tx, ws, teamName);
    if (!t || t.strategy === 'manual') return null;
    await lockTeamForAssignment(tx, ws, teamName);
    const candidates = (await findTeamMembers(tx, ws, [teamName])).filter((m) => m.isAvailable && known.has(m.userId));
    const open = t.strategy === 'load' ? await countOpenByAssignee(tx, ws, candidates.map((c) => c.userId)) : new Map<string, number>();
    const agent = pickAgent(t.strategy, candidates, open);
    if (!agent) return null;
    await updateConversationRow(tx, ws, conv.id, { assigneeId: agent });
    await markAssigned(tx, ws, teamName, agent);
    await ctx.audit(tx, actor, { action: 'conversation.assigned', targetType: 'conversation', targetId: conv.id, details: { from: null, to: agent, team: teamName, strategy: t.strategy } });
    return agent;
  });
}
