import type { ApiData, ApiItem } from '../../lib/api';

// Shapes of the settings endpoints, generated from their route schemas (dates arrive as ISO strings).

export type Member = ApiItem<'/members'>;
export type Invitation = ApiItem<'/invitations'>;
export type InvitationStatus = Invitation['status'];
export type ApiKey = ApiItem<'/api-keys'>;
export type CreatedKey = ApiData<'post', '/api-keys'>;
export type AuditEntry = ApiItem<'/audit-log'>;
export type Job = ApiItem<'/jobs'>;
export type JobState = Job['state'];
export type JobList = ApiData<'get', '/jobs'>;
export type OutboxMessage = ApiItem<'/outbox'>;
export type Session = ApiItem<'/auth/sessions'>;

export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'failed', 'cancelled'] as const satisfies readonly JobState[];

export const settingsKeys = {
  workspace: ['workspace'] as const,
  customerSettings: ['customer-settings'] as const,
  members: ['members'] as const,
  invitations: ['invitations'] as const,
  apiKeys: ['api-keys'] as const,
  audit: (action: string) => ['audit-log', action] as const,
  jobs: (state: string) => ['jobs', state] as const,
  outbox: ['outbox'] as const,
  sessions: ['sessions'] as const,
};
