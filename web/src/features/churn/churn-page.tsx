import './churn.css';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../lib/session';
import { PageHeader } from '../../components/page-header';
import { QueryStatus } from '../../components/feedback';
import { EmptyState } from '../../components/empty-state';
import { PrintButton } from '../reports/print-button';
import { useChurnModel } from './churn-api';
import { ModelStatus } from './model-panel';
import { CalibrationChart } from './calibration-chart';
import { TrainChurnForm, TrainingProgress, type Watch } from './train-churn';
import { AtRiskList } from './at-risk-list';
import { RetentionPanel } from './retention-panel';
import { ChurnReasonsPanel } from './churn-reasons-panel';

/**
 * Churn: how good the workspace's churn model is (held-out AUC, calibration), who is at risk and why,
 * and the churn, retention and cohort numbers from the lifecycle rule.
 */
export default function ChurnPage() {
  const { t } = useTranslation();
  const canTrain = useCan('churn:train');
  const canSeePeople = useCan('customers:read');
  const [watch, setWatch] = useState<Watch | null>(null);
  const state = useChurnModel(watch !== null);
  const model = state.data?.model ?? null;
  const stop = useCallback(() => setWatch(null), []);
  return (
    <>
      <PageHeader title={t('churn.title')} description={t('churn.description')} actions={<PrintButton />} />
      <section className="panel" aria-labelledby="churn-model">
        <h2 id="churn-model">{t('churn.model.title')}</h2>
        <QueryStatus query={state} />
        {state.isSuccess && !model && (
          <EmptyState icon="analytics" level={3} title={t('churn.model.none')}>{t('churn.model.noneHint')}</EmptyState>
        )}
        {model && <ModelStatus model={model} />}
        {model && model.calibration.length > 0 && <CalibrationChart bins={model.calibration} />}
        {canTrain && (
          <div className="no-print">
            <h3>{t('churn.train.title')}</h3>
            {watch ? <TrainingProgress watch={watch} model={model} onDone={stop} /> : <TrainChurnForm model={model} onWatch={setWatch} />}
          </div>
        )}
      </section>
      {canSeePeople && model && <AtRiskList />}
      <RetentionPanel />
      <ChurnReasonsPanel />
    </>
  );
}
