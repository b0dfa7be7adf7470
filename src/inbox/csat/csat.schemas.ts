import { z } from 'zod';
import { CSAT_SEND_STATUSES, CSAT_TRIGGERS } from './csat.tables.js';

export const ZConversationCsat = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  /** The resolution it was asked for (one per resolution). */
  resolvedAt: z.date(),
  trigger: z.enum(CSAT_TRIGGERS),
  /** pending: stored, not yet handed to delivery (asking again retries it). */
  status: z.enum(CSAT_SEND_STATUSES),
  /** Why it was not sent: auto_resolved, recently_asked, unknown_customer, or a Surveys reason (recently_surveyed, no_consent, no_email, unsubscribed…). */
  reason: z.string().nullable(),
  delivery: z.enum(['email', 'chat']).nullable(),
  surveyId: z.uuid().nullable(),
  invitationId: z.uuid().nullable(),
  /** Carried by the response: conversationId, caseId, csatId, agent (assignee id), team, channel. */
  hidden: z.record(z.string(), z.string()),
  requestedBy: z.string(),
  sentAt: z.date().nullable(),
  responseId: z.uuid().nullable(),
  score: z.number().int().nullable(),
  scaleMin: z.number().int().nullable(),
  scaleMax: z.number().int().nullable(),
  answeredAt: z.date().nullable(),
  createdAt: z.date(),
});
export type TConversationCsat = z.infer<typeof ZConversationCsat>;
export const ZConversationCsatList = z.object({ data: z.array(ZConversationCsat) });
