import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { notFound } from '../../platform/errors.js';
import { idCursor, pageOf } from '../../platform/http/cursor.js';
import { newId } from '../../platform/ids.js';
import { recordAudit } from '../../audit/audit.service.js';
import { parseRule } from '../segments/rules.js';
import { compileRule } from '../segments/compile-rule.js';
import { loadCompileEnv } from '../segments/segment-graph.js';
import { validateRule } from '../segments/segments.service.js';
import type { TNewPersona, TPersona, TPersonaPatch } from './personas.schemas.js';
import {
  countMatches,
  deletePersonaRow,
  findPersona as findPersonaRow,
  findPersonas,
  insertPersona,
  storeCount,
  updatePersonaRow,
  type PersonaRow,
} from './personas.queries.js';

const CURSOR_KIND = 'personas';

/** A count younger than this is served from the cache; counting is a scan of the workspace's customers. */
export const PERSONA_COUNT_TTL_MS = 60_000;

function present(r: PersonaRow): TPersona {
  const matched = r.matchedCount ?? 0;
  const total = r.customerCount ?? 0;
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    avatar: r.avatar,
    demographics: r.demographics,
    goals: r.goals,
    motivations: r.motivations,
    painPoints: r.painPoints,
    preferredChannels: r.preferredChannels,
    rules: r.rules,
    matchedCount: matched,
    share: total > 0 ? Math.round((matched / total) * 10_000) / 10_000 : 0,
    countedAt: r.countedAt ?? r.updatedAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/**
 * Counts how many customers match each persona's rule, and all live customers, in a single scan
 * (one FILTER aggregate per persona), then caches the numbers on the personas.
 */
async function recount(db: Db, workspaceId: string, rows: PersonaRow[]): Promise<PersonaRow[]> {
  if (rows.length === 0) return rows;
  const env = await loadCompileEnv(db, workspaceId);
  const filters = rows.map((r) => {
    const parsed = parseRule(r.rules);
    return parsed.ok ? compileRule(parsed.rule, env) : sql`false`;
  });
  const counts = await countMatches(db, workspaceId, filters);
  return db.transaction(async (tx) => {
    const out: PersonaRow[] = [];
    for (const [i, r] of rows.entries()) out.push((await storeCount(tx, workspaceId, r.id, counts.matched[i], counts.total)) ?? r);
    return out;
  });
}

const isStale = (r: PersonaRow) => !r.countedAt || Date.now() - r.countedAt.getTime() > PERSONA_COUNT_TTL_MS;

async function withCounts(db: Db, workspaceId: string, rows: PersonaRow[], refresh: boolean): Promise<TPersona[]> {
  const stale = rows.filter((r) => refresh || isStale(r));
  const fresh = new Map((await recount(db, workspaceId, stale)).map((r) => [r.id, r]));
  return rows.map((r) => present(fresh.get(r.id) ?? r));
}

/** Newest first, each with the number and share of customers who fit it. */
export async function listPersonas(db: Db, workspaceId: string, q: { cursor?: string; limit: number; refresh: boolean }) {
  const rows = await findPersonas(db, workspaceId, q.limit + 1, idCursor.decode(CURSOR_KIND, q.cursor));
  const { data, nextCursor } = pageOf(rows, q.limit, (last) => idCursor.encode(CURSOR_KIND, last.id));
  return { data: await withCounts(db, workspaceId, data, q.refresh), nextCursor };
}

async function findPersona(db: Db, workspaceId: string, id: string): Promise<PersonaRow> {
  const row = await findPersonaRow(db, workspaceId, id);
  if (!row) throw notFound('Persona');
  return row;
}

export async function getPersona(db: Db, workspaceId: string, id: string, refresh = false): Promise<TPersona> {
  const [p] = await withCounts(db, workspaceId, [await findPersona(db, workspaceId, id)], refresh);
  return p;
}

/** Creates a persona; its rule is validated like a segment's and counted at once. */
export async function createPersona(db: Db, actor: Actor, input: TNewPersona): Promise<TPersona> {
  const id = newId();
  await db.transaction(async (tx) => {
    await validateRule(tx, actor.workspaceId, input.rules, 'body.rules');
    await insertPersona(tx, { ...input, workspaceId: actor.workspaceId, id });
    await recordAudit(tx, actor, { action: 'persona.created', targetType: 'persona', targetId: id, details: { name: input.name } });
  });
  return getPersona(db, actor.workspaceId, id, true);
}

export async function updatePersona(db: Db, actor: Actor, id: string, patch: TPersonaPatch): Promise<TPersona> {
  await db.transaction(async (tx) => {
    await findPersona(tx, actor.workspaceId, id);
    if (patch.rules) await validateRule(tx, actor.workspaceId, patch.rules, 'body.rules');
    await updatePersonaRow(tx, actor.workspaceId, id, patch, patch.rules !== undefined);
    const { avatar: _avatar, ...details } = patch;
    await recordAudit(tx, actor, { action: 'persona.updated', targetType: 'persona', targetId: id, details });
  });
  return getPersona(db, actor.workspaceId, id);
}

export async function deletePersona(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await deletePersonaRow(tx, actor.workspaceId, id);
    if (!row) throw notFound('Persona');
    await recordAudit(tx, actor, { action: 'persona.deleted', targetType: 'persona', targetId: id, details: { name: row.name } });
  });
}
