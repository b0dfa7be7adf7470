import type { Db } from './db/client.js';
import type { Actor, AppContext } from './context.js';

/*
 * What the platform needs from domains, as interfaces: the platform sits at the bottom and never imports a
 * domain. Each domain registers its implementation in src/modules.ts, and the runtime puts them on the
 * AppContext.
 */

/** How long a browser session lives: `idleHours` without use, and never longer than `maxAgeDays` after sign-in. */
export interface SessionLifetime {
  idleHours: number;
  maxAgeDays: number;
}

export type SessionActor = Actor & { csrfToken: string };

/** Turns credentials into a caller; `undefined` for anything unknown, revoked or expired. */
export interface CredentialResolver {
  apiKey(db: Db, key: string): Promise<Actor | undefined>;
  session(db: Db, token: string, lifetime: SessionLifetime): Promise<SessionActor | undefined>;
}

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

/** Appends one audit entry; pass the use case's transaction so the entry commits with the change. */
export type AuditRecorder = (db: Db, actor: Actor, entry: AuditEntry) => Promise<void>;

/** Everything the domains provide to the platform. */
export interface DomainServices {
  credentials: CredentialResolver;
  audit: AuditRecorder;
}

/**
 * A listener besides HTTP that a domain runs inside `kunde serve` (the inbox's SMTP receiver). `start`
 * returns undefined when its configuration leaves it off; the returned handle is closed on shutdown.
 */
export interface BackgroundServer {
  name: string;
  start(ctx: AppContext): Promise<RunningServer | undefined>;
}

export interface RunningServer {
  /** Where it listens, for the start-up log. */
  address: string;
  close(): Promise<void>;
}
