import type { Db } from '../platform/db/client.js';
import { findConversationFacts, type ConversationFactRow } from './measures.queries.js';
import { serviceCalendar } from './routing/sla.service.js';
import { businessMsBetween, type ServiceCalendar } from './routing/business-hours.js';

export type { ConversationFactRow } from './measures.queries.js';
export { businessMsBetween, type ServiceCalendar };

/**
 * The inbox's facts for Analytics' metrics (first response, resolution, first-contact resolution, SLA,
 * backlog, volume, follow-ups): conversations started in [from, to) (their first customer message) with their clocks and reply counts,
 * and the workspace's service calendar to measure business time with.
 */
export async function getConversationFacts(db: Db, workspaceId: string, window: { from?: string; to?: string }): Promise<{ conversations: ConversationFactRow[]; calendar: ServiceCalendar }> {
  const [conversations, calendar] = await Promise.all([
    findConversationFacts(db, workspaceId, window.from ? new Date(window.from) : undefined, window.to ? new Date(window.to) : undefined),
    serviceCalendar(db, workspaceId),
  ]);
  return { conversations, calendar };
}
