import type { Db } from '../platform/db/client.js';

/**
 * The seam between answering and distribution: the response path knows tokens only through this
 * interface, which the e-mail invitations module registers (see registerInvitationResolver).
 */
export interface ResolvedInvitation {
  workspaceId: string;
  surveyId: string;
  /** Stored on the response; a second submit with the same token updates that response. */
  invitationId: string;
  customerId?: string;
  email?: string;
  externalId?: string;
  language?: string;
  /** Hidden fields the invitation carries (order id, agent…); the respondent's values cannot override them. */
  hidden?: Record<string, string>;
  channel?: string;
}

export interface InvitationResolver {
  /** The invitation a token stands for, or undefined for an unknown, expired or revoked token. Runs in the response's transaction. */
  resolve(tx: Db, token: string): Promise<ResolvedInvitation | undefined>;
  /** Called in the same transaction once the response is stored (e.g. mark the invitation responded). */
  onResponded?(tx: Db, invitation: ResolvedInvitation, response: { id: string; finished: boolean }): Promise<void>;
  /** The hosted page was opened with this token (records nothing but "opened": scanners open links too). */
  onOpened?(db: Db, token: string): Promise<void>;
}

let resolver: InvitationResolver | undefined;

/** Registers the invitation token resolver (one per process; registering again replaces it, for tests). */
export function registerInvitationResolver(r: InvitationResolver | undefined): void {
  resolver = r;
}

export const invitationResolver = (): InvitationResolver | undefined => resolver;
