import type { Db } from '../platform/db/client.js';
import { newId } from '../platform/ids.js';
import { identifierKey, type Identifier } from './identity.js';
import {
  fillPrimaryIdentifierColumns,
  foldCreatedCustomer,
  insertIdentities,
  lockCustomers,
  lockNewIdentifiers,
  readIdentities,
  readRoots,
  type Root,
  type Seen,
} from './identity.queries.js';
import { mergeCustomers, type MergeRequest } from './merges.service.js';
import { EMPTY_PROFILE, type ProfileFields } from './profile-fields.js';
import { insertProfiles } from './profiles.queries.js';
import type { Rejection } from './rejections.js';
import { UnionFind } from './union-find.js';

/** Something that names a person: an event's customer block or a profile being upserted. */
export interface Subject {
  identifiers: Identifier[];
  /** Kunde's own customer id, when the sender knows it. */
  customerId?: string;
  /** Why this subject would merge profiles: 'event purchase', 'profile upsert', 'import'. */
  reason: string;
}

export interface ResolveOptions {
  workspaceId: string;
  engine: 'pglite' | 'postgres';
  actorLabel: string;
  /** Profile fields for a customer created for these subjects (default: just its identifiers). */
  newProfile?: (subjectIndexes: number[], identifiers: Identifier[]) => ProfileFields;
}

export interface Resolution {
  /** The customer each subject belongs to (undefined for subjects with an error or skipped). */
  customerOf: (string | undefined)[];
  errors: Map<number, Rejection>;
  created: Set<string>;
  merges: { winnerId: string; loserId: string }[];
  /** Every customer whose identities, events or profile may have changed. */
  touched: Set<string>;
}

// Above this many new identifiers in one batch, per-identifier advisory locks could exhaust
// PostgreSQL's shared lock table; such batches (big imports) rely on the unique key + repair below.
const MAX_ADVISORY_LOCKS = 1000;

interface Component {
  subjects: number[];
  identifiers: Map<string, Identifier>;
  existing: Map<string, Root>;
  createdId?: string;
  target: string;
  reason: string;
  reasonFixed?: boolean;
}

const oldest = (roots: Iterable<Root>): Root | undefined => {
  let best: Root | undefined;
  for (const r of roots) if (!best || r.createdUs < best.createdUs || (r.createdUs === best.createdUs && r.id < best.id)) best = r;
  return best;
};

/**
 * Resolves every subject of a batch to one customer, set-based: all identifiers are read in one
 * query, subjects that share an identifier (or name identifiers of several profiles) are joined into
 * connected components, each component becomes one customer — a new one, the one it names, or the
 * oldest of several, the others merged into it. New identities are attached with one insert.
 */
export async function resolveSubjects(tx: Db, opts: ResolveOptions, subjects: (Subject | null)[]): Promise<Resolution> {
  const ws = opts.workspaceId;
  const res: Resolution = { customerOf: subjects.map(() => undefined), errors: new Map(), created: new Set(), merges: [], touched: new Set() };
  const all = new Map<string, Identifier>();
  for (const s of subjects) for (const i of s?.identifiers ?? []) all.set(identifierKey(i), i);

  const seen: Seen = new Map();
  const found = await readIdentities(tx, ws, [...all.values()], seen);
  const unknown = [...all.entries()].filter(([k]) => !found.has(k)).map(([, i]) => i);
  if (opts.engine === 'postgres' && unknown.length > 0 && unknown.length <= MAX_ADVISORY_LOCKS) {
    await lockNewIdentifiers(tx, ws, unknown);
    for (const [k, c] of await readIdentities(tx, ws, unknown, seen)) found.set(k, c);
  }

  const direct = subjects.flatMap((s) => (s?.customerId ? [s.customerId] : []));
  const roots = await readRoots(tx, ws, [...found.values(), ...direct], seen);

  const uf = new UnionFind();
  subjects.forEach((s, index) => {
    if (!s) return;
    const nodes = s.identifiers.map(identifierKey);
    const named = [...(s.customerId ? [s.customerId] : []), ...nodes.flatMap((k) => (found.has(k) ? [found.get(k)!] : []))];
    for (const id of named) {
      const root = roots.get(id);
      if (!root) res.errors.set(index, { kind: 'customer_not_found', customerId: id });
      else if (root.erased) res.errors.set(index, { kind: 'erased' });
      else nodes.push(`c:${root.id}`);
    }
    if (res.errors.has(index)) return;
    if (nodes.length === 0) {
      res.errors.set(index, { kind: 'unnamed' });
      return;
    }
    for (const n of nodes.slice(1)) uf.union(nodes[0], n);
  });

  const components = new Map<string, Component>();
  subjects.forEach((s, index) => {
    if (!s || res.errors.has(index)) return;
    const first = s.identifiers[0] ? identifierKey(s.identifiers[0]) : `c:${roots.get(s.customerId!)!.id}`;
    const key = uf.find(first);
    let comp = components.get(key);
    if (!comp) {
      comp = { subjects: [], identifiers: new Map(), existing: new Map(), target: '', reason: s.reason };
      components.set(key, comp);
    }
    comp.subjects.push(index);
    const mine = new Set<string>();
    if (s.customerId) mine.add(roots.get(s.customerId)!.id);
    for (const i of s.identifiers) {
      const k = identifierKey(i);
      comp.identifiers.set(k, i);
      if (found.has(k)) mine.add(roots.get(found.get(k)!)!.id);
    }
    for (const id of mine) comp.existing.set(id, roots.get(id)!);
    // The first subject that itself names two profiles explains the merge; otherwise the chain's first.
    if (mine.size > 1 && !comp.reasonFixed) {
      comp.reason = s.reason;
      comp.reasonFixed = true;
    }
  });

  const newRows: { id: string; profile: ProfileFields }[] = [];
  for (const comp of components.values()) {
    const best = oldest(comp.existing.values());
    if (best) comp.target = best.id;
    else {
      comp.createdId = comp.target = newId();
      const ids = [...comp.identifiers.values()];
      const pick = (kind: string) => ids.find((i) => i.kind === kind)?.value ?? null;
      const profile = opts.newProfile?.(comp.subjects, ids) ?? { ...EMPTY_PROFILE };
      profile.externalId ??= pick('external_id');
      profile.email ??= pick('email');
      profile.phone ??= pick('phone');
      newRows.push({ id: comp.createdId, profile });
      res.created.add(comp.createdId);
    }
  }
  await insertProfiles(tx, ws, newRows);

  await attachIdentities(tx, ws, components, found, res);

  const merges: MergeRequest[] = [];
  for (const comp of components.values()) {
    for (const s of comp.subjects) res.customerOf[s] = comp.target;
    res.touched.add(comp.target);
    const losers = [...comp.existing.keys()].filter((id) => id !== comp.target);
    if (losers.length > 0) {
      merges.push({ winnerId: comp.target, loserIds: losers, reason: comp.reason, identifiers: [...comp.identifiers.values()].slice(0, 20) });
      for (const l of losers) {
        res.touched.add(l);
        res.merges.push({ winnerId: comp.target, loserId: l });
      }
    }
  }
  if (merges.length > 0) {
    await lockCustomers(tx, ws, merges.flatMap((m) => [m.winnerId, ...m.loserIds]), res.created);
    await mergeCustomers(tx, ws, merges, opts.actorLabel);
  }
  return res;
}

