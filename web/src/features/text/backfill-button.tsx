import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { useFormat } from '../../lib/format';
import { ProblemAlert } from '../../components/feedback';
import { useToast } from '../../components/toast';
import { textKeys } from './text-api';

/**
 * "Analyse existing comments": starts the backfill run over survey comments and commented customer events
 * that arrived before text analytics, and follows its progress (texts analysed so far) until it is done.
 */
export function BackfillButton() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const notify = useToast();
  const queryClient = useQueryClient();
  const canManage = useCan('text:manage');
  const [runId, setRunId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: () => ok(client.POST('/text/backfill')),
    onSuccess: (run) => setRunId(run.id),
  });
  const run = useQuery({
    queryKey: [...textKeys.all, 'run', runId],
    queryFn: ({ signal }) => ok(client.GET('/text/runs/{id}', { params: { path: { id: runId ?? '' } }, signal })),
    enabled: runId !== null,
    refetchInterval: 1500,
  });
  const status = run.data?.status;
  const isDone = status === 'completed' || status === 'failed';
  useEffect(() => {
    if (!runId || !isDone) return;
    setRunId(null);
    void queryClient.invalidateQueries({ queryKey: textKeys.all });
    notify(status === 'completed' ? t('feedback.backfill.done', { formatted: fmt.number(run.data?.processed ?? 0) }) : t('feedback.backfill.failed'), status === 'completed' ? 'success' : 'error');
  }, [runId, isDone, status, run.data, queryClient, notify, t, fmt]);
  if (!canManage) return null;
  const isRunning = start.isPending || runId !== null;
  return (
    <div className="fb-train">
      <button type="button" className="button" disabled={isRunning} onClick={() => start.mutate()}>
        {isRunning ? t('feedback.backfill.running') : t('feedback.backfill.start')}
      </button>
      {isRunning && (
        <div className="fb-train-progress" role="status">
          <div className="fb-indeterminate" role="progressbar" aria-label={t('feedback.backfill.progress')} />
          <span>{t('feedback.backfill.processed', { formatted: fmt.number(run.data?.processed ?? 0) })}</span>
        </div>
      )}
      <ProblemAlert error={start.error} />
    </div>
  );
}
