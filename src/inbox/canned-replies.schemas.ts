import { z } from 'zod';

/** What a canned reply may say about the conversation; anything else in {{…}} is refused when saving. */
export const PLACEHOLDERS = [
  'customer.firstName',
  'customer.lastName',
  'customer.name',
  'customer.email',
  'agent.name',
  'agent.firstName',
  'agent.email',
  'conversation.subject',
  'workspace.name',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** `{{ customer.firstName }}` or `{{customer.firstName|there}}` (the text after | stands in when the value is unknown). */
export const PLACEHOLDER_PATTERN = /\{\{\s*([a-zA-Z.]+)\s*(?:\|([^}]*))?\}\}/g;

const ZLanguage = z.string().trim().toLowerCase().regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/, 'must be a language code like "en" or "pt-br"');

const ZBodies = z
  .record(ZLanguage, z.string().trim().min(1).max(20_000))
  .refine((b) => Object.keys(b).length >= 1 && Object.keys(b).length <= 30, 'give the text in 1 to 30 languages')
  .superRefine((bodies, ctx) => {
    for (const [lang, text] of Object.entries(bodies)) {
      for (const m of text.matchAll(PLACEHOLDER_PATTERN)) {
        if (!(PLACEHOLDERS as readonly string[]).includes(m[1])) ctx.addIssue({ code: 'custom', path: [lang], message: `unknown placeholder {{${m[1]}}}; use one of ${PLACEHOLDERS.join(', ')}` });
      }
    }
  });

export const ZNewCannedReply = z.object({
  name: z.string().trim().min(1).max(120),
  bodies: ZBodies,
});
export type TNewCannedReply = z.infer<typeof ZNewCannedReply>;

export const ZCannedReplyPatch = ZNewCannedReply.partial().refine((v) => Object.keys(v).length > 0, 'send at least one field to change');
export type TCannedReplyPatch = z.infer<typeof ZCannedReplyPatch>;

export const ZCannedReply = z.object({
  id: z.uuid(),
  name: z.string(),
  bodies: z.record(z.string(), z.string()),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TCannedReply = z.infer<typeof ZCannedReply>;
export const ZCannedReplyList = z.object({ data: z.array(ZCannedReply), placeholders: z.array(z.string()) });

export const ZRenderParams = z.object({ id: z.uuid(), replyId: z.uuid() });
export const ZRenderQuery = z.object({
  /** Overrides the conversation's language. */
  language: ZLanguage.optional(),
});
export const ZRenderedReply = z.object({
  cannedReplyId: z.uuid(),
  /** The language whose text was used. */
  language: z.string(),
  text: z.string(),
});
export type TRenderedReply = z.infer<typeof ZRenderedReply>;
