import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { customers } from './customers.tables.js';
import { PROFILE_FIELDS, profileOf, type ProfileField, type ProfileFields } from './profile-fields.js';

/** Profile field → customers column and the type jsonb_to_recordset reads it as. */
const COLUMN: Record<ProfileField, [string, string]> = {
  externalId: ['external_id', 'text'],
  email: ['email', 'text'],
  phone: ['phone', 'text'],
  name: ['name', 'text'],
  language: ['language', 'text'],
  country: ['country', 'text'],
  city: ['city', 'text'],
  birthDate: ['birth_date', 'date'],
  ageBand: ['age_band', 'text'],
  gender: ['gender', 'text'],
  incomeBand: ['income_band', 'text'],
  marketingConsent: ['marketing_consent', 'boolean'],
  surveyConsent: ['survey_consent', 'boolean'],
  social: ['social', 'jsonb'],
  attributes: ['attributes', 'jsonb'],
};

const toRecord = (id: string, p: ProfileFields) => {
  const r: Record<string, unknown> = { id };
  for (const f of PROFILE_FIELDS) r[COLUMN[f][0]] = p[f];
  return r;
};

const recordsetColumns = (): SQL =>
  sql.raw(['id uuid', ...PROFILE_FIELDS.map((f) => `${COLUMN[f][0]} ${COLUMN[f][1]}`)].join(', '));

const jsonParam = (rows: unknown[]) => sql`${JSON.stringify(rows)}::jsonb`;

/** Inserts new customers with their profile fields in one statement (created_at etc. default to now). */
export async function insertProfiles(tx: Db, workspaceId: string, rows: { id: string; profile: ProfileFields }[]): Promise<void> {
  if (rows.length === 0) return;
  const cols = PROFILE_FIELDS.map((f) => COLUMN[f][0]).join(', ');
  await tx.execute(sql`
    insert into customers (workspace_id, id, ${sql.raw(cols)})
    select ${workspaceId}::uuid, x.id, ${sql.raw(PROFILE_FIELDS.map((f) => `x.${COLUMN[f][0]}`).join(', '))}
    from jsonb_to_recordset(${jsonParam(rows.map((r) => toRecord(r.id, r.profile)))}) as x(${recordsetColumns()})`);
}

/** Replaces the profile fields of existing customers in one statement and stamps updated_at. */
export async function writeProfiles(tx: Db, workspaceId: string, rows: { id: string; profile: ProfileFields }[]): Promise<void> {
  if (rows.length === 0) return;
  const sets = PROFILE_FIELDS.map((f) => `${COLUMN[f][0]} = x.${COLUMN[f][0]}`).join(', ');
  await tx.execute(sql`
    update customers c set ${sql.raw(sets)}, updated_at = now()
    from jsonb_to_recordset(${jsonParam(rows.map((r) => toRecord(r.id, r.profile)))}) as x(${recordsetColumns()})
    where c.workspace_id = ${workspaceId} and c.id = x.id`);
}

/** The profile fields of existing customers, by id. */
export async function readProfiles(tx: Db, ws: string, ids: string[]): Promise<Map<string, ProfileFields>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.select().from(customers).where(and(eq(customers.workspaceId, ws), inArray(customers.id, ids)));
  return new Map(rows.map((r) => [r.id, profileOf(r)]));
}
