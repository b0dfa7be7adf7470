import type { RoutePlugin } from './platform/http/app.js';
import type { JobDefinition } from './platform/jobs/queue.js';
import { authRoutes } from './accounts/auth.routes.js';
import { apiKeyRoutes } from './accounts/api-keys.routes.js';
import { workspaceRoutes } from './accounts/workspace.routes.js';
import { profileRoutes } from './accounts/profile.routes.js';
import { memberRoutes } from './accounts/members.routes.js';
import { invitationRoutes } from './accounts/invitations.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { mailRoutes } from './platform/mail/mail.routes.js';
import { mailJobs } from './platform/mail/mail.jobs.js';
import { platformJobs } from './platform/jobs/platform.jobs.js';
import { jobRoutes } from './platform/jobs/jobs.routes.js';
import { segmentRoutes } from './customers/segments/segments.routes.js';
import { segmentJobs } from './customers/segments/segments.jobs.js';
import { personaRoutes } from './customers/personas/personas.routes.js';
import { importRoutes } from './imports/imports.routes.js';
import { importsJobs } from './imports/imports.jobs.js';
import { customerRoutes } from './customers/customers.routes.js';
import { eventRoutes } from './customers/events.routes.js';
import { customerAdminRoutes } from './customers/customer-admin.routes.js';
import { customerJobs } from './customers/customers.jobs.js';
import { demoJobs } from './demo/demo.jobs.js';
import { traitJobs } from './customers/traits.jobs.js';
import { surveyRoutes } from './surveys/surveys.routes.js';
import { publicSurveyRoutes } from './surveys/public-surveys.routes.js';
import { surveysJobs } from './surveys/surveys.jobs.js';
import { surveyResultRoutes } from './surveys/results.routes.js';
import { textRoutes } from './text/text.routes.js';
import { textJobs } from './text/text.jobs.js';
import { textExploreRoutes } from './text/explore.routes.js';
import type { DomainServices } from './platform/ports.js';
import { authenticateApiKey } from './accounts/api-keys.service.js';
import { authenticateSession } from './accounts/sessions.service.js';
import { recordAudit } from './audit/audit.service.js';
import { hostedPageRoutes } from './surveys/respondent/page.routes.js';
import { widgetApiRoutes, widgetAssetRoutes } from './surveys/respondent/widget.routes.js';
import { responseImportRoutes } from './surveys/import/response-import.routes.js';
import { registerResponseListener } from './surveys/response-listeners.js';
import { analyzeSurveyResponse } from './text/feed.js';
import { metricRoutes } from './analytics/metrics/metrics.routes.js';
import { scoreRollupJobs } from './analytics/metrics/score-rollups.jobs.js';
import { churnRoutes } from './analytics/churn/churn.routes.js';
import { churnJobs } from './analytics/churn/churn.jobs.js';
import { distributionRoutes } from './surveys/distribution/distribution.routes.js';
import { surveyTriggerRoutes } from './surveys/distribution/triggers.routes.js';
import { unsubscribeRoutes } from './surveys/distribution/unsubscribe.routes.js';
import { distributionJobs } from './surveys/distribution/distribution.jobs.js';
import { invitationResolver } from './surveys/distribution/invitation-resolver.js';
import { onInvitationMailOutcome } from './surveys/distribution/unsubscribe.service.js';
import { onCustomerEvents } from './surveys/distribution/triggers.service.js';
import { responseImportJobRoutes } from './surveys/import/response-import-jobs.routes.js';
import { responseImportJobs } from './surveys/import/response-import.jobs.js';
import { INVITATION_MAIL_KIND } from './surveys/distribution/send-invitations.js';
import { registerInvitationResolver } from './surveys/invitation-tokens.js';
import { surveyShareRoutes } from './surveys/share/share.routes.js';
import { registerMailOutcomeListener } from './platform/mail/mail-outcomes.js';
import { registerEventListener } from './customers/event-listeners.js';
import { retentionRoutes } from './analytics/churn/retention.routes.js';
import { clvRoutes } from './analytics/clv/clv.routes.js';
import { clvJobs } from './analytics/clv/clv.jobs.js';
import { reportRoutes } from './analytics/reports/reports.routes.js';
import { reportJobs } from './analytics/reports/reports.jobs.js';
import type { BackgroundServer } from './platform/ports.js';
import { inboxRoutes } from './inbox/inbox.routes.js';
import { smtpReceiver } from './inbox/smtp-receiver.js';
import { openFollowUp } from './inbox/follow-ups.js';
import { realtimeRoutes } from './inbox/realtime.routes.js';
import { cannedReplyRoutes } from './inbox/canned-replies.routes.js';
import { routingRoutes } from './inbox/routing/routing.routes.js';
import { slaSweepJob } from './inbox/routing/sla-alerts.js';
import { routingSweepJob } from './inbox/routing/route-pending.js';
import { snoozeWakeupJob } from './inbox/snooze-wakeup.js';
import { supportMetricRoutes } from './analytics/metrics/support-metrics.routes.js';
import { socialEngagementRoutes } from './analytics/metrics/social-engagement.routes.js';
import { chatSettingsRoutes } from './inbox/chat/chat.routes.js';
import { chatPublicRoutes } from './inbox/chat/chat-public.routes.js';
import { sendTranscriptOnResolve } from './inbox/chat/chat-transcript.js';
import { onConversationResolved } from './inbox/conversations.service.js';
import { webhookRoutes } from './inbox/webhooks/webhooks.routes.js';
import { replyAttachmentRoutes } from './inbox/reply-attachments.routes.js';
import { INBOX_MAIL_ATTACHMENTS, loadInboxMailAttachments, staleUploadSweepJob } from './inbox/reply-attachments.js';
import { registerMailAttachmentSource } from './platform/mail/mail-attachments.js';
import { webhookJobs } from './inbox/webhooks/webhooks.jobs.js';
import { conversationResolved } from './inbox/webhooks/webhook-events.js';
import { csatRoutes } from './inbox/csat/csat.routes.js';
import { csatOnResolve, recordCsatAnswer } from './inbox/csat/csat.service.js';

