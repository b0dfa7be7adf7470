import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import type { JobQueue } from './jobs/queue.js';
import type { Role } from './auth/roles.js';
import type { AuditRecorder, CredentialResolver } from './ports.js';

/** Long-lived dependencies every service receives; built once per process. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  jobs: JobQueue;
  log: FastifyBaseLogger;
  /** Resolves API keys and session cookies; implemented by the accounts domain (registered in src/modules.ts). */
  credentials: CredentialResolver;
  /** Appends audit entries; implemented by the audit domain (registered in src/modules.ts). */
  audit: AuditRecorder;
}

/** Who is calling, in which workspace, with which role, from where. */
export interface Actor {
  kind: 'user' | 'api_key' | 'system';
  workspaceId: string;
  role: Role;
  userId?: string;
  apiKeyId?: string;
  sessionId?: string;
  /** e-mail of a user or name of a key, kept in audit entries so they stay readable after deletion. */
  label: string;
  ip?: string;
  userAgent?: string;
  /** Present for browser sessions: the token cookie-authenticated writes must echo. */
  csrfToken?: string;
}

export const systemActor = (workspaceId: string, label = 'system'): Actor => ({
  kind: 'system',
  workspaceId,
  role: 'owner',
  label,
});
