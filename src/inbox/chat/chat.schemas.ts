import { z } from 'zod';

/** Longest chat message a visitor may send (a chat is not a letter; mail has its own limit). */
export const MAX_CHAT_CHARS = 5000;

const ZLanguage = z.string().trim().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag like "en" or "da"');
const ZColor = z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f6feb');

export const ZChatSettings = z.object({
  inboxId: z.uuid(),
  color: ZColor,
  greetings: z.record(ZLanguage, z.string().trim().min(1).max(300)),
  businessHoursOnly: z.boolean(),
  transcriptOnResolve: z.boolean(),
  requireIdentityHash: z.boolean(),
  /** The key a site's server signs identities with: HMAC-SHA256(secret, email or externalId), hex. */
  identitySecret: z.string(),
  /** The HTML to paste before </body> on every page of the site. */
  snippet: z.string(),
});
export type TChatSettings = z.infer<typeof ZChatSettings>;

export const ZChatSettingsPatch = z
  .object({
    color: ZColor,
    greetings: z.record(ZLanguage, z.string().trim().min(1).max(300)).refine((g) => Object.keys(g).length <= 40, 'at most 40 languages'),
    businessHoursOnly: z.boolean(),
    transcriptOnResolve: z.boolean(),
    requireIdentityHash: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'send at least one setting');
export type TChatSettingsPatch = z.infer<typeof ZChatSettingsPatch>;

// ---- What the visitor's browser sends and receives (public, no credentials) ----

export const ZChatWorkspaceParams = z.object({ workspaceId: z.uuid() });
export const ZChatConversationParams = z.object({ workspaceId: z.uuid(), id: z.uuid() });

export const ZChatConfigQuery = z.object({ inbox: z.uuid().optional(), lang: z.string().max(35).optional() });

export const ZChatConfig = z.object({
  inboxId: z.uuid(),
  color: z.string(),
  greeting: z.string(),
  language: z.string(),
  /** False outside business hours or when no agent is online: the visitor gets the offline form. */
  online: z.boolean(),
  text: z.record(z.string(), z.string()).describe('Built-in strings of the chat window in the visitor language'),
});

const ZVisitorIdentity = z.object({
  email: z.email().max(320).optional(),
  externalId: z.string().trim().min(1).max(200).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  /** HMAC-SHA256(identity secret, externalId ?? email), hex: required when the inbox verifies identities. */
  hash: z.string().trim().regex(/^[0-9a-f]{64}$/i, 'hex HMAC-SHA256').optional(),
});
export type TVisitorIdentity = z.infer<typeof ZVisitorIdentity>;

export const ZChatIdentify = ZVisitorIdentity.extend({ anonymousId: z.string().trim().min(1).max(200).optional() }).refine((v) => v.email || v.externalId, { message: 'needs email or externalId', path: ['email'] });

export const ZChatStart = z.object({
  inboxId: z.uuid().optional(),
  text: z.string().trim().min(1).max(MAX_CHAT_CHARS),
  /** The widget's anonymous visitor id: the profile an unidentified visitor's events build up. */
  anonymousId: z.string().trim().min(1).max(200),
  visitor: ZVisitorIdentity.optional(),
  language: ZLanguage.optional(),
  url: z.url().max(2000).optional(),
});
export type TChatStart = z.infer<typeof ZChatStart>;

export const ZChatOffline = z.object({
  inboxId: z.uuid().optional(),
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320),
  text: z.string().trim().min(1).max(MAX_CHAT_CHARS),
  anonymousId: z.string().trim().min(1).max(200).optional(),
  language: ZLanguage.optional(),
});
export type TChatOffline = z.infer<typeof ZChatOffline>;

export const ZChatSend = z.object({ text: z.string().trim().min(1).max(MAX_CHAT_CHARS) });

export const ZChatTranscriptRequest = z.object({ email: z.email().max(320).optional() });

export const ZChatMessage = z.object({
  id: z.uuid(),
  /** `in`: the visitor wrote it; `out`: the team. */
  direction: z.enum(['in', 'out']),
  text: z.string(),
  /** A string, not a date: a replayed idempotent reply is the stored JSON. */
  sentAt: z.iso.datetime(),
});
export type TChatMessage = z.infer<typeof ZChatMessage>;

export const ZChatMessagesQuery = z.object({ after: z.uuid().optional() });
export const ZChatMessages = z.object({ status: z.string(), data: z.array(ZChatMessage) });

export const ZChatStarted = z.object({
  conversationId: z.uuid(),
  /** Proves the visitor's right to this conversation: send it as `X-Chat-Token` (or `?token=` on the event stream). */
  token: z.string(),
  messages: z.array(ZChatMessage),
});

export const ZChatTokenQuery = z.object({ token: z.string().max(200).optional() });
