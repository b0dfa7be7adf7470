import { and, count, desc, eq, ilike, isNull, lt, or, sql } from 'drizzle-orm';
import { selectRows, type Db } from '../platform/db/client.js';
import { idempotencyKeys } from '../platform/http/idempotency.tables.js';
import { isUuid } from '../platform/ids.js';
import { surveyResponses, surveys, surveyVersions, type SurveyStatus } from './surveys.tables.js';
import type { SurveyDefinition } from './surveys.schemas.js';

export type SurveyRow = typeof surveys.$inferSelect;
export type NewSurveyRow = typeof surveys.$inferInsert;
export type ResponseRow = typeof surveyResponses.$inferSelect;
export type NewResponseRow = typeof surveyResponses.$inferInsert;

export async function insertSurvey(db: Db, row: NewSurveyRow): Promise<SurveyRow> {
  const [r] = await db.insert(surveys).values(row).returning();
  return r;
}

export async function findSurvey(db: Db, workspaceId: string, id: string, forUpdate = false): Promise<SurveyRow | undefined> {
  const q = db.select().from(surveys).where(and(eq(surveys.workspaceId, workspaceId), eq(surveys.id, id)));
  const [r] = forUpdate ? await q.for('update') : await q;
  return r;
}

/** A survey by id or slug from any workspace: the public endpoints know no workspace. */
export async function findSurveyPublic(db: Db, idOrSlug: string): Promise<SurveyRow | undefined> {
  const [r] = await db
    .select()
    .from(surveys)
    .where(isUuid(idOrSlug) ? eq(surveys.id, idOrSlug) : eq(surveys.slug, idOrSlug))
    .limit(1);
  return r;
}

export interface SurveyListFilter {
  status?: SurveyStatus;
  touchpoint?: string;
  q?: string;
}

