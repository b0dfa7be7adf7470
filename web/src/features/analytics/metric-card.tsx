import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/feedback';
import type { MetricAnswer, MetricName } from './metrics-api';
import { formatChange, formatInterval, formatValue, verdictTone } from './metric-format';

/**
 * One headline number with its 95 % interval, how many answers it rests on, and its change against
 * the previous period with the verdict of the significance test in words.
 */
export function MetricCard({ metric, answer, locale, children }: { metric: MetricName; answer: MetricAnswer; locale: string; children?: ReactNode }) {
  const { t } = useTranslation();
  const test = answer.comparison?.test;
  return (
    <div className="card stat an-metric" data-testid={`metric-${metric}`}>
      <span className="stat-label">{t(`analytics.metrics.${metric}`)}</span>
      <span className="stat-value an-metric-value">
        {formatValue(metric, answer.value, locale)}
        <span className="an-interval">{formatInterval(metric, answer, locale)}</span>
      </span>
      <span className="stat-note">{t('analytics.basedOn', { n: new Intl.NumberFormat(locale).format(answer.n) })}</span>
      {test && (
        <span className="stat-note an-change">
          {t('analytics.vsPrevious', { change: formatChange(metric, test, locale) })}{' '}
          <Badge tone={verdictTone(test)}>{t(`analytics.verdict.${test.verdict}`)}</Badge>
        </span>
      )}
      {answer.smallSample && answer.n > 0 && <span className="stat-note">{t('analytics.smallSample')}</span>}
      {children}
    </div>
  );
}
