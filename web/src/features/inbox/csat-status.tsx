import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, ProblemAlert } from '../../components/feedback';
import { fetchCsatRequests, fetchInboxSettings, inboxKeys, sendCsatSurvey, type Conversation, type CsatRequest } from './inbox-api';

/** The badge for the latest CSAT request: its score once answered, else sent / waiting / skipped (with the reason). */
function CsatBadge({ request: r }: { request: CsatRequest }) {
  const { t } = useTranslation();
  if (r.score !== null) return <Badge tone="good">{t('inbox.csat.badgeScore', { score: r.score, max: r.scaleMax ?? 5 })}</Badge>;
  if (r.status === 'sent') return <Badge tone="info">{t('inbox.csat.badgeSent')}</Badge>;
  if (r.status === 'pending') return <Badge tone="neutral">{t('inbox.csat.badgePending')}</Badge>;
  // The reason is a server code (auto_resolved, no_consent: …): shown as text, never as HTML.
  return <Badge tone="warn">{t('inbox.csat.badgeSkipped', { reason: r.reason ?? '' })}</Badge>;
}

/**
 * CSAT after resolution on one conversation: the badge, and "Send CSAT survey" in manual mode for people who
 * can write, while the current resolution has no CSAT sent yet (a skipped request may be asked again).
 */
export function CsatStatus({ conversation: c, canWrite }: { conversation: Conversation; canWrite: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = inboxKeys.csat(c.id);
  // The status is in the key so resolving (and so sending on resolve) fetches it again.
  const requests = useQuery({
    queryKey: [...key, c.status, c.resolvedAt],
    queryFn: ({ signal }) => fetchCsatRequests(c.id, signal),
    // Delivery follows the commit: poll briefly while the latest request is still pending.
    refetchInterval: (q) => (q.state.data?.data[0]?.status === 'pending' ? 2_000 : false),
  });
  const settings = useQuery({ queryKey: inboxKeys.settings, queryFn: ({ signal }) => fetchInboxSettings(signal), enabled: canWrite });
  const send = useMutation({
    mutationFn: () => sendCsatSurvey(c.id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
  const latest = requests.data?.data[0];
  const forThisResolution = latest && c.resolvedAt !== null && new Date(latest.resolvedAt).getTime() === new Date(c.resolvedAt).getTime() ? latest : undefined;
  const canSend = canWrite && settings.data?.csatAfterResolution.mode === 'manual' && c.status === 'resolved' && (!forThisResolution || forThisResolution.status === 'skipped');
  if (!latest && !canSend) return null;
  return (
    <div className="csat-status" data-testid="csat-status">
      {latest && <CsatBadge request={latest} />}
      {canSend && (
        <button type="button" className="button button-small" onClick={() => send.mutate()} disabled={send.isPending}>{t('inbox.csat.send')}</button>
      )}
      <ProblemAlert error={send.error} />
    </div>
  );
}
