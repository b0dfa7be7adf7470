import type { Role } from '../../lib/session';

// Shapes of the settings endpoints (dates arrive as ISO strings).

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  invitedBy?: string | null;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
  status: InvitationStatus;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AuditEntry {
  id: string;
  actorType: string;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
  createdAt: string;
}

export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface Job {
  id: string;
  queue: string;
  state: JobState;
  retryCount: number;
  retryLimit: number;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  error: unknown;
}

export interface JobList {
  data: Job[];
  counts: Record<JobState, number>;
}

export interface OutboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  kind: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export const settingsKeys = {
  workspace: ['workspace'] as const,
  members: ['members'] as const,
  invitations: ['invitations'] as const,
  apiKeys: ['api-keys'] as const,
  audit: (action: string) => ['audit-log', action] as const,
  jobs: (state: string) => ['jobs', state] as const,
  outbox: ['outbox'] as const,
};
