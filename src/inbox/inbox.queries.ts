import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { inboxAddresses, inboxes, inboxSettings } from './inbox.tables.js';
import type { TInboxSettings } from './inbox.schemas.js';

export type InboxRow = typeof inboxes.$inferSelect;

export async function insertInbox(tx: Db, row: typeof inboxes.$inferInsert, localPart: string): Promise<void> {
  await tx.insert(inboxes).values(row);
  await tx.insert(inboxAddresses).values({ localPart, workspaceId: row.workspaceId, inboxId: row.id });
}

export async function findInbox(db: Db, workspaceId: string, id: string): Promise<InboxRow | undefined> {
  const [row] = await db.select().from(inboxes).where(and(eq(inboxes.workspaceId, workspaceId), eq(inboxes.id, id)));
  return row;
}

export async function findInboxes(db: Db, workspaceId: string): Promise<InboxRow[]> {
  return db.select().from(inboxes).where(eq(inboxes.workspaceId, workspaceId)).orderBy(asc(inboxes.id));
}

/** Which of these ids are inboxes of the workspace. */
export async function findInboxIds(db: Db, workspaceId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  return (await db.select({ id: inboxes.id }).from(inboxes).where(and(eq(inboxes.workspaceId, workspaceId), inArray(inboxes.id, ids)))).map((r) => r.id);
}

/** The inbox an address's local part belongs to (any workspace): what the SMTP receiver routes by. */
export async function findInboxByLocalPart(db: Db, localPart: string): Promise<InboxRow | undefined> {
  const [hit] = await db.select().from(inboxAddresses).where(eq(inboxAddresses.localPart, localPart.toLowerCase()));
  return hit ? findInbox(db, hit.workspaceId, hit.inboxId) : undefined;
}

export const DEFAULT_CSAT_AFTER_RESOLUTION = { mode: 'off', surveyId: null, skipAutoResolved: true, minDaysBetween: 7 } as const satisfies TInboxSettings['csatAfterResolution'];
export const DEFAULT_SETTINGS: TInboxSettings = { followUpsEnabled: true, npsDetractorMax: 6, csatDetractorMax: 2, followUpDueHours: 24, csatAfterResolution: { ...DEFAULT_CSAT_AFTER_RESOLUTION } };

export async function findSettings(db: Db, workspaceId: string): Promise<TInboxSettings> {
  const [row] = await db.select().from(inboxSettings).where(eq(inboxSettings.workspaceId, workspaceId));
  if (!row) return DEFAULT_SETTINGS;
  const { followUpsEnabled, npsDetractorMax, csatDetractorMax, followUpDueHours } = row;
  const csatAfterResolution = { ...DEFAULT_CSAT_AFTER_RESOLUTION, ...row.csatAfterResolution };
  return { followUpsEnabled, npsDetractorMax, csatDetractorMax, followUpDueHours, csatAfterResolution };
}

export async function upsertSettings(tx: Db, workspaceId: string, s: TInboxSettings): Promise<void> {
  await tx
    .insert(inboxSettings)
    .values({ workspaceId, ...s })
    .onConflictDoUpdate({ target: inboxSettings.workspaceId, set: { ...s, updatedAt: sql`now()` } });
}

/** An inbox by id in whichever workspace holds it: for the CLI, which acts for the installation. */
export async function findInboxAnyWorkspace(db: Db, id: string): Promise<InboxRow | undefined> {
  const [row] = await db.select().from(inboxes).where(eq(inboxes.id, id)).limit(1);
  return row;
}
