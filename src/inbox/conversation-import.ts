import type { Actor, AppContext } from '../platform/context.js';
import type { TEventInput } from '../customers/customers.schemas.js';
import { describeIssues } from '../customers/ingest.service.js';
import { storeMessages, type IncomingMessage } from './store-messages.js';
import { ZImportMessage, type TImportMessage, type TImportResult } from './inbox.schemas.js';
import type { InboxRow } from './inbox.queries.js';

/**
 * Threads of a message export (support tweets, reviews with replies): every message's conversation is
 * its thread's root — the topmost ancestor the export holds, or the missing parent that topmost one
 * answers — and the thread's customer is the author of its first inbound message. Built from parent
 * ids alone, before any message is stored, so a reply listed before its parent (as in the twcs
 * files) still lands in its parent's conversation.
 */
export class ThreadIndex {
  private readonly parent = new Map<string, string>();
  private readonly known = new Set<string>();
  private readonly rootMemo = new Map<string, string>();
  private readonly firstInbound = new Map<string, string>();

  add(m: { messageId: string; inReplyTo?: string; inbound: boolean; author: string }): void {
    this.known.add(m.messageId);
    if (m.inReplyTo && m.inReplyTo !== m.messageId) this.parent.set(m.messageId, m.inReplyTo);
    if (m.inbound && !this.firstInbound.has(m.messageId)) this.firstInbound.set(m.messageId, m.author);
  }

  /** Call after every message was added: fixes each thread's customer. */
  seal(): this {
    const customerOf = new Map<string, string>();
    for (const [id, author] of this.firstInbound) {
      const root = this.rootOf(id);
      if (!customerOf.has(root)) customerOf.set(root, author);
    }
    this.threadCustomer = customerOf;
    this.firstInbound.clear();
    return this;
  }

  private threadCustomer = new Map<string, string>();

  rootOf(id: string): string {
    const memo = this.rootMemo.get(id);
    if (memo) return memo;
    const path: string[] = [];
    let cur = id;
    const onPath = new Set<string>();
    // Walk up while the parent is in the export; a cycle (corrupt data) stops at the repeat.
    for (;;) {
      path.push(cur);
      onPath.add(cur);
      const p = this.parent.get(cur);
      if (!p || onPath.has(p)) break;
      const m = this.rootMemo.get(p);
      if (m) {
        cur = m;
        break;
      }
      if (!this.known.has(p)) {
        cur = p;
        break;
      }
      cur = p;
    }
    for (const x of path) this.rootMemo.set(x, cur);
    return cur;
  }

  customerOf(root: string): string | undefined {
    return this.threadCustomer.get(root);
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An author as an identity: an e-mail address, else a handle on the inbox's network. */
export function authorIdentity(inbox: InboxRow, author: string): TEventInput['customer'] {
  return EMAIL.test(author) ? { email: author } : { social: { [inbox.channel]: author } };
}

/** "@115712 Please send us…" → "115712": whom a reply from the brand was addressed to. */
const firstMention = (text: string): string | undefined => /(?:^|\s)@([A-Za-z0-9_]{1,50})/.exec(text)?.[1];

/**
 * Stores a batch of exported messages (≤ 1,000), each as one message, threaded by `threads`.
 * Returns how many were new and how many the inbox already held (a re-import stores nothing twice).
 */
export async function importMessageBatch(ctx: AppContext, actor: Actor, inbox: InboxRow, batch: TImportMessage[], threads: ThreadIndex) {
  const items: IncomingMessage[] = batch.map((m) => {
    const threadKey = threads.rootOf(m.messageId);
    const customerHandle = threads.customerOf(threadKey) ?? (m.inbound ? m.author : firstMention(m.text));
    return {
      direction: m.inbound ? 'in' : 'out',
      text: m.text,
      fullText: m.text,
      subject: m.subject ?? '',
      sender: m.author,
      contact: customerHandle ?? null,
      customer: customerHandle ? authorIdentity(inbox, customerHandle) : null,
      externalId: m.messageId,
      inReplyTo: m.inReplyTo ?? null,
      references: [],
      sentAt: m.sentAt ? new Date(m.sentAt) : new Date(),
      threadKey,
    };
  });
  const stored = await storeMessages(ctx, actor, inbox, items);
  return { imported: stored.filter((s) => s.created).length, duplicates: stored.filter((s) => !s.created).length, conversations: new Set(stored.map((s) => s.conversationId)) };
}

/** POST /conversations/import: one batch, threaded within itself and against what the inbox holds. */
export async function importConversations(ctx: AppContext, actor: Actor, inbox: InboxRow, raw: unknown[]): Promise<TImportResult> {
  const rejected: TImportResult['rejected'] = [];
  const valid: TImportMessage[] = [];
  raw.forEach((r, index) => {
    const p = ZImportMessage.safeParse(r);
    if (p.success) valid.push(p.data);
    else rejected.push({ index, error: describeIssues(p.error) });
  });
  if (valid.length === 0) return { imported: 0, duplicates: 0, conversations: 0, rejected };
  const threads = new ThreadIndex();
  for (const m of valid) threads.add(m);
  threads.seal();
  const out = await importMessageBatch(ctx, actor, inbox, valid, threads);
  await ctx.audit(ctx.db, actor, { action: 'inbox.import.completed', targetType: 'inbox', targetId: inbox.id, details: { imported: out.imported, duplicates: out.duplicates, rejected: rejected.length, via: 'api' } });
  return { imported: out.imported, duplicates: out.duplicates, conversations: out.conversations.size, rejected };
}
