import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { Badge } from '../../components/feedback';
import type { ChurnModel } from './churn-api';

const pct = (v: number) => `${Math.round(v * 1000) / 10} %`;

/** When and on what the model was trained, and how well it separates churners on held-out customers. */
export function ModelStatus({ model }: { model: ChurnModel }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const label = 'attribute' in model.label ? `${model.label.attribute} = ${model.label.positive}` : t('churn.model.lifecycleLabel');
  const quality = model.auc >= 0.8 ? 'good' : model.auc >= 0.7 ? 'info' : 'warn';
  return (
    <>
      <section className="cards" aria-label={t('churn.model.title')}>
        <div className="card stat">
          <span className="stat-label">{t('churn.model.auc')}</span>
          <span className="stat-value" data-testid="churn-auc">{model.auc.toFixed(3)}</span>
          <span className="stat-note"><Badge tone={quality}>{t(`churn.model.quality.${quality}`)}</Badge></span>
        </div>
        <div className="card stat">
          <span className="stat-label">{t('churn.model.n')}</span>
          <span className="stat-value">{fmt.number(model.n)}</span>
          <span className="stat-note">{t('churn.model.split', { positives: fmt.number(model.positives), heldOut: fmt.number(model.heldOut) })}</span>
        </div>
        <div className="card stat">
          <span className="stat-label">{t('churn.model.trainedAt')}</span>
          <span className="stat-value small">{fmt.dateTime(model.trainedAt)}</span>
          <span className="stat-note">{t('churn.model.by', { who: model.trainedBy })}</span>
          <span className="stat-note">{t('churn.model.label', { label })}</span>
        </div>
        <div className="card stat">
          <span className="stat-label">{t('churn.model.brier')}</span>
          <span className="stat-value">{model.brier.toFixed(3)}</span>
          <span className="stat-note">{t('churn.model.brierNote')}</span>
        </div>
      </section>
      <div className="card churn-figure">
        <h3 className="card-title">{t('churn.model.features')}</h3>
        <ol className="churn-features">
          {model.features.slice(0, 10).map((f) => (
            <li key={f.name}>
              <span>{f.name}</span>
              <span className="churn-bar" aria-hidden="true"><span style={{ width: pct(f.importance) }} /></span>
              <span className="muted small">{pct(f.importance)} · {t(`churn.model.direction.${f.direction}`)}</span>
            </li>
          ))}
        </ol>
      </div>
    </>
  );
}
