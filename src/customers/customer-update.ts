import type { Actor, AppContext } from '../platform/context.js';
import { AppError, notFound } from '../platform/errors.js';
import { writeTransaction } from '../platform/db/transaction.js';
import { refreshSegmentsForCustomers } from './segments/membership.js';
import type { AttributeType } from './customers.tables.js';
import type { TCustomerPatch } from './customers.schemas.js';
import { attributeTypeError, defineAttributes, inferAttributeType, listAttributeDefinitions } from './attributes.service.js';
import type { Identifier } from './identity.js';
import { suppressionKey } from './suppression.js';
import { findOtherOwners, findSuppressed, insertIdentities } from './identity.queries.js';
import { findCustomerRow } from './customers.queries.js';
import { getCustomer, resolveCustomer } from './customers.service.js';
import { profileOf, sameProfile, withScalars } from './profile-fields.js';
import { writeProfiles } from './profiles.queries.js';

const IDENTITY_FIELDS = { externalId: 'external_id', email: 'email', phone: 'phone' } as const;

/**
 * Edits a profile. A new e-mail, phone or external id becomes an identity of this customer too
 * (the old ones keep resolving here); one that already belongs to another profile is refused with
 * 409 — joining two people is a merge, which happens through events and upserts, not an edit.
 */
export async function updateCustomer(ctx: AppContext, actor: Actor, id: string, patch: TCustomerPatch) {
  const ws = actor.workspaceId;
  const customerId = await writeTransaction(ctx, async (tx) => {
    const { row: resolved } = await resolveCustomer(tx, ws, id);
    const row = await findCustomerRow(tx, ws, resolved.id, { forUpdate: true });
    if (!row) throw notFound('Customer');
    if (row.erasedAt) throw new AppError('conflict', 'This customer was erased; the profile cannot be edited.');
    const before = profileOf(row);
    const after = withScalars(before, patch);
    for (const [k, v] of Object.entries(patch.social ?? {})) {
      if (v === null) delete after.social[k];
      else after.social[k] = v;
    }
    const types = new Map((await listAttributeDefinitions(tx, ws)).map((d) => [d.key, d.type]));
    const newTypes: { key: string; type: AttributeType }[] = [];
    for (const [k, v] of Object.entries(patch.attributes ?? {})) {
      if (v === null) {
        delete after.attributes[k];
        continue;
      }
      const type = types.get(k) ?? inferAttributeType(v);
      if (!types.has(k)) newTypes.push({ key: k, type });
      const err = attributeTypeError(type, v);
      if (err) {
        throw new AppError('validation_failed', `attributes.${k} ${err}`, { errors: [{ path: `body.attributes.${k}`, message: err }] });
      }
      after.attributes[k] = v;
    }

    const added: Identifier[] = [];
    for (const [f, kind] of Object.entries(IDENTITY_FIELDS) as [keyof typeof IDENTITY_FIELDS, string][]) {
      const v = after[f];
      if (v && v !== before[f]) added.push({ kind, value: v });
    }
    for (const [network, handle] of Object.entries(after.social)) {
      if (before.social[network] !== handle) added.push({ kind: `social:${network}`, value: handle });
    }
    if (added.length > 0) {
      const key = await suppressionKey(ctx);
      const suppressed = await findSuppressed(tx, ws, added.map(key.digest));
      if (suppressed.size > 0) throw new AppError('conflict', 'An identifier you set belongs to an erased customer.');
      const owners = await findOtherOwners(tx, ws, added, row.id);
      if (owners.length > 0) {
        throw new AppError('conflict', `The ${owners[0].kind} you set already belongs to another customer.`, {
          otherCustomerId: owners[0].customer_id,
        });
      }
      await insertIdentities(tx, ws, added.map((i) => ({ ...i, customer_id: row.id })));
    }
    await defineAttributes(tx, ws, newTypes);
    if (!sameProfile(before, after)) await writeProfiles(tx, ws, [{ id: row.id, profile: after }]);
    return row.id;
  });
  await refreshSegmentsForCustomers(ctx, ws, [customerId]);
  return getCustomer(ctx.db, ws, customerId);
}
