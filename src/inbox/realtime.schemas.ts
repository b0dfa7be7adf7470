import { z } from 'zod';

export const ZViewer = z.object({ userId: z.uuid(), name: z.string(), expiresAt: z.string() });
export const ZViewerList = z.object({ data: z.array(ZViewer) });

export const ZPresence = z.object({
  /** The conversation on screen, or null when the agent left it. */
  conversationId: z.uuid().nullable(),
});
export type TPresence = z.infer<typeof ZPresence>;

/** The stream's answer to a client that does not ask for text/event-stream. */
export const ZStreamInfo = z.object({
  stream: z.literal('text/event-stream'),
  events: z.array(z.string()),
});

export const ZDraft = z.object({
  /** Empty when there is no draft. */
  text: z.string(),
  updatedAt: z.date().nullable(),
});
export type TDraft = z.infer<typeof ZDraft>;
export const ZDraftPut = z.object({
  /** An empty text deletes the draft. */
  text: z.string().max(50_000),
});
