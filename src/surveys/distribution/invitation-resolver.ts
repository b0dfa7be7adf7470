import { createHmac } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { sha256 } from '../../platform/ids.js';
import { serverSecret } from '../../platform/secrets/server-secret.js';
import type { InvitationResolver } from '../invitation-tokens.js';
import { findInvitationByTokenHash, markOpened, markResponded } from './distribution.queries.js';

/**
 * An invitation's token: 128 bits of HMAC-SHA256 over its id with a server key, base64url (22
 * characters, so `/s/<slug>?t=<token>` stays near 60 characters). Unguessable without the key;
 * the database keeps only sha256(token), and a reminder can repeat the same link.
 */
export async function tokenMaker(ctx: Pick<AppContext, 'db' | 'config'>): Promise<(invitationId: string) => string> {
  const key = await serverSecret(ctx, 'survey-invitation-tokens');
  return (id) => createHmac('sha256', key).update(id).digest().subarray(0, 16).toString('base64url');
}

export const tokenHash = (token: string): string => sha256(`survey-invitation:${token}`);

/** Links in previews and test sends carry this instead of a token: they open the survey but answer as nobody. */
export const TEST_TOKEN = 'test-send';

/**
 * The response path's view of invitations (registered from src/modules.ts): a token names its
 * invitation (customer, e-mail, language, hidden fields); a stored response marks the invitation
 * responded in the response's own transaction, so the log and the response never disagree.
 */
export const invitationResolver: InvitationResolver = {
  async resolve(tx, token) {
    if (token.length > 64) return undefined;
    const row = await findInvitationByTokenHash(tx, tokenHash(token));
    if (!row || row.status === 'skipped') return undefined;
    return {
      workspaceId: row.workspaceId,
      surveyId: row.surveyId,
      invitationId: row.id,
      customerId: row.customerId ?? undefined,
      email: row.email || undefined,
      language: row.sentLanguage ?? row.language ?? undefined,
      hidden: row.hidden,
      channel: 'email',
    };
  },
  async onResponded(tx, invitation, response) {
    await markResponded(tx, invitation.workspaceId, invitation.invitationId, response.id, response.finished);
  },
  async onOpened(db, token) {
    if (token.length <= 64) await markOpened(db, tokenHash(token));
  },
};
