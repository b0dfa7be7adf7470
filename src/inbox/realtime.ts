import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { AppContext } from '../platform/context.js';
import type { Database } from '../platform/db/client.js';
import { randomToken } from '../platform/ids.js';

/**
 * What a connected dashboard hears about its workspace. Events carry ids, not content: the browser
 * refetches what changed through the ordinary permission-checked routes, so an event can never leak
 * text, and a NOTIFY payload stays far below PostgreSQL's 8,000-byte limit.
 */
export type InboxEvent =
  | { type: 'conversation'; conversationId: string; reason: 'message' | 'updated' | 'created' }
  | { type: 'presence'; conversationId: string | null; userId: string; name: string; expiresAt: string; canReply?: boolean };

export interface Viewer {
  userId: string;
  name: string;
  expiresAt: string;
}

/** A presence heartbeat lasts this long; the page renews it every 20 s while a conversation is open. */
export const PRESENCE_TTL_MS = 45_000;
const CHANNEL = 'kunde_inbox';

/**
 * One hub per database handle (a process has one; tests open many). Local subscribers hear local
 * publishes at once. On PostgreSQL every publish is also sent with NOTIFY, and each process with
 * subscribers LISTENs on one dedicated connection, so a message stored by a worker, the SMTP receiver
 * of another process or `kunde inbox deliver` reaches every server's dashboards. Echoes of a process's
 * own NOTIFYs are dropped by origin. PGlite is single-process (the data directory is locked), so the
 * local emitter is all it needs.
 */
class RealtimeHub {
  readonly origin = randomToken(12);
  private readonly emitter = new EventEmitter();
  /** workspace → presence key → what that person views. */
  private readonly presence = new Map<string, Map<string, { conversationId: string | null; name: string; expiresAt: number; canReply: boolean }>>();
  private listener?: pg.Client;
  private listening?: Promise<void>;
  private closed = false;

  constructor(private readonly database: Database) {
    this.emitter.setMaxListeners(0);
  }

  subscribe(workspaceId: string, fn: (e: InboxEvent) => void): () => void {
    this.emitter.on(workspaceId, fn);
    if (this.database.kind === 'postgres') void this.listen();
    return () => this.emitter.off(workspaceId, fn);
  }

  /** Resolves once this process hears other processes (immediately on PGlite). */
  async ready(): Promise<void> {
    if (this.database.kind === 'postgres') await this.listen();
  }

  publish(workspaceId: string, event: InboxEvent, log?: AppContext['log']): void {
    this.deliver(workspaceId, event);
    if (this.database.kind !== 'postgres' || this.closed) return;
    const payload = JSON.stringify({ o: this.origin, w: workspaceId, e: event });
    this.database.raw.query('select pg_notify($1, $2)', [CHANNEL, payload]).catch((err: unknown) => log?.warn({ err }, 'inbox event not sent to other processes'));
  }

  viewers(workspaceId: string, conversationId: string): Viewer[] {
    const now = Date.now();
    const out: Viewer[] = [];
    for (const [userId, p] of this.presence.get(workspaceId) ?? []) {
      if (p.conversationId === conversationId && p.expiresAt > now) out.push({ userId, name: p.name, expiresAt: new Date(p.expiresAt).toISOString() });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * How many people who may reply have the inbox open right now (a presence heartbeat within its TTL,
   * whatever they view): what the website chat calls "an agent is online". Viewers do not count. On PostgreSQL this starts listening, so
   * presence said to another process is heard from then on.
   */
  onlineCount(workspaceId: string): number {
    if (this.database.kind === 'postgres') void this.listen();
    const now = Date.now();
    let n = 0;
    for (const p of this.presence.get(workspaceId)?.values() ?? []) if (p.expiresAt > now && p.canReply) n++;
    return n;
  }

  private deliver(workspaceId: string, event: InboxEvent): void {
    if (event.type === 'presence') {
      const map = this.presence.get(workspaceId) ?? new Map();
      this.presence.set(workspaceId, map);
      const now = Date.now();
      for (const [k, p] of map) if (p.expiresAt <= now) map.delete(k);
      map.set(event.userId, { conversationId: event.conversationId, name: event.name, expiresAt: Date.parse(event.expiresAt), canReply: event.canReply ?? true });
    }
    this.emitter.emit(workspaceId, event);
  }

  private listen(): Promise<void> {
    if (this.listening) return this.listening;
    const pool = this.database.pool;
    if (!pool || this.closed) return Promise.resolve();
    const client = new pg.Client(pool.options);
    this.listener = client;
    this.listening = (async () => {
      client.on('notification', (msg) => {
        try {
          const { o, w, e } = JSON.parse(msg.payload ?? '') as { o: string; w: string; e: InboxEvent };
          if (o !== this.origin) this.deliver(w, e);
        } catch {
          /* not ours */
        }
      });
      // A dropped connection is reopened by the next subscriber; dashboards refetch on reconnect anyway.
      client.on('error', () => this.reset(client));
      client.on('end', () => this.reset(client));
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
    })().catch(() => this.reset(client));
    return this.listening;
  }

  private reset(client: pg.Client): void {
    if (this.listener !== client) return;
    this.listener = undefined;
    this.listening = undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.emitter.removeAllListeners();
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => {});
  }
}

const hubs = new WeakMap<Database, RealtimeHub>();

export function realtimeHub(database: Database): RealtimeHub {
  let hub = hubs.get(database);
  if (!hub) {
    hub = new RealtimeHub(database);
    hubs.set(database, hub);
  }
  return hub;
}

export async function closeRealtimeHub(database: Database): Promise<void> {
  const hub = hubs.get(database);
  hubs.delete(database);
  await hub?.close();
}

/**
 * Tells connected dashboards that conversations changed. Called after commit, never inside a
 * transaction (a rolled-back change must not be announced), and never throws: a lost event costs a
 * refresh, not a write.
 */
export function announceConversations(ctx: AppContext, workspaceId: string, conversationIds: Iterable<string>, reason: 'message' | 'updated' | 'created'): void {
  try {
    const hub = realtimeHub(ctx.database);
    for (const id of new Set(conversationIds)) hub.publish(workspaceId, { type: 'conversation', conversationId: id, reason }, ctx.log);
  } catch (err) {
    ctx.log.warn({ err }, 'inbox event not announced');
  }
}