/** Newest first; `before` is the last id of the previous page (ids are time-ordered). */
export async function listSurveyRows(db: Db, workspaceId: string, f: SurveyListFilter, limit: number, before?: string) {
  return db
    .select({
      survey: surveys,
      responseCount: sql<number>`(select count(*)::int from survey_responses r
        where r.workspace_id = ${surveys.workspaceId} and r.survey_id = ${surveys.id} and r.status = 'finished')`,
    })
    .from(surveys)
    .where(
      and(
        eq(surveys.workspaceId, workspaceId),
        before ? lt(surveys.id, before) : undefined,
        f.status ? eq(surveys.status, f.status) : undefined,
        f.touchpoint ? eq(surveys.touchpoint, f.touchpoint) : undefined,
        f.q ? ilike(surveys.name, `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
      ),
    )
    .orderBy(desc(surveys.id))
    .limit(limit);
}

export async function updateSurveyRow(db: Db, workspaceId: string, id: string, patch: Partial<NewSurveyRow>): Promise<SurveyRow> {
  const [r] = await db
    .update(surveys)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(surveys.workspaceId, workspaceId), eq(surveys.id, id)))
    .returning();
  return r;
}

/** Freezes a version; re-freezing the same version (settings-only edits) replaces it. */
export async function upsertVersion(db: Db, workspaceId: string, surveyId: string, version: number, definition: SurveyDefinition) {
  await db
    .insert(surveyVersions)
    .values({ workspaceId, surveyId, version, definition })
    .onConflictDoUpdate({ target: [surveyVersions.workspaceId, surveyVersions.surveyId, surveyVersions.version], set: { definition } });
}

export async function findVersion(db: Db, workspaceId: string, surveyId: string, version: number): Promise<SurveyDefinition | undefined> {
  const [r] = await db
    .select({ definition: surveyVersions.definition })
    .from(surveyVersions)
    .where(and(eq(surveyVersions.workspaceId, workspaceId), eq(surveyVersions.surveyId, surveyId), eq(surveyVersions.version, version)));
  return r?.definition;
}

export async function countFinished(db: Db, workspaceId: string, surveyId: string): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(surveyResponses)
    .where(and(eq(surveyResponses.workspaceId, workspaceId), eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.status, 'finished')));
  return r.n;
}

export async function insertResponse(db: Db, row: NewResponseRow): Promise<ResponseRow> {
  const [r] = await db.insert(surveyResponses).values(row).returning();
  return r;
}

/** Inserts unless this device already answered this survey (one per device); undefined then. */
export async function insertResponseOncePerDevice(db: Db, row: NewResponseRow): Promise<ResponseRow | undefined> {
  const [r] = await db.insert(surveyResponses).values(row).onConflictDoNothing().returning();
  return r;
}

export async function findResponse(db: Db, workspaceId: string, surveyId: string, id: string, forUpdate = false): Promise<ResponseRow | undefined> {
  const q = db
    .select()
    .from(surveyResponses)
    .where(and(eq(surveyResponses.workspaceId, workspaceId), eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.id, id)));
  const [r] = forUpdate ? await q.for('update') : await q;
  return r;
}

export async function findResponseByInvitation(db: Db, workspaceId: string, surveyId: string, invitationId: string): Promise<ResponseRow | undefined> {
  const [r] = await db
    .select()
    .from(surveyResponses)
    .where(and(eq(surveyResponses.workspaceId, workspaceId), eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.invitationId, invitationId)))
    .for('update');
  return r;
}

export async function updateResponseRow(db: Db, workspaceId: string, id: string, patch: Partial<NewResponseRow>): Promise<ResponseRow> {
  const [r] = await db
    .update(surveyResponses)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(surveyResponses.workspaceId, workspaceId), eq(surveyResponses.id, id)))
    .returning();
  return r;
}

/** Marks a response's events as handed over, unless it changed again meanwhile (then it syncs again). */
export async function markSynced(db: Db, workspaceId: string, id: string, updatedAt: Date, customerId: string | null): Promise<void> {
  await db
    .update(surveyResponses)
    .set({ syncedAt: sql`now()`, customerId: customerId ?? undefined })
    // PostgreSQL keeps microseconds, a JS Date only milliseconds (truncated when read): equality would never
    // hold there, so "unchanged since read" is "within the millisecond we read".
    .where(
      and(
        eq(surveyResponses.workspaceId, workspaceId),
        eq(surveyResponses.id, id),
        sql`${surveyResponses.updatedAt} >= ${updatedAt.toISOString()}::timestamptz`,
        sql`${surveyResponses.updatedAt} < ${updatedAt.toISOString()}::timestamptz + interval '1 millisecond'`,
      ),
    );
}

/** Identified responses whose events are not handed over yet: finished ones, and partial ones left alone a while. */
export async function findUnsynced(db: Db, olderThanSeconds: number, partialAfterSeconds: number, limit: number): Promise<ResponseRow[]> {
  return db
    .select()
    .from(surveyResponses)
    .where(
      and(
        isNull(surveyResponses.syncedAt),
        or(
          and(eq(surveyResponses.status, 'finished'), lt(surveyResponses.updatedAt, sql`now() - ${olderThanSeconds} * interval '1 second'`)),
          lt(surveyResponses.updatedAt, sql`now() - ${partialAfterSeconds} * interval '1 second'`),
        ),
      ),
    )
    .limit(limit);
}

/**
 * Claims an Idempotency-Key inside the caller's transaction. A concurrent request with the same key
 * waits on the row until this transaction ends, so at most one of them stores a response; returns
 * the stored reply when the key was already used.
 */
export async function claimIdempotencyKey(db: Db, scope: string, key: string, requestHash: string) {
  const [claimed] = await db
    .insert(idempotencyKeys)
    .values({ scope, key, requestHash, statusCode: 0, body: null })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed) return { claimed: true as const };
  const [hit] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  return { claimed: false as const, hit };
}

export async function storeIdempotentReply(db: Db, scope: string, key: string, statusCode: number, body: unknown): Promise<void> {
  await db.update(idempotencyKeys).set({ statusCode, body }).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
}

export async function findResponseById(db: Db, workspaceId: string, id: string): Promise<ResponseRow | undefined> {
  const [r] = await db.select().from(surveyResponses).where(and(eq(surveyResponses.workspaceId, workspaceId), eq(surveyResponses.id, id)));
  return r;
}

/**
 * The keyed insert of a new response in ONE statement (one round trip, autocommit): the key is
 * claimed and the reply stored in a CTE, and the response is inserted only if the claim succeeded.
 * A concurrent statement with the same key waits for this one to commit, then inserts nothing.
 * Returns false when the key was already taken.
 */
export async function insertResponseWithKey(
  db: Db,
  row: NewResponseRow,
  key: { scope: string; key: string; requestHash: string; statusCode: number; body: unknown },
): Promise<boolean> {
  const j = (v: unknown) => sql`${JSON.stringify(v ?? {})}::jsonb`;
  const rows = await selectRows<{ id: string }>(
    db,
    sql`with k as (
          insert into idempotency_keys (scope, key, request_hash, status_code, body)
          values (${key.scope}, ${key.key}, ${key.requestHash}, ${key.statusCode}, ${j(key.body)})
          on conflict do nothing returning 1
        )
        insert into survey_responses (workspace_id, id, survey_id, survey_version, status, answers, hidden, language, touchpoint, channel, team,
          respondent, invitation_id, device_key, secret_hash, meta, synced_at, finished_at)
        select ${row.workspaceId}, ${row.id}, ${row.surveyId}, ${row.surveyVersion}, ${row.status}, ${j(row.answers)}, ${j(row.hidden)}, ${row.language},
          ${row.touchpoint}, ${row.channel}, ${row.team ?? null}, ${j(row.respondent)}, ${row.invitationId ?? null}, ${row.deviceKey ?? null},
          ${row.secretHash}, ${j(row.meta)}, ${row.syncedAt ? row.syncedAt.toISOString() : null}::timestamptz, ${row.finishedAt ? row.finishedAt.toISOString() : null}::timestamptz
        where exists (select 1 from k)
        returning id`,
  );
  return rows.length === 1;
}

export async function findIdempotentReply(db: Db, scope: string, key: string) {
  const [hit] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  return hit;
}
