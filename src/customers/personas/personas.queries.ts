import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { selectRows, type Db } from '../../platform/db/client.js';
import { liveCustomers } from '../segments/compile-rule.js';
import { personas } from './personas.tables.js';

export type PersonaRow = typeof personas.$inferSelect;
export type NewPersonaRow = typeof personas.$inferInsert;

export async function findPersona(db: Db, workspaceId: string, id: string): Promise<PersonaRow | undefined> {
  const [row] = await db.select().from(personas).where(and(eq(personas.workspaceId, workspaceId), eq(personas.id, id)));
  return row;
}

/** Newest first (ids are time-ordered); `beforeId` is the last id of the previous page. */
export async function findPersonas(db: Db, workspaceId: string, limit: number, beforeId?: string): Promise<PersonaRow[]> {
  return db
    .select()
    .from(personas)
    .where(and(eq(personas.workspaceId, workspaceId), beforeId ? lt(personas.id, beforeId) : undefined))
    .orderBy(desc(personas.id))
    .limit(limit);
}

/** Every persona's id, name and rule (to find which refer to a segment). */
export async function findPersonaRules(db: Db, workspaceId: string) {
  return db.select({ id: personas.id, name: personas.name, rules: personas.rules }).from(personas).where(eq(personas.workspaceId, workspaceId));
}

/** Live customers in total and matching each of `filters` (compiled rules), in one scan. */
export async function countMatches(db: Db, workspaceId: string, filters: ReturnType<typeof sql>[]): Promise<{ total: number; matched: number[] }> {
  const columns = filters.map((where, i) => sql`(count(*) filter (where ${where}))::int as ${sql.identifier(`p${i}`)}`);
  const [counts] = await selectRows<Record<string, number>>(
    db,
    sql`select count(*)::int as total, ${sql.join(columns, sql`, `)} from customers c where ${liveCustomers(workspaceId)}`,
  );
  return { total: Number(counts.total), matched: filters.map((_, i) => Number(counts[`p${i}`])) };
}

export async function storeCount(tx: Db, workspaceId: string, id: string, matched: number, total: number): Promise<PersonaRow | undefined> {
  const [updated] = await tx
    .update(personas)
    .set({ matchedCount: matched, customerCount: total, countedAt: sql`now()` })
    .where(and(eq(personas.workspaceId, workspaceId), eq(personas.id, id)))
    .returning();
  return updated;
}

export async function insertPersona(tx: Db, row: NewPersonaRow): Promise<void> {
  await tx.insert(personas).values(row);
}

export async function updatePersonaRow(tx: Db, workspaceId: string, id: string, patch: Partial<NewPersonaRow>, resetCount: boolean): Promise<void> {
  await tx
    .update(personas)
    .set({ ...patch, updatedAt: sql`now()`, ...(resetCount ? { countedAt: null } : {}) })
    .where(and(eq(personas.workspaceId, workspaceId), eq(personas.id, id)));
}

export async function deletePersonaRow(tx: Db, workspaceId: string, id: string): Promise<{ name: string } | undefined> {
  const [row] = await tx.delete(personas).where(and(eq(personas.workspaceId, workspaceId), eq(personas.id, id))).returning({ name: personas.name });
  return row;
}
