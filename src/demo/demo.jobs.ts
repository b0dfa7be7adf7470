import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { defineJob } from '../platform/jobs/queue.js';
import { DEFAULT_DEMO_CUSTOMERS, DEFAULT_DEMO_SEED, generateDemo, MAX_DEMO_CUSTOMERS } from './generate-demo.js';

/**
 * Fills the first-run Demo workspace in the background, so the server answers /healthz at once.
 * Safe to retry: a second run finds the same profiles, events (by client id), segments and personas.
 */
export const demoDataJob = defineJob({
  name: 'demo-generate',
  payload: z.object({
    workspaceId: z.uuid(),
    customers: z.number().int().min(1).max(MAX_DEMO_CUSTOMERS).default(DEFAULT_DEMO_CUSTOMERS),
    seed: z.number().int().default(DEFAULT_DEMO_SEED),
  }),
  policy: 'stately',
  retryLimit: 2,
  expireInSeconds: 30 * 60,
  handler: async (ctx, p) => {
    const summary = await generateDemo(ctx, p);
    ctx.log.info(
      { workspaceId: p.workspaceId, customers: p.customers, events: summary.events.accepted, seconds: Math.round(summary.durationMs / 100) / 10 },
      'demo data ready: customers, history, segments and personas',
    );
    return { customers: summary.customers, events: summary.events, durationMs: summary.durationMs };
  },
});

export const demoJobs = [demoDataJob];

/** Queues the demo data of a workspace; at most one such job waits at a time per workspace. */
export async function scheduleDemoData(ctx: AppContext, workspaceId: string, opts: { customers?: number; seed?: number } = {}): Promise<string | null> {
  return ctx.jobs.send(demoDataJob, { workspaceId, customers: opts.customers ?? DEFAULT_DEMO_CUSTOMERS, seed: opts.seed ?? DEFAULT_DEMO_SEED }, { singletonKey: workspaceId });
}
