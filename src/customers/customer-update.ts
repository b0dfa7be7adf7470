import { and, eq, sql } from 'drizzle-orm';
import type { Actor, AppContext } from '../platform/context.js';
import { selectRows } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import { writeTransaction } from '../platform/db/transaction.js';
import { refreshSegmentsForCustomers } from './segments/membership.js';
import { customers, type AttributeType } from './customers.tables.js';
import type { TCustomerPatch } from './customers.schemas.js';
import { attributeTypeError, defineAttributes, inferAttributeType, listAttributeDefinitions } from './attributes.service.js';
import { findSuppressed, suppressionHash, type Identifier } from './identity.js';
import { getCustomer, resolveCustomer } from './customer-queries.js';
import { profileOf, sameProfile, withScalars, writeProfiles } from './profile-fields.js';

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
    const [row] = await tx
      .select()
      .from(customers)
      .where(and(eq(customers.workspaceId, ws), eq(customers.id, resolved.id)))
      .for('update');
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
      const suppressed = await findSuppressed(tx, ws, added.map(suppressionHash));
      if (suppressed.size > 0) throw new AppError('conflict', 'An identifier you set belongs to an erased customer.');
      const owners = await selectRows<{ kind: string; customer_id: string }>(
        tx,
        sql`select i.kind, i.customer_id from jsonb_to_recordset(${JSON.stringify(added)}::jsonb) as x(kind text, value text)
            join customer_identities i on i.workspace_id = ${ws} and i.kind = x.kind and i.value = x.value
            where i.customer_id <> ${row.id}`,
      );
      if (owners.length > 0) {
        throw new AppError('conflict', `The ${owners[0].kind} you set already belongs to another customer.`, {
          otherCustomerId: owners[0].customer_id,
        });
      }
      await tx.execute(sql`insert into customer_identities (workspace_id, kind, value, customer_id, origin_customer_id)
        select ${ws}::uuid, x.kind, x.value, ${row.id}::uuid, ${row.id}::uuid
        from jsonb_to_recordset(${JSON.stringify(added)}::jsonb) as x(kind text, value text) on conflict do nothing`);
    }
    await defineAttributes(tx, ws, newTypes);
    if (!sameProfile(before, after)) await writeProfiles(tx, ws, [{ id: row.id, profile: after }]);
    return row.id;
  });
  await refreshSegmentsForCustomers(ctx, ws, [customerId]);
  return getCustomer(ctx.db, ws, customerId);
}
