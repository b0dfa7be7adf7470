import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { defineJob } from '../platform/jobs/queue.js';
import { reopenDueSnoozed } from './conversations.queries.js';
import { announceConversations } from './realtime.js';

/** Conversations reopened per statement: keeps each UPDATE short when many snoozes end at the same minute. */
const BATCH = 500;

/**
 * Opens every snoozed conversation whose `snoozedUntil` has passed (status open, snooze cleared) and tells
 * connected dashboards after each batch commits. A customer writing meanwhile has already reopened theirs
 * (store-messages), so this only covers the snooze running out. Returns how many were reopened.
 */
export async function wakeSnoozedConversations(ctx: AppContext, now = new Date()): Promise<number> {
  let total = 0;
  for (;;) {
    const woken = await reopenDueSnoozed(ctx.db, now, BATCH);
    const byWorkspace = new Map<string, string[]>();
    for (const w of woken) byWorkspace.set(w.workspaceId, [...(byWorkspace.get(w.workspaceId) ?? []), w.id]);
    for (const [ws, ids] of byWorkspace) announceConversations(ctx, ws, ids, 'updated');
    total += woken.length;
    if (woken.length < BATCH) return total;
  }
}

export const snoozeWakeupJob = defineJob({
  name: 'inbox-snooze-wakeup',
  payload: z.object({}),
  cron: '* * * * *',
  policy: 'singleton',
  handler: async (ctx) => ({ reopened: await wakeSnoozedConversations(ctx) }),
});
