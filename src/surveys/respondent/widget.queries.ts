import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { surveys } from '../surveys.tables.js';

/** Published surveys of a workspace whose website widget is switched on, oldest first. */
export async function findWidgetSurveyIds(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db
    .select({ id: surveys.id })
    .from(surveys)
    .where(and(eq(surveys.workspaceId, workspaceId), eq(surveys.status, 'published'), sql`(${surveys.definition} -> 'settings' -> 'widget' ->> 'enabled') = 'true'`))
    .orderBy(asc(surveys.createdAt))
    .limit(50);
  return rows.map((r) => r.id);
}
