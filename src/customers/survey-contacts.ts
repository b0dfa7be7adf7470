import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { notFound } from '../platform/errors.js';
import { writeTransaction } from '../platform/db/transaction.js';
import { refreshSegmentsForCustomers } from './segments/membership.js';
import { customerIdentities, customers } from './customers.tables.js';
import { normaliseEmailIdentity } from './customers.schemas.js';

/*
 * What survey distribution needs from profiles: who a customer is for an invitation (e-mail, name,
 * language, consent, when last surveyed), finding profiles by e-mail, and recording survey consent
 * (the unsubscribe link). Surveys never read customer tables; they call these.
 */

export interface SurveyContact {
  id: string;
  email: string | null;
  name: string | null;
  language: string | null;
  country: string | null;
  surveyConsent: boolean;
  /** The latest survey answer on the timeline (any channel), from the computed traits. */
  lastSurveyAt: Date | null;
  isErased: boolean;
  /** Set when the profile was merged away: the profile it lives on now. */
  mergedInto: string | null;
}

const contactColumns = {
  id: customers.id,
  email: customers.email,
  name: customers.name,
  language: customers.language,
  country: customers.country,
  surveyConsent: customers.surveyConsent,
  lastSurveyAt: customers.lastSurveyAt,
  erasedAt: customers.erasedAt,
  mergedInto: customers.mergedInto,
};

/** Contacts of these customer ids (ids of another workspace are simply absent). */
export async function getSurveyContacts(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, SurveyContact>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select(contactColumns).from(customers).where(and(eq(customers.workspaceId, workspaceId), inArray(customers.id, [...new Set(ids)])));
  return new Map(rows.map(({ erasedAt, ...r }) => [r.id, { ...r, isErased: erasedAt !== null }]));
}

/** Customer ids by e-mail identity (lower-cased); e-mails without a profile are absent. */
export async function findCustomerIdsByEmail(db: Db, workspaceId: string, emails: string[]): Promise<Map<string, string>> {
  const values = [...new Set(emails.map(normaliseEmailIdentity))];
  if (values.length === 0) return new Map();
  const rows = await db
    .select({ value: customerIdentities.value, customerId: customerIdentities.customerId })
    .from(customerIdentities)
    .where(and(eq(customerIdentities.workspaceId, workspaceId), eq(customerIdentities.kind, 'email'), inArray(customerIdentities.value, values)));
  return new Map(rows.map((r) => [r.value, r.customerId]));
}

/**
 * Records whether a customer agrees to be surveyed (false: the unsubscribe link). Merged-away ids
 * are followed to the surviving profile; segment membership follows after commit.
 */
export async function setSurveyConsent(ctx: AppContext, workspaceId: string, customerId: string, consent: boolean): Promise<void> {
  const id = await writeTransaction(ctx, async (tx) => {
    let current = customerId;
    for (let hop = 0; hop < 32; hop++) {
      const [row] = await tx.select({ id: customers.id, mergedInto: customers.mergedInto }).from(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, current)));
      if (!row) break;
      if (!row.mergedInto) {
        await tx.update(customers).set({ surveyConsent: consent, updatedAt: new Date() }).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, row.id)));
        return row.id;
      }
      current = row.mergedInto;
    }
    throw notFound('Customer');
  });
  await refreshSegmentsForCustomers(ctx, workspaceId, [id]);
}
