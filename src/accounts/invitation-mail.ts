import type { OutgoingMail } from '../platform/mail/mail.service.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
// Workspace and inviter names are typed by people; they must not become markup in someone's inbox.
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

export interface InvitationMailInput {
  to: string;
  workspaceName: string;
  role: string;
  link: string;
  expiresAt: Date;
  /** Who invited, when a person did (API-key invitations name only the workspace). */
  inviter?: string;
}

/** The e-mail carrying an invitation link; plain text first, since it is what the outbox shows. */
export function invitationMail(i: InvitationMailInput): OutgoingMail {
  const who = i.inviter ?? 'A colleague';
  const expires = i.expiresAt.toUTCString();
  const text = [
    `${who} invited you to join the workspace "${i.workspaceName}" on Kunde as ${i.role}.`,
    '',
    `Accept the invitation: ${i.link}`,
    '',
    `The link can be used once and expires on ${expires}. If you did not expect this e-mail, ignore it.`,
  ].join('\n');
  const html = [
    `<p>${escapeHtml(who)} invited you to join the workspace <strong>${escapeHtml(i.workspaceName)}</strong> on Kunde as ${escapeHtml(i.role)}.</p>`,
    `<p><a href="${escapeHtml(i.link)}">Accept the invitation</a></p>`,
    `<p>The link can be used once and expires on ${escapeHtml(expires)}. If you did not expect this e-mail, ignore it.</p>`,
  ].join('\n');
  return { to: i.to, subject: `You are invited to ${i.workspaceName} on Kunde`, text, html, kind: 'invitation' };
}
