import { systemActor, type AppContext } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import type { TEventInput } from '../customers/customers.schemas.js';
import type { AttributeType } from '../customers/customers.tables.js';
import { ingestEvents } from '../customers/ingest.service.js';
import { upsertCustomers, MAX_UPSERT_BATCH } from '../customers/profiles.service.js';
import { loadTraitContext } from '../customers/traits.js';
import { waitForTraits } from '../customers/traits.service.js';
import { defineAttributes } from '../customers/attributes.service.js';
import { createSegment, listSegments } from '../customers/segments/segments.service.js';
import { createPersona, listPersonas } from '../customers/personas/personas.service.js';
import { MAX_EVENTS_PER_REQUEST } from '../customers/events.routes.js';
import { loadComments } from './demo-comments.js';
import { makePeople } from './demo-people.js';
import { makeHistory } from './demo-history.js';
import { createRandom } from './demo-random.js';
import { DEMO_PERSONAS, demoSegments } from './demo-catalog.js';

const DAY = 86_400_000;
export const DEFAULT_DEMO_CUSTOMERS = 3000;
export const DEFAULT_DEMO_SEED = 42;
export const MAX_DEMO_CUSTOMERS = 100_000;

const DEMO_ATTRIBUTES = [
  { key: 'plan', type: 'string', label: 'Plan' },
  { key: 'signupSource', type: 'string', label: 'Sign-up source' },
  { key: 'memberSince', type: 'date', label: 'Member since' },
  { key: 'preferredChannel', type: 'string', label: 'Preferred channel' },
  { key: 'loyaltyPoints', type: 'number', label: 'Loyalty points' },
  { key: 'vip', type: 'boolean', label: 'VIP' },
] as const satisfies { key: string; type: AttributeType; label: string }[];

export interface DemoOptions {
  workspaceId: string;
  customers?: number;
  seed?: number;
  /** The moment history ends (default: now); fixed in tests so two runs can be compared. */
  now?: Date;
  /** Where the shared real-comment data sets are (default ../shared/datasets beside the project). */
  datasetsDir?: string;
  onProgress?: (p: DemoProgress) => void;
}

export interface DemoProgress {
  phase: 'customers' | 'events' | 'merges' | 'segments';
  done: number;
  total: number;
}

export interface DemoSummary {
  workspaceId: string;
  seed: number;
  customers: { created: number; updated: number; unchanged: number; rejected: number };
  anonymousVisitors: number;
  events: { accepted: number; duplicates: number; rejected: number };
  /** Sign-ups that identified an earlier anonymous visitor (each merges two profiles). */
  linkedVisitors: number;
  languages: string[];
  commentsFromDatasets: string[];
  segments: { created: string[]; existing: string[] };
  personas: { created: string[]; existing: string[] };
  durationMs: number;
}

