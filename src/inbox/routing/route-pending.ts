import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { systemActor } from '../../platform/context.js';
import type { Database } from '../../platform/db/client.js';
import { defineJob } from '../../platform/jobs/queue.js';
import { countPendingRouting, deleteRouted, failRouting, findPendingRouting, findStaleRoutingWorkspaces } from './routing.queries.js';
import { routeMessages } from './route-messages.js';

/** Messages routed per run: enough to read the rules once for a burst, small enough to keep runs short. */
const BATCH = 200;
/** A message whose routing failed this often is given up on (logged), so one bad message cannot block the queue. */
export const ROUTING_MAX_ATTEMPTS = 5;
/** Queued this long without being routed: the process that stored it stopped before routing it. */
const STALE_SECONDS = 30;

interface Drain {
  running: Promise<void>;
  again: boolean;
}

/** workspace → its running drain, per database handle (a process has one; tests open many). */
const drains = new WeakMap<Database, Map<string, Drain>>();

/**
 * How long a drain waits for more arrivals before its first run: messages arriving one by one at a
 * steady pace then share a run (the rules, members, SLA policies and hours are read once for all),
 * at the price of routing landing this much later.
 */
const GATHER_MS = 100;

/** Routes queued messages of one workspace until none are left; stops at a failed run (the sweep retries). */
async function drain(ctx: AppContext, ws: string, state: Drain): Promise<void> {
  const actor = systemActor(ws, 'inbox routing');
  await new Promise((resolve) => setTimeout(resolve, GATHER_MS));
  for (;;) {
    state.again = false;
    const { queued: ids, messages } = await findPendingRouting(ctx.db, ws, BATCH);
    if (ids.length === 0) return;
    try {
      await routeMessages(ctx, actor, messages);
      await deleteRouted(ctx.db, ws, ids);
      // A short batch took all there was, unless more was queued meanwhile.
      if (ids.length < BATCH && !state.again) return;
    } catch (err) {
      const dropped = await failRouting(ctx.db, ws, ids, ROUTING_MAX_ATTEMPTS);
      ctx.log.warn({ err, workspaceId: ws, messages: ids.length, dropped }, 'inbox routing failed');
      return;
    }
  }
}

/**
 * Routes a workspace's queued messages soon, in this process, without the caller waiting. Arrivals
 * while a run is going join the next batch of the same drain, so a burst is routed in a few runs
 * instead of one per message; one drain per workspace at a time keeps assignment order fair.
 * Another process draining the same workspace at once only repeats idempotent work.
 */
export function scheduleRouting(ctx: AppContext, ws: string): void {
  let byWs = drains.get(ctx.database);
  if (!byWs) drains.set(ctx.database, (byWs = new Map()));
  const current = byWs.get(ws);
  if (current) {
    current.again = true;
    return;
  }
  const state: Drain = { running: Promise.resolve(), again: false };
  const map = byWs;
  state.running = drain(ctx, ws, state)
    .catch((err: unknown) => ctx.log.warn({ err, workspaceId: ws }, 'inbox routing failed'))
    .finally(() => {
      map.delete(ws);
      // Queued after the drain's last look: start another.
      if (state.again) scheduleRouting(ctx, ws);
    });
  map.set(ws, state);
}

/**
 * Resolves once this process has routed everything queued for the workspace (or a run failed): for
 * tests, the bench and a CLI that must not exit with work in memory.
 */
export async function routingSettled(ctx: AppContext, ws: string): Promise<void> {
  for (;;) {
    const current = drains.get(ctx.database)?.get(ws);
    if (current) {
      await current.running;
      continue;
    }
    if ((await countPendingRouting(ctx.db, ws)) === 0) return;
    // Queued by another handle or left by a failed run: route it here.
    scheduleRouting(ctx, ws);
    await drains.get(ctx.database)?.get(ws)?.running;
    if ((await countPendingRouting(ctx.db, ws)) > 0) return;
  }
}

/** Routes what a stopped process left queued. */
export async function sweepRoutingQueue(ctx: AppContext): Promise<number> {
  const stale = await findStaleRoutingWorkspaces(ctx.db, STALE_SECONDS);
  for (const ws of stale) scheduleRouting(ctx, ws);
  await Promise.all(stale.map((ws) => drains.get(ctx.database)?.get(ws)?.running));
  return stale.length;
}

export const routingSweepJob = defineJob({
  name: 'inbox-routing-sweep',
  payload: z.object({}),
  cron: '* * * * *',
  policy: 'singleton',
  handler: async (ctx) => ({ workspaces: await sweepRoutingQueue(ctx) }),
});
