import { z } from 'zod';
import type { Actor, AppContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { defineJob } from '../../platform/jobs/queue.js';
import { sendMail, type OutboxEntry } from '../../platform/mail/mail.service.js';
import { listMembers } from '../../accounts/members.service.js';
import { findDueClocks, findNotifications, insertNotification, markNotificationRead, stampClock, type DueClock, type NotificationRow } from './sla.queries.js';

const SWEEP_BATCH = 500;
const TARGET_WORDS = { first_response: 'first response', resolution: 'resolution' } as const;

const presentNotification = (n: NotificationRow) => ({ id: n.id, conversationId: n.conversationId, userId: n.userId, kind: n.kind, target: n.target, dueAt: n.dueAt, readAt: n.readAt, createdAt: n.createdAt });

/** Whom an alert goes to: the assignee, or (for an unassigned conversation) the workspace's owners and admins. */
async function recipients(db: Db, ws: string, assigneeId: string | null): Promise<string[]> {
  const members = await listMembers(db, ws);
  const to = assigneeId ? members.filter((m) => m.userId === assigneeId) : members.filter((m) => m.role === 'owner' || m.role === 'admin');
  return to.map((m) => m.email);
}

/** Raises one clock's warning or breach: a notification row and its e-mails, once (unique per conversation, kind, target). */
async function raise(ctx: AppContext, clock: DueClock, kind: 'sla_warning' | 'sla_breach', now: Date): Promise<boolean> {
  const ws = clock.workspaceId;
  const to = await recipients(ctx.db, ws, clock.assigneeId);
  const mails: OutboxEntry[] = [];
  const raised = await ctx.db.transaction(async (tx) => {
    const fresh = await insertNotification(tx, { workspaceId: ws, id: newId(), userId: clock.assigneeId, conversationId: clock.conversationId, kind, target: clock.target, dueAt: clock.dueAt });
    const column = clock.target === 'first_response' ? (kind === 'sla_warning' ? 'firstResponseWarnedAt' : 'firstResponseBreachedAt') : kind === 'sla_warning' ? 'resolutionWarnedAt' : 'resolutionBreachedAt';
    // A breach found without its warning (the job was down) settles the warning too: it is too late for one.
    await stampClock(tx, ws, clock.conversationId, column, now);
    if (kind === 'sla_breach' && !clock.warned) await stampClock(tx, ws, clock.conversationId, clock.target === 'first_response' ? 'firstResponseWarnedAt' : 'resolutionWarnedAt', now);
    if (!fresh) return false;
    const what = TARGET_WORDS[clock.target];
    const subject = kind === 'sla_warning' ? `SLA warning: ${what} due ${clock.dueAt.toISOString()} — ${clock.subject}` : `SLA breached: ${what} was due ${clock.dueAt.toISOString()} — ${clock.subject}`;
    for (const address of to) {
      mails.push(
        await sendMail(tx, ws, { to: address, subject: subject.slice(0, 300), text: `${subject}\n\nConversation ${clock.conversationId}`, kind: 'inbox_sla_alert' }, ctx),
      );
    }
    return true;
  });
  for (const m of mails) await m.deliver();
  return raised;
}

/**
 * One pass of the SLA watch over every workspace: for each unmet target, a warning once the workspace's
 * lead time before the due time has begun, and a breach alert once the due time has passed — each as an
 * in-app notification and e-mail, raised exactly once even when passes overlap.
 */
export async function runSlaSweep(ctx: AppContext, now = new Date()): Promise<{ warnings: number; breaches: number }> {
  let warnings = 0;
  let breaches = 0;
  for (const clock of await findDueClocks(ctx.db, now, SWEEP_BATCH)) {
    if (!clock.breached && clock.dueAt <= now) {
      if (await raise(ctx, clock, 'sla_breach', now)) breaches++;
    } else if (!clock.warned && clock.dueAt.getTime() - clock.warnBeforeMinutes * 60_000 <= now.getTime()) {
      if (await raise(ctx, clock, 'sla_warning', now)) warnings++;
    }
  }
  return { warnings, breaches };
}

export const slaSweepJob = defineJob({
  name: 'inbox-sla-sweep',
  payload: z.object({}),
  cron: '* * * * *',
  policy: 'singleton',
  handler: async (ctx) => {
    await runSlaSweep(ctx);
  },
});

/** The caller's notifications (theirs and those for everyone), newest first. */
export async function listNotifications(db: Db, actor: Actor, q: { unread?: 'true' | 'false'; limit: number }) {
  const unread = q.unread === undefined ? undefined : q.unread === 'true';
  return { data: (await findNotifications(db, actor.workspaceId, actor.userId ?? null, unread, q.limit)).map(presentNotification) };
}

export async function readNotification(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  if (!(await ctx.db.transaction((tx) => markNotificationRead(tx, actor.workspaceId, id)))) throw notFound('Notification');
}
