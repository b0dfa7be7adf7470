import type { Actor, AppContext } from '../platform/context.js';
import type { Db } from '../platform/db/client.js';
import { AppError, notFound } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { writeTransaction } from '../platform/db/transaction.js';
import { recordAudit } from '../audit/audit.service.js';
import { refreshSegmentsForCustomers } from './segments/membership.js';
import type { Identifier } from './identity.js';
import { TEXT_FIELDS, ZProfileFields, profileOf, sameValue, type ProfileFields } from './profile-fields.js';
import { writeProfiles } from './profiles.queries.js';
import {
  applyMerges,
  findCustomerRows,
  findMergeForUpdate,
  findMergesOf,
  markUndone,
  returnOrigins,
  withMergedAncestors,
  withMergedDescendants,
  type MergeRecord,
} from './merges.queries.js';
import { loadTraitContext, recomputeTraits } from './traits.js';

export interface MergeRequest {
  winnerId: string;
  loserIds: string[];
  reason: string;
  identifiers: Identifier[];
}

/** A change the merge made on the winner (a field it filled, a consent it withdrew), undone by undo. */
interface WinnerChange {
  field: string;
  before: unknown;
  after: unknown;
}

type MergeSnapshot = Partial<ProfileFields> & { winnerChanges?: WinnerChange[] };

/** The winner's keys plus the loser's keys it lacks; each added key is recorded so undo can remove it. */
function fillKeys<V>(winner: Record<string, V>, loser: Record<string, V>, field: string, changes: WinnerChange[]): Record<string, V> {
  const out = { ...winner };
  for (const [k, v] of Object.entries(loser)) {
    if (!(k in out)) {
      changes.push({ field: `${field}.${k}`, before: undefined, after: v });
      out[k] = v;
    }
  }
  return out;
}

/**
 * Merges losers into winners inside the caller's transaction: the winner keeps its own values and
 * fills gaps from the losers (consent: an opt-out on either side wins), identities and events move
 * to the winner keeping their origin, losers point at the winner, and each merge is recorded with the
 * loser's snapshot so an admin can undo it. Callers lock the rows and recompute traits.
 */