/** Every domain's HTTP routes, mounted under /api/v1. */
export const allRoutes: RoutePlugin[] = [authRoutes, apiKeyRoutes, workspaceRoutes, profileRoutes, memberRoutes, invitationRoutes, auditRoutes, mailRoutes, jobRoutes, segmentRoutes, personaRoutes, importRoutes, customerRoutes, eventRoutes, customerAdminRoutes, surveyRoutes, publicSurveyRoutes, surveyResultRoutes, textRoutes, responseImportRoutes];

/** Every background job any process may run. */
export const allJobs: JobDefinition[] = [...platformJobs, ...mailJobs, ...segmentJobs, ...importsJobs, ...customerJobs, ...demoJobs, ...surveysJobs, ...textJobs, ...traitJobs];

/** What the platform calls back into domains for (see src/platform/ports.ts). */
export const domainServices: DomainServices = {
  credentials: { apiKey: authenticateApiKey, session: authenticateSession },
  audit: recordAudit,
};
allRoutes.push(textExploreRoutes);
// Respondent pages outside /api (the hosted survey page, /widget.js) and the widget's public API.
allRoutes.push(hostedPageRoutes, widgetAssetRoutes, widgetApiRoutes);
// Text analytics reads every synced response's comments (idempotent by response and question).
registerResponseListener('text-analytics', analyzeSurveyResponse);
// CX metrics (NPS, CSAT, CES, response rate) under /api/v1/metrics.
allRoutes.push(metricRoutes);
allJobs.push(...scoreRollupJobs);
// Churn risk, churn and retention metrics, CLV (src/analytics/churn, src/analytics/clv).
allRoutes.push(churnRoutes);
allRoutes.push(retentionRoutes);
allJobs.push(...churnJobs);
allRoutes.push(clvRoutes);
allJobs.push(...clvJobs);
// Reports: the scheduled e-mail digest (src/analytics/reports).
allRoutes.push(reportRoutes);
allJobs.push(...reportJobs);
// Survey distribution: e-mail invitations, their tokens, delivery outcomes and event triggers.
allRoutes.push(distributionRoutes, surveyTriggerRoutes, unsubscribeRoutes);
// Survey links and QR codes per channel, touchpoint and source.
allRoutes.push(surveyShareRoutes);
allJobs.push(...distributionJobs);
registerInvitationResolver(invitationResolver);
registerMailOutcomeListener(INVITATION_MAIL_KIND, onInvitationMailOutcome);
registerEventListener('survey-triggers', onCustomerEvents);

// The inbox: its API, the SMTP receiver (`kunde serve` with SMTP_INBOUND_PORT), detractor follow-ups.
allRoutes.push(inboxRoutes);
/** Listeners besides HTTP that `kunde serve` starts (each decides from the config whether it runs). */
export const backgroundServers: BackgroundServer[] = [smtpReceiver];
registerResponseListener('inbox-follow-up', openFollowUp);

// Historical survey answers imported from the dashboard as a job (src/surveys/import).
allRoutes.push(responseImportJobRoutes);
allJobs.push(...responseImportJobs);
// The inbox's live channel (SSE, presence, drafts) and canned replies.
allRoutes.push(realtimeRoutes, cannedReplyRoutes);
// Inbox routing: auto-tag rules, team assignment, SLA clocks and alerts (src/inbox/routing).
allRoutes.push(routingRoutes);
allJobs.push(slaSweepJob, routingSweepJob);
// Snoozed conversations open again when their snooze runs out (every minute).
allJobs.push(snoozeWakeupJob);
// Support metrics from the inbox: /metrics/first-response-time, resolution-time, fcr, sla, follow-up, backlog.
allRoutes.push(supportMetricRoutes);
allRoutes.push(socialEngagementRoutes);
// Website chat: chat inbox settings, the visitor's public API (/chat.js is served beside /widget.js), transcripts.
allRoutes.push(chatSettingsRoutes, chatPublicRoutes);
onConversationResolved(sendTranscriptOnResolve);
// Signed outgoing webhooks for new messages and conversations created or resolved (src/inbox/webhooks).
allRoutes.push(webhookRoutes);
allJobs.push(...webhookJobs);
onConversationResolved(conversationResolved);
// CSAT after resolution through Surveys' invitations and fatigue rules (src/inbox/csat).
allRoutes.push(csatRoutes);
onConversationResolved(csatOnResolve);
registerResponseListener('inbox-csat', recordCsatAnswer);
// Files attached to agent replies: uploaded first, sent by reference through the mail outbox.
allRoutes.push(replyAttachmentRoutes);
allJobs.push(staleUploadSweepJob);
registerMailAttachmentSource(INBOX_MAIL_ATTACHMENTS, loadInboxMailAttachments);
