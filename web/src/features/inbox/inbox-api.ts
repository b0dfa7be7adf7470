import { client, ok, type ApiBody, type ApiData, type ApiItem } from '../../lib/api';
import { uploadForm } from '../../lib/upload';

// Shapes of the inbox endpoints, generated from src/inbox/*.schemas.ts; dates arrive as ISO strings.

export type Conversation = ApiData<'get', '/conversations/{id}'>;
export type Message = ApiItem<'/conversations/{id}/messages'>;
export type Inbox = ApiItem<'/inboxes'>;
export type CannedReply = ApiItem<'/canned-replies'>;
export type Viewer = ApiItem<'/conversations/{id}/viewers'>;
export type InboxSettings = ApiData<'get', '/inbox/settings'>;
export type CsatAfterResolution = InboxSettings['csatAfterResolution'];
export type CsatRequest = ApiItem<'/conversations/{id}/csat-survey'>;
export type Status = Conversation['status'];
export type Priority = Conversation['priority'];
export type Kind = Conversation['kind'];

export const STATUSES = ['open', 'pending', 'snoozed', 'resolved'] as const satisfies readonly Status[];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const satisfies readonly Priority[];
export const KINDS = ['message', 'follow_up'] as const satisfies readonly Kind[];

export const CSAT_MODES = ['off', 'on_resolve', 'manual'] as const satisfies readonly CsatAfterResolution['mode'][];

export const STATUS_TONE: Record<Status, 'info' | 'warn' | 'neutral' | 'good'> = { open: 'info', pending: 'warn', snoozed: 'neutral', resolved: 'good' };
export const PRIORITY_TONE: Record<Priority, 'neutral' | 'info' | 'warn' | 'bad'> = { low: 'neutral', normal: 'info', high: 'warn', urgent: 'bad' };

/** The list's filters, as they stand in the URL (`?status=open&priority=high`). */
export interface ConversationFilters {
  inboxId?: string;
  status?: Status;
  kind?: Kind;
  assignee?: string;
  tag?: string;
  priority?: Priority;
}

export const inboxKeys = {
  all: ['inbox'] as const,
  lists: ['inbox', 'list'] as const,
  list: (f: ConversationFilters) => ['inbox', 'list', f] as const,
  conversation: (id: string) => ['inbox', 'conversation', id] as const,
  messages: (id: string) => ['inbox', 'messages', id] as const,
  viewers: (id: string) => ['inbox', 'viewers', id] as const,
  draft: (id: string) => ['inbox', 'draft', id] as const,
  inboxes: ['inbox', 'inboxes'] as const,
  canned: ['inbox', 'canned'] as const,
  suggestions: (id: string) => ['inbox', 'suggestions', id] as const,
  settings: ['inbox', 'settings'] as const,
  csat: (id: string) => ['inbox', 'csat', id] as const,
};

/** Conversations per page of the list; "Load more" fetches the next page by its cursor. */
export const CONVERSATION_PAGE = 50;

export const fetchConversations = (f: ConversationFilters, cursor: string | undefined, signal?: AbortSignal) =>
  ok(client.GET('/conversations', { params: { query: { ...f, limit: CONVERSATION_PAGE, cursor } }, signal }));

export const fetchConversation = (id: string, signal?: AbortSignal) => ok(client.GET('/conversations/{id}', { params: { path: { id } }, signal }));

export const fetchMessages = (id: string, signal?: AbortSignal) =>
  ok(client.GET('/conversations/{id}/messages', { params: { path: { id }, query: { limit: 500 } }, signal }));

export const fetchInboxes = (signal?: AbortSignal) => ok(client.GET('/inboxes', { signal }));
export const fetchCannedReplies = (signal?: AbortSignal) => ok(client.GET('/canned-replies', { signal }));
export const fetchReplySuggestions = (id: string, signal?: AbortSignal) => ok(client.GET('/conversations/{id}/reply-suggestions', { params: { path: { id } }, signal }));

export const fetchInboxSettings = (signal?: AbortSignal) => ok(client.GET('/inbox/settings', { signal }));
export const fetchCsatRequests = (id: string, signal?: AbortSignal) => ok(client.GET('/conversations/{id}/csat-survey', { params: { path: { id } }, signal }));
export const sendCsatSurvey = (id: string) => ok(client.POST('/conversations/{id}/csat-survey', { params: { path: { id } } }));

export type ConversationPatch = ApiBody<'patch', '/conversations/{id}'>;

export const patchConversation = (id: string, body: ConversationPatch) => ok(client.PATCH('/conversations/{id}', { params: { path: { id } }, body }));

export const attachmentUrl = (conversationId: string, attachmentId: string) =>
  `/api/v1/conversations/${encodeURIComponent(conversationId)}/attachments/${encodeURIComponent(attachmentId)}`;

/** Local copy of a draft, so even a failed save or a server restart loses nothing. */
export const localDraftKey = (conversationId: string) => `kunde.inbox.draft.${conversationId}`;

export type ReplyFile = ApiData<'post', '/conversations/{id}/attachments'>;

/**
 * Uploads one file for a reply being written (multipart: the typed JSON client cannot send files).
 * Cookie sessions send their CSRF token like every write.
 */
export function uploadReplyFile(conversationId: string, file: File, csrfToken: string | null): Promise<ReplyFile> {
  return uploadForm<ReplyFile>(`/conversations/${encodeURIComponent(conversationId)}/attachments`, {}, file, file.name, csrfToken);
}

export const removeReplyFile = (conversationId: string, attachmentId: string) =>
  ok(client.DELETE('/conversations/{id}/attachments/{attachmentId}', { params: { path: { id: conversationId, attachmentId } } }));