export async function mergeCustomers(tx: Db, ws: string, reqs: MergeRequest[], actorLabel: string): Promise<void> {
  if (reqs.length === 0) return;
  const ids = reqs.flatMap((r) => [r.winnerId, ...r.loserIds]);
  const rows = await findCustomerRows(tx, ws, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const winners: { id: string; profile: ProfileFields }[] = [];
  const records: MergeRecord[] = [];
  const moves: { loser: string; winner: string }[] = [];
  for (const req of reqs) {
    const w = byId.get(req.winnerId)!;
    const wp = profileOf(w);
    const before = JSON.stringify(wp);
    const losers = req.loserIds.map((id) => byId.get(id)!).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    for (const l of losers) {
      const lp = profileOf(l);
      const changes: WinnerChange[] = [];
      for (const f of TEXT_FIELDS) {
        if (wp[f] === null && lp[f] !== null) {
          changes.push({ field: f, before: null, after: lp[f] });
          wp[f] = lp[f];
        }
      }
      for (const f of ['marketingConsent', 'surveyConsent'] as const) {
        if (wp[f] && !lp[f]) {
          changes.push({ field: f, before: true, after: false });
          wp[f] = false;
        }
      }
      wp.social = fillKeys(wp.social, lp.social, 'social', changes);
      wp.attributes = fillKeys(wp.attributes, lp.attributes, 'attributes', changes);
      const snapshot = { ...lp, createdAt: l.createdAt, firstSeenAt: l.firstSeenAt, lastSeenAt: l.lastSeenAt, winnerChanges: changes };
      records.push({
        workspaceId: ws,
        id: newId(),
        winnerId: w.id,
        loserId: l.id,
        reason: req.reason,
        identifiers: req.identifiers,
        loserSnapshot: JSON.parse(JSON.stringify(snapshot)) as Record<string, unknown>,
        actorLabel,
      });
      moves.push({ loser: l.id, winner: w.id });
    }
    if (JSON.stringify(wp) !== before) winners.push({ id: w.id, profile: wp });
  }
  await writeProfiles(tx, ws, winners);
  await applyMerges(tx, ws, moves, records);
}

/** Merges that shaped this profile: into it, into profiles merged into it, or out of it (undone). */
export async function listMergesOf(db: Db, ws: string, customerId: string) {
  return findMergesOf(db, ws, await withMergedDescendants(db, ws, customerId));
}

function getPath(p: Record<string, unknown>, field: string): unknown {
  const [head, key] = field.split('.');
  return key === undefined ? p[head] : (p[head] as Record<string, unknown> | undefined)?.[key];
}

function revertChanges(current: ProfileFields, changes: WinnerChange[]): ProfileFields {
  const p = JSON.parse(JSON.stringify(current)) as Record<string, unknown>;
  for (const c of changes) {
    // Only values the merge put there and nobody changed since go back.
    if (!sameValue(getPath(p, c.field), c.after)) continue;
    const [head, key] = c.field.split('.');
    if (key === undefined) p[head] = c.before;
    else delete (p[head] as Record<string, unknown>)[key];
  }
  // Snapshots are JSON written by older code too: what comes back is checked field by field.
  return ZProfileFields.parse(p);
}

/**
 * Separates a merged profile again (admin): every identity and event that originated on the loser
 * — or on a profile merged into the loser before — moves back, the loser's profile is restored
 * from its snapshot, fields the merge filled on the winner are cleared, traits recomputed.
 */
export async function undoMerge(ctx: AppContext, actor: Actor, mergeId: string) {
  const ws = actor.workspaceId;
  const out = await writeTransaction(ctx, async (tx) => {
    const m = await findMergeForUpdate(tx, ws, mergeId);
    if (!m) throw notFound('Merge');
    if (m.undoneAt) throw new AppError('conflict', 'This merge was already undone.');
    const pair = await findCustomerRows(tx, ws, [m.winnerId, m.loserId], { forUpdate: true });
    const winner = pair.find((c) => c.id === m.winnerId);
    const loser = pair.find((c) => c.id === m.loserId);
    if (!winner || !loser || winner.erasedAt || loser.erasedAt) {
      throw new AppError('conflict', 'A profile of this merge was erased; the merge cannot be undone.');
    }
    if (loser.mergedInto !== m.winnerId) throw new AppError('conflict', 'The merged profile has changed since; undo later merges first.');
    const origins = await withMergedDescendants(tx, ws, loser.id);
    // What came from the loser now sits on the winner or on a profile the winner was merged into since.
    const holders = await withMergedAncestors(tx, ws, winner.id);
    await returnOrigins(tx, ws, holders, origins, loser.id);
    const snapshot = m.loserSnapshot as MergeSnapshot;
    const restored = ZProfileFields.parse({ ...profileOf(loser), ...snapshot });
    await writeProfiles(tx, ws, [
      { id: loser.id, profile: restored },
      { id: winner.id, profile: revertChanges(profileOf(winner), snapshot.winnerChanges ?? []) },
    ]);
    const undone = await markUndone(tx, ws, m.id, loser.id, actor.label);
    const touched = [...new Set([winner.id, loser.id, ...holders])];
    await recomputeTraits(tx, await loadTraitContext(tx, ws), touched);
    await recordAudit(tx, actor, {
      action: 'customer.merge_undone',
      targetType: 'customer_merge',
      targetId: m.id,
      details: { winnerId: winner.id, loserId: loser.id, reason: m.reason },
    });
    return { merge: undone, touched };
  });
  await refreshSegmentsForCustomers(ctx, ws, out.touched);
  return out.merge;
}
