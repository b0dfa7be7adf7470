import { z } from 'zod';

export const ZReplySuggestion = z.object({
  /** The resolved conversation the reply comes from. */
  conversationId: z.uuid(),
  messageId: z.uuid(),
  subject: z.string(),
  /** The reply as it was sent, without the @mentions that addressed that other customer. */
  text: z.string(),
  /** Cosine similarity (0–1) of the customer's words here and there. */
  score: z.number(),
});
export const ZReplySuggestions = z.object({ data: z.array(ZReplySuggestion) });
export type TReplySuggestion = z.infer<typeof ZReplySuggestion>;
