import type { AppContext } from '../context.js';

/** What became of one outbox mail: delivered to the SMTP server, or finally failed (bounced or retries exhausted). */
export interface MailOutcome {
  workspaceId: string;
  outboxId: string;
  kind: string;
  status: 'sent' | 'failed';
  error?: string;
  /** The server refused the mail for good (a 5xx reply, e.g. "550 no such user"): a bounce, not a hiccup. */
  isPermanent?: boolean;
}

export type MailOutcomeListener = (ctx: AppContext, outcome: MailOutcome) => Promise<void>;

const listeners = new Map<string, MailOutcomeListener>();

/**
 * Lets a domain follow its mails (e.g. survey invitations record sent, failed and bounced). The
 * platform knows listeners only by this interface; domains register in src/modules.ts.
 */
export function registerMailOutcomeListener(kind: string, listener: MailOutcomeListener | undefined): void {
  if (listener) listeners.set(kind, listener);
  else listeners.delete(kind);
}

/** Tells the listener of the mail's kind; its failure is logged, never undoes the delivery record. */
export async function notifyMailOutcome(ctx: AppContext, outcome: MailOutcome): Promise<void> {
  const listener = listeners.get(outcome.kind);
  if (!listener) return;
  try {
    await listener(ctx, outcome);
  } catch (err) {
    ctx.log.warn({ err, outboxId: outcome.outboxId, kind: outcome.kind }, 'mail outcome listener failed');
  }
}
