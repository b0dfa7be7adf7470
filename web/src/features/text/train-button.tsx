import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { Badge, ProblemAlert } from '../../components/feedback';
import { useToast } from '../../components/toast';
import { textKeys } from './text-api';

const QUEUE = 'text-train';

/**
 * "Train now": queues the training job and follows it in the jobs list (as Settings → Jobs does) until it
 * finished, then shows the new accuracy. Training has no measurable percentage, so the bar is indeterminate.
 */
export function TrainButton() {
  const { t } = useTranslation();
  const notify = useToast();
  const queryClient = useQueryClient();
  const canSeeJobs = useCan('jobs:read');
  const [watching, setWatching] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: () => ok(client.POST('/text/models/train-job', { body: {} })),
    // No id means a training for this workspace is already queued: follow that one.
    onSuccess: (r) => setWatching(r.jobId ?? 'latest'),
  });
  const job = useQuery({
    queryKey: ['jobs', 'text-train', watching],
    queryFn: ({ signal }) => ok(client.GET('/jobs', { params: { query: { queue: QUEUE, limit: 5 } }, signal })),
    enabled: watching !== null && canSeeJobs,
    refetchInterval: 1500,
    select: (list) => list.data.find((j) => j.id === watching) ?? list.data[0],
  });
  const state = job.data?.state;
  const isDone = state === 'completed' || state === 'failed' || state === 'cancelled';

  useEffect(() => {
    if (!watching || !isDone) return;
    setWatching(null);
    void queryClient.invalidateQueries({ queryKey: textKeys.all });
    notify(state === 'completed' ? t('feedback.models.trained') : t('feedback.models.trainFailed'), state === 'completed' ? 'success' : 'error');
  }, [watching, isDone, state, queryClient, notify, t]);

  const isRunning = start.isPending || watching !== null;
  return (
    <div className="fb-train">
      <button type="button" className="button button-primary" disabled={isRunning} onClick={() => start.mutate()}>
        {isRunning ? t('feedback.models.training') : t('feedback.models.train')}
      </button>
      {isRunning && (
        <div className="fb-train-progress" role="status">
          <div className="fb-indeterminate" role="progressbar" aria-label={t('feedback.models.progress')} />
          <span>{canSeeJobs && state ? <Badge tone="info">{t(`jobs.states.${state}`, { defaultValue: state })}</Badge> : t('feedback.models.queued')}</span>
        </div>
      )}
      {!canSeeJobs && watching && <p className="muted small">{t('feedback.models.noJobAccess')}</p>}
      <ProblemAlert error={start.error} />
    </div>
  );
}
