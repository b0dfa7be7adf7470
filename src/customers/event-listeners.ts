import type { AppContext } from '../platform/context.js';

/** One stored event as listeners see it, after its batch committed. */
export interface CommittedEvent {
  eventId: string;
  customerId: string;
  type: string;
  occurredAt: Date;
  properties: Record<string, unknown>;
}

export interface CommittedBatch {
  workspaceId: string;
  /** 'import' for historical loads: reacting to them as if they just happened would, e.g., survey everyone at once. */
  source: 'api' | 'import';
  events: CommittedEvent[];
}

export type EventListener = (ctx: AppContext, batch: CommittedBatch) => Promise<void>;

const listeners = new Map<string, EventListener>();

/**
 * Lets another domain react to stored events (e.g. survey triggers on `purchase`). Registered once
 * per process from src/modules.ts; registering a name again replaces it (tests).
 */
export function registerEventListener(name: string, listener: EventListener | undefined): void {
  if (listener) listeners.set(name, listener);
  else listeners.delete(name);
}

/**
 * Called by ingestEvents after the events committed. A listener's failure is logged and never fails
 * the write: the events are stored whatever a listener does.
 */
export async function notifyEventListeners(ctx: AppContext, batch: CommittedBatch): Promise<void> {
  if (batch.events.length === 0) return;
  for (const [name, listener] of listeners) {
    try {
      await listener(ctx, batch);
    } catch (err) {
      ctx.log.warn({ err, listener: name, workspaceId: batch.workspaceId }, 'event listener failed; the events are stored');
    }
  }
}
