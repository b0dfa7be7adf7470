import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../lib/api';
import { ProblemAlert } from '../../components/feedback';
import { TextField, formValues } from '../../components/field';
import { useToast } from '../../components/toast';
import { churnKeys, type ChurnModel } from './churn-api';

/** How long the page follows a run before giving up (a failed job never produces a new model). */
const WATCH_LIMIT_MS = 10 * 60_000;

export interface Watch {
  /** The model id before the run; a different id means training finished. */
  before: string | null;
  startedAt: number;
}

/**
 * "Train now": queues training (optionally on an imported label attribute) and reports the run through
 * `onWatch`; the page polls the model state and shows training, then scoring progress.
 */
export function TrainChurnForm({ model, onWatch }: { model: ChurnModel | null; onWatch: (w: Watch) => void }) {
  const { t } = useTranslation();
  const current = model && 'attribute' in model.label ? model.label : null;
  const start = useMutation({
    mutationFn: (label: { attribute: string; positive: string } | undefined) =>
      ok(client.POST('/analytics/churn-model/train-job', { body: label ? { label } : {} })),
    onSuccess: () => onWatch({ before: model?.id ?? null, startedAt: Date.now() }),
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget, { dropEmpty: true });
    start.mutate(v.attribute && v.positive ? { attribute: v.attribute, positive: v.positive } : undefined);
  };
  return (
    <form className="churn-train" onSubmit={submit} aria-label={t('churn.train.title')}>
      <TextField label={t('churn.train.attribute')} name="attribute" defaultValue={current?.attribute ?? ''} hint={t('churn.train.attributeHint')} />
      <TextField label={t('churn.train.positive')} name="positive" defaultValue={current?.positive ?? ''} />
      <button type="submit" className="button button-primary" disabled={start.isPending}>{t('churn.train.button')}</button>
      <ProblemAlert error={start.error} />
    </form>
  );
}

/** Progress of a run: indeterminate while training, then scored ÷ total while the scoring job works. */
export function TrainingProgress({ watch, model, onDone }: { watch: Watch; model: ChurnModel | null; onDone: () => void }) {
  const { t } = useTranslation();
  const notify = useToast();
  const queryClient = useQueryClient();
  const trained = model !== null && model.id !== watch.before;
  const scored = trained && model.scoring.finishedAt !== null;
  const [timedOut, setTimedOut] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setTimedOut(true), Math.max(0, watch.startedAt + WATCH_LIMIT_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [watch.startedAt]);
  useEffect(() => {
    if (!scored && !timedOut) return;
    onDone();
    void queryClient.invalidateQueries({ queryKey: churnKeys.all });
    notify(scored ? t('churn.train.done') : t('churn.train.timedOut'), scored ? 'success' : 'error');
  }, [scored, timedOut, onDone, queryClient, notify, t]);
  const total = trained ? (model.scoring.total ?? 0) : 0;
  return (
    <div className="churn-progress" role="status">
      {trained ? (
        <>
          <progress max={Math.max(1, total)} value={model.scoring.scored} aria-label={t('churn.train.scoring')} />
          <span>{t('churn.train.scoringProgress', { scored: model.scoring.scored, total })}</span>
        </>
      ) : (
        <>
          <div className="churn-indeterminate" role="progressbar" aria-label={t('churn.train.training')} />
          <span>{t('churn.train.training')}</span>
        </>
      )}
    </div>
  );
}