/**
 * Inserts the batch's new identifiers on their component's customer. An identifier another
 * transaction created meanwhile (possible only without the advisory locks) makes its owner part of
 * the component: a customer created here is then folded into it, an existing one merged.
 */
async function attachIdentities(tx: Db, ws: string, components: Map<string, Component>, found: Map<string, string>, res: Resolution) {
  const rows: { kind: string; value: string; customer_id: string }[] = [];
  const compOf = new Map<string, Component>();
  for (const comp of components.values()) {
    for (const [k, i] of comp.identifiers) {
      if (found.has(k)) continue;
      rows.push({ ...i, customer_id: comp.target });
      compOf.set(k, comp);
    }
  }
  if (rows.length === 0) return;
  const inserted = await insertIdentities(tx, ws, rows);
  if (inserted.length === rows.length) {
    await fillPrimaryIdentifiers(tx, ws, rows, res.created);
    return;
  }
  const done = new Set(inserted.map(identifierKey));
  const lost = rows.filter((r) => !done.has(identifierKey(r)));
  const owners = await readIdentities(tx, ws, lost, new Map());
  const roots = await readRoots(tx, ws, owners.values());
  for (const i of lost) {
    const comp = compOf.get(identifierKey(i))!;
    const root = roots.get(owners.get(identifierKey(i)) ?? '');
    if (root && !root.erased) comp.existing.set(root.id, root);
  }
  for (const comp of new Set(lost.map((i) => compOf.get(identifierKey(i))!))) {
    const best = oldest(comp.existing.values());
    if (!best) continue;
    if (comp.createdId) {
      // Created in this transaction and never seen by anyone: hand its identities over and drop it.
      await foldCreatedCustomer(tx, ws, comp.createdId, best.id);
      res.created.delete(comp.createdId);
      comp.createdId = undefined;
    }
    comp.target = best.id;
  }
  await fillPrimaryIdentifiers(tx, ws, rows.filter((r) => done.has(identifierKey(r))), res.created);
}

/** A known customer who gains an e-mail, phone or external id gets it as the shown one if none was set. */
async function fillPrimaryIdentifiers(tx: Db, ws: string, rows: { kind: string; value: string; customer_id: string }[], created: Set<string>) {
  const fill = new Map<string, Record<string, string>>();
  for (const r of rows) {
    if (created.has(r.customer_id) || !['email', 'phone', 'external_id'].includes(r.kind)) continue;
    const f = fill.get(r.customer_id) ?? {};
    f[r.kind] ??= r.value;
    fill.set(r.customer_id, f);
  }
  await fillPrimaryIdentifierColumns(tx, ws, [...fill].map(([id, f]) => ({ id, ...f })));
}
