import type { Actor, AppContext } from '../platform/context.js';
import { writeTransaction } from '../platform/db/transaction.js';
import { forgetIdempotentReplies } from '../platform/http/idempotency.js';
import { recordAudit } from '../audit/audit.service.js';
import { refreshSegmentsForCustomers } from './segments/membership.js';
import { findCustomerRow } from './customers.queries.js';
import { getCustomer, presentResolved, resolveCustomer } from './customers.service.js';
import { identifiersOf, type Identifier } from './identity.js';
import { suppressionKey } from './suppression.js';
import { findMergeSnapshots, withMergedDescendants } from './merges.queries.js';
import { erasePersonalData, findEventsOf, findGroup, suppressDigests } from './privacy.queries.js';

/**
 * Property keys kept on an erased customer's events besides numbers and booleans: structural ids
 * and survey metadata that carry no personal data. Everything else (comments, notes, messages,
 * free text) is removed.
 */
export const KEPT_PROPERTY_KEYS = ['metric', 'surveyId', 'surveyName', 'responseId', 'orderId', 'caseId', 'team', 'plan', 'currency'];

/**
 * Everything held about one person (GDPR art. 15 / KVKK art. 11): profile, identities, every event,
 * merges including the snapshots of merged profiles, segment memberships. The export is audited.
 */
export async function exportCustomer(ctx: AppContext, actor: Actor, id: string) {
  const ws = actor.workspaceId;
  const detail = await getCustomer(ctx.db, ws, id);
  const events = await findEventsOf(ctx.db, ws, detail.id);
  const snapshots = await findMergeSnapshots(ctx.db, ws, detail.merges.map((m) => m.id));
  await recordAudit(ctx.db, actor, { action: 'customer.exported', targetType: 'customer', targetId: detail.id, details: { events: events.length } });
  const { identities, segments, merges, mergedFrom: _mergedFrom, ...customer } = detail;
  return {
    exportedAt: new Date(),
    customer,
    identities,
    events: events.map(({ workspaceId: _ws, customerId: _c, ...e }) => e),
    merges: merges.map((m) => ({ ...m, loserSnapshot: snapshots.get(m.id) ?? {} })),
    segments,
  };
}

/**
 * Erases a person (GDPR art. 17 / KVKK art. 7): personal fields, custom attributes, identities
 * and free-text event properties are removed from the profile and from every profile merged into
 * it; trait numbers and event rows (types, amounts, times) stay for aggregates. Digests of the
 * identifiers go on the suppression list so neither a new event nor an upsert re-creates the person,
 * and events keep their client ids so a retried old event is a duplicate. Audited.
 */
export async function eraseCustomer(ctx: AppContext, actor: Actor, id: string) {
  const ws = actor.workspaceId;
  const key = await suppressionKey(ctx);
  const done = await writeTransaction(ctx, async (tx) => {
    const { row: resolved } = await resolveCustomer(tx, ws, id);
    if (resolved.erasedAt) return { id: resolved.id, group: [] as string[], fresh: false };
    await findCustomerRow(tx, ws, resolved.id, { forUpdate: true });
    const group = await withMergedDescendants(tx, ws, resolved.id);
    const { identities, profiles } = await findGroup(tx, ws, group);
    const identifiers: Identifier[] = [
      ...identities,
      ...profiles.flatMap((p) => identifiersOf({ externalId: p.externalId ?? undefined, email: p.email ?? undefined, phone: p.phone ?? undefined, social: p.social })),
    ];
    const digests = [...new Set(identifiers.map(key.digest))];
    await suppressDigests(tx, ws, digests);
    const events = await erasePersonalData(tx, ws, group, KEPT_PROPERTY_KEYS);
    // Replies stored for Idempotency-Key retries would otherwise hand the person's data out for 24 h.
    await forgetIdempotentReplies(tx, ws, { values: [...new Set(identifiers.map((i) => i.value))], ids: group });
    await recordAudit(tx, actor, {
      action: 'customer.erased',
      targetType: 'customer',
      targetId: resolved.id,
      details: { mergedProfiles: group.length - 1, identifiers: digests.length, events },
    });
    return { id: resolved.id, group, fresh: true };
  });
  if (done.fresh) await refreshSegmentsForCustomers(ctx, ws, done.group);
  return presentResolved(ctx.db, ws, done.id);
}