/** Consecutive people's events, up to the ingest batch size, keeping each person within one batch. */
function batchesOf(histories: TEventInput[][], size: number): TEventInput[][] {
  const out: TEventInput[][] = [];
  let current: TEventInput[] = [];
  for (const events of histories) {
    if (current.length > 0 && current.length + events.length > size) {
      out.push(current);
      current = [];
    }
    // A person with more events than a batch holds is split; ingest handles that, only less efficiently.
    for (let i = 0; i < events.length; i += size) {
      const chunk = events.slice(i, i + size);
      if (current.length + chunk.length > size) {
        out.push(current);
        current = [];
      }
      current.push(...chunk);
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Fills a workspace with realistic demo customers across markets and languages and their history,
 * through the same service functions the API uses (profile upserts, event ingest in batches), then
 * adds a few segments and personas. Deterministic for a seed and `now`; running it again changes
 * nothing (profiles are upserted by external id, events carry client ids, segments and personas
 * that already exist by name are kept).
 */
export async function generateDemo(ctx: AppContext, opts: DemoOptions): Promise<DemoSummary> {
  const t0 = performance.now();
  const count = opts.customers ?? DEFAULT_DEMO_CUSTOMERS;
  if (!Number.isInteger(count) || count < 1 || count > MAX_DEMO_CUSTOMERS) {
    throw new AppError('validation_failed', `The number of demo customers must be a whole number from 1 to ${MAX_DEMO_CUSTOMERS}.`);
  }
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const now = (opts.now ?? new Date()).getTime();
  const actor = systemActor(opts.workspaceId, 'demo data');
  const progress = opts.onProgress ?? (() => {});
  const random = createRandom(seed);
  const comments = loadComments(opts.datasetsDir);

  const people = makePeople(random, count, now, seed);
  const histories = people.map((p) => makeHistory(random, p, comments, now, seed));
  // A few visitors who browse and never sign up: anonymous profiles, as on any real website.
  const visitors: TEventInput[][] = Array.from({ length: Math.max(1, Math.round(count / 60)) }, (_, v) => {
    const anonymousId = `visitor-${seed}-${v}`;
    return Array.from({ length: random.int(1, 4) }, (_, k) => ({
      id: `demo-${seed}-visitor-${v}-${k}`,
      type: 'page_view',
      customer: { anonymousId },
      occurredAt: new Date(now - random.between(0.5, 120) * DAY).toISOString(),
      channel: 'web',
      touchpoint: 'website',
      properties: { url: random.pick(['/', '/sale', '/new-arrivals', '/stores']) },
    }));
  });

  const summary: DemoSummary = {
    workspaceId: opts.workspaceId,
    seed,
    customers: { created: 0, updated: 0, unchanged: 0, rejected: 0 },
    anonymousVisitors: visitors.length,
    events: { accepted: 0, duplicates: 0, rejected: 0 },
    linkedVisitors: 0,
    languages: [...new Set(people.map((p) => p.market.language))].sort(),
    commentsFromDatasets: comments.realLanguages.sort(),
    segments: { created: [], existing: [] },
    personas: { created: [], existing: [] },
    durationMs: 0,
  };

  // Defined up front so the attributes carry readable labels (existing definitions are kept).
  await defineAttributes(ctx.db, opts.workspaceId, DEMO_ATTRIBUTES);
  for (let i = 0; i < people.length; i += MAX_UPSERT_BATCH) {
    const { results } = await upsertCustomers(ctx, actor, people.slice(i, i + MAX_UPSERT_BATCH).map((p) => p.profile));
    for (const r of results) summary.customers[r.status] += 1;
    progress({ phase: 'customers', done: Math.min(i + MAX_UPSERT_BATCH, people.length), total: people.length });
  }

  const ingest = async (batches: TEventInput[][], phase: DemoProgress['phase']) => {
    const total = batches.reduce((s, b) => s + b.length, 0);
    let done = 0;
    for (const batch of batches) {
      const r = await ingestEvents(ctx, actor, batch);
      summary.events.accepted += r.accepted;
      summary.events.duplicates += r.duplicates;
      summary.events.rejected += r.rejected;
      if (r.rejected > 0) ctx.log.warn({ error: r.results.find((x) => x.status === 'rejected')?.error }, 'demo events rejected');
      done += batch.length;
      progress({ phase, done, total });
    }
  };
  await ingest(batchesOf([...visitors, ...histories.map((h) => h.events)], MAX_EVENTS_PER_REQUEST), 'events');
  // Sign-ups that name an earlier anonymous visitor go last: each links two profiles, which merge.
  const identifying = histories.flatMap((h) => (h.identify ? [h.identify] : []));
  const accepted = summary.events.accepted;
  await ingest(batchesOf([identifying], MAX_EVENTS_PER_REQUEST), 'merges');
  summary.linkedVisitors = summary.events.accepted - accepted;
  // Traits are refreshed after each commit, in the background: settle them so a finished demo (and the
  // segments made next, which read them) shows every purchase, case and score it generated.
  await waitForTraits(ctx, opts.workspaceId);

  const traits = await loadTraitContext(ctx.db, opts.workspaceId);
  const dkkFactor = traits.factors['DKK'] ?? 1;
  const existingSegments = new Set((await listSegments(ctx.db, opts.workspaceId, { limit: 500 })).data.map((s) => s.name));
  const segmentSeeds = demoSegments((minor) => Math.round(minor * dkkFactor));
  const total = segmentSeeds.length + DEMO_PERSONAS.length;
  // Lists show the newest first; creating in reverse puts the catalog's first entry on top.
  for (const s of [...segmentSeeds].reverse()) {
    if (existingSegments.has(s.name)) summary.segments.existing.push(s.name);
    else {
      await createSegment(ctx, actor, s);
      summary.segments.created.push(s.name);
    }
    progress({ phase: 'segments', done: summary.segments.created.length + summary.segments.existing.length, total });
  }
  const existingPersonas = new Set((await listPersonas(ctx.db, opts.workspaceId, { limit: 200, refresh: false })).data.map((p) => p.name));
  for (const p of [...DEMO_PERSONAS].reverse()) {
    if (existingPersonas.has(p.name)) summary.personas.existing.push(p.name);
    else {
      await createPersona(ctx.db, actor, p);
      summary.personas.created.push(p.name);
    }
    progress({ phase: 'segments', done: segmentSeeds.length + summary.personas.created.length + summary.personas.existing.length, total });
  }
  summary.durationMs = Math.round(performance.now() - t0);
  return summary;
}
