import type { AppContext } from '../platform/context.js';
import type { Database } from '../platform/db/client.js';
import { refreshSegmentsForCustomers } from './segments/membership.js';
import { loadTraitContext } from './traits.js';
import { applyTraitDeltas, recomputeTraits } from './traits.queries.js';
import { claimTraitWork, hasTraitWork, lockForTraits, tryLockRefresher, workspacesWithTraitWork } from './trait-queue.queries.js';

/**
 * The trait refresher: keeps computed traits and segment membership current after ingest, off the
 * request path. Ingest commits its events together with one customer_trait_queue row each and
 * kicks the refresher of its process; a round then takes up to ROUND rows of one workspace, folds
 * them into their customers' traits (or recomputes customers whose new events are out of order or
 * who were merged), deletes the rows in the same transaction, and refreshes segment membership of
 * those customers set-based. Many batches about one customer cost one trait update per round.
 *
 * Why traits stay exact (property-tested against the full recompute in trait-deltas.test.ts):
 * - a queued event is counted by exactly one fold, because deleting its row and folding it commit
 *   together, and rounds of one workspace never overlap (advisory lock);
 * - a full recompute leaves out events still queued, so their later fold does not count them twice;
 * - whoever rewrites a customer's traits locks the row first, then reads in a new statement, so it
 *   never writes values computed from a snapshot that misses another writer's commit.
 *
 * Staleness: a reader sees traits and membership at most STALENESS_BOUND_MS behind a 2xx of
 * POST /events while the refresher keeps up (docs/customers.md; tested in traits-staleness.test.ts).
 * Work left by a process that stopped is picked up by the sweep job within a minute.
 */

/** Rows per round: big enough to coalesce, small enough that a round's locks are held briefly. */
const ROUND = 5000;
/** Advertised bound (docs/customers.md) from a 2xx to traits and segments that include it. */
export const STALENESS_BOUND_MS = 1000;
// Another process holds the workspace's round, or a round failed: look again after this long.
const BUSY_RETRY_MS = 50;
const FAILURE_RETRY_MS = 1000;
const MAX_FAILURES = 5;

interface RoundResult {
  claimed: number;
  busy: boolean;
}

/** One round for one workspace: traits in one transaction, then segment membership. */
export async function runTraitRound(ctx: AppContext, ws: string, limit = ROUND): Promise<RoundResult> {
  const applied = await ctx.db.transaction(async (tx) => {
    if (!(await tryLockRefresher(tx, ws))) return { busy: true, customers: [] as string[], claimed: 0 };
    const work = await claimTraitWork(tx, ws, limit);
    if (work.length === 0) return { busy: false, customers: [], claimed: 0 };
    const customers = [...new Set(work.map((w) => w.customerId))];
    await lockForTraits(tx, ws, customers);
    const t = await loadTraitContext(tx, ws);
    const full = new Set(work.filter((w) => w.full).map((w) => w.customerId));
    const foldable = work.filter((w) => !w.full && w.exists && !full.has(w.customerId));
    const folded = await applyTraitDeltas(tx, t, foldable.map((w) => w.eventId));
    for (const w of foldable) if (!folded.has(w.customerId)) full.add(w.customerId);
    await recomputeTraits(tx, t, [...full]);
    return { busy: false, customers, claimed: work.length };
  });
  // Membership after the traits committed: it reads them. Never throws (a failure queues a full recompute).
  if (applied.customers.length > 0) await refreshSegmentsForCustomers(ctx, ws, applied.customers);
  return { claimed: applied.claimed, busy: applied.busy };
}

/** Per database (one per process, or per test app): which workspaces are waiting, and the loop. */
class TraitRefresher {
  private readonly waiting = new Set<string>();
  /** Rounds failed in a row per workspace; after MAX_FAILURES the sweep job takes over. */
  private readonly failures = new Map<string, number>();
  private running: Promise<void> | undefined;

  constructor(private readonly ctx: AppContext) {}

  kick(ws: string): void {
    this.waiting.add(ws);
    this.running ??= this.loop().finally(() => {
      this.running = undefined;
      if (this.waiting.size > 0) this.kickAll();
    });
  }

  private kickAll(): void {
    const first = this.waiting.values().next();
    if (!first.done) this.kick(first.value);
  }

  private async loop(): Promise<void> {
    while (this.waiting.size > 0) {
      const ws = this.waiting.values().next().value!;
      this.waiting.delete(ws);
      try {
        let r: RoundResult;
        do r = await runTraitRound(this.ctx, ws);
        while (!r.busy && r.claimed >= ROUND);
        this.failures.delete(ws);
        if (r.busy) this.later(ws, BUSY_RETRY_MS);
      } catch (err) {
        // The queued rows stay (the round rolled back). A database that is gone (shutdown) or broken
        // is not retried forever here: the sweep job picks the work up once it is back.
        const failed = (this.failures.get(ws) ?? 0) + 1;
        this.failures.set(ws, failed);
        this.ctx.log.error({ err, workspaceId: ws, failed }, 'trait refresh failed');
        if (failed < MAX_FAILURES) this.later(ws, FAILURE_RETRY_MS * failed);
        else this.failures.delete(ws);
      }
    }
  }

  private later(ws: string, ms: number): void {
    setTimeout(() => this.kick(ws), ms).unref();
  }

  /** Resolves when the rounds in flight are done. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}

const refreshers = new WeakMap<Database, TraitRefresher>();
const refresherOf = (ctx: AppContext): TraitRefresher => {
  let r = refreshers.get(ctx.database);
  if (!r) refreshers.set(ctx.database, (r = new TraitRefresher(ctx)));
  return r;
};

/** After a commit that queued trait work: start (or continue) refreshing the workspace in this process. */
export function kickTraitRefresh(ctx: AppContext, workspaceId: string): void {
  refresherOf(ctx).kick(workspaceId);
}

/**
 * Brings the workspace's traits and segment membership up to date with everything committed so
 * far, and resolves when done: for tests, the CLI and jobs that read traits right after a write.
 * Gives up after `timeoutMs` (another process holding the workspace's round for that long).
 */
export async function waitForTraits(ctx: AppContext, workspaceId: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const refresher = refresherOf(ctx);
  for (;;) {
    await refresher.idle();
    const r = await runTraitRound(ctx, workspaceId);
    if (!r.busy && r.claimed === 0 && !(await hasTraitWork(ctx.db, workspaceId))) return;
    if (Date.now() > deadline) throw new Error(`traits of workspace ${workspaceId} still pending after ${timeoutMs} ms`);
    if (r.busy) await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
  }
}

/**
 * The sweep (a job every minute): work a stopped process left queued is refreshed here. Rounds run
 * until a workspace's queue is short of a full round; a workspace another process is working on is
 * left to it.
 */
export async function sweepTraitWork(ctx: AppContext): Promise<number> {
  const workspaces = await workspacesWithTraitWork(ctx.db);
  const refresher = refresherOf(ctx);
  for (const ws of workspaces) refresher.kick(ws);
  await refresher.idle();
  return workspaces.length;
}
