import type { MetricFigure, MetricName, SignificanceTest } from './metrics-api';

/** How a metric's value is written: NPS in points (signed), shares in %, CES on its scale. */
export function formatValue(metric: MetricName, v: number | null | undefined, locale: string): string {
  if (v === null || v === undefined) return '–';
  const digits = metric === 'ces' ? 2 : 1;
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: metric === 'ces' ? 2 : 0, signDisplay: metric === 'nps' ? 'exceptZero' : 'auto' }).format(v);
  return metric === 'csat' || metric === 'response-rate' ? `${n} %` : n;
}

/** The 95 % interval as text: "± 4.2" when symmetric, "38 – 47 %" otherwise. */
export function formatInterval(metric: MetricName, f: Pick<MetricFigure, 'low' | 'high' | 'marginOfError'>, locale: string): string {
  if (f.marginOfError !== null && f.marginOfError !== undefined) {
    return `± ${new Intl.NumberFormat(locale, { maximumFractionDigits: metric === 'ces' ? 2 : 1 }).format(f.marginOfError)}`;
  }
  if (f.low === null || f.high === null) return '';
  return `${formatValue(metric, f.low, locale)} – ${formatValue(metric, f.high, locale)}`;
}

/** A change in the metric's unit: points for NPS, percentage points for shares. */
export function formatChange(metric: MetricName, test: SignificanceTest, locale: string): string {
  if (test.difference === null) return '–';
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: metric === 'ces' ? 2 : 1, signDisplay: 'exceptZero' }).format(test.difference);
  return metric === 'csat' || metric === 'response-rate' ? `${n} pp` : n;
}

export const verdictTone = (test: SignificanceTest): 'good' | 'bad' | 'neutral' | 'warn' =>
  test.verdict === 'significant' ? ((test.difference ?? 0) >= 0 ? 'good' : 'bad') : test.verdict === 'too_few_responses' ? 'warn' : 'neutral';
