import type { ModelInputRow } from '../src/customers/analytics-export.service.js';
import { rocAuc } from '../src/analytics/churn/evaluation.js';
import { scoreCustomer, trainChurnModel } from '../src/analytics/churn/train-model.js';
import { runIfMain, type BenchContext, type BenchRow } from './bench.js';

/**
 * Churn model on 50,000 generated customers (in memory: what training and scoring cost in the
 * process, without the database reads): held-out AUC of churnRisk on the customers whose label was
 * withheld against a recency-only baseline (days since last activity) in the same run, and the time
 * to train and to score everyone against the time to encode them once (the floor any model pays).
 */
export const name = 'churn';

const N = 50_000;

function generate(): { rows: ModelInputRow[]; truth: number[] } {
  let seed = 5;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const contracts = ['Month-to-month', 'One year', 'Two year'];
  const rows: ModelInputRow[] = [];
  const truth: number[] = [];
  for (let i = 0; i < N; i++) {
    const contract = contracts[Math.floor(rnd() * 3)];
    const tenure = Math.floor(rnd() * 72);
    const monthly = 20 + Math.round(rnd() * 100);
    const days = Math.floor(rnd() * 200);
    const cases = Math.floor(rnd() * 4);
    const z = -1.2 + (contract === 'Month-to-month' ? 1.8 : contract === 'One year' ? 0 : -1.2) - tenure / 30 + monthly / 80 + days / 200 + cases * 0.2 + (rnd() - 0.5) * 1.5;
    const churned = rnd() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    truth.push(churned);
    const id = `0000000-0000-7000-8000-${(i * 7919).toString(16).padStart(12, '0')}`;
    rows.push({
      id, attributes: { Contract: contract, tenure, MonthlyCharges: monthly, ...(i % 2 === 0 ? { Churn: churned === 1 } : {}) },
      country: null, language: null, gender: null, age_band: null, income_band: null, lifecycle_stage: 'active',
      order_count: 0, total_spend: 0, avg_order_value: 0, refund_total: 0, support_cases: cases, open_support_cases: 0, event_count: cases,
      nps_score: null, csat_score: null, ces_score: null, days_since_activity: days, days_since_purchase: null,
      event_counts: cases ? { support_case_opened: cases } : null,
    });
  }
  return { rows, truth };
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const { rows, truth } = generate();
  const types = new Map([['Contract', 'string'], ['tenure', 'number'], ['MonthlyCharges', 'number'], ['Churn', 'boolean']] as const);
  const t0 = performance.now();
  const model = await trainChurnModel(rows, types, { attribute: 'Churn', positive: 'Yes' });
  const trainMs = performance.now() - t0;
  const t1 = performance.now();
  const risks = rows.map((r) => scoreCustomer(r, model).risk);
  const scoreMs = performance.now() - t1;
  const withheld = rows.map((_, i) => i).filter((i) => i % 2 === 1);
  const auc = rocAuc(withheld.map((i) => risks[i]), withheld.map((i) => truth[i]));
  const recencyAuc = rocAuc(withheld.map((i) => rows[i].days_since_activity ?? 0), withheld.map((i) => truth[i]));
  const row = (metric: string, value: number, unit: string, baseline?: number, note?: string): BenchRow => ({ bench: name, engine: ctx.engine, metric, value, unit, baseline, note });
  return [
    row('AUC of churnRisk on 25k withheld customers (baseline: recency only)', Math.round(auc * 1000) / 1000, 'AUC', Math.round(recencyAuc * 1000) / 1000, `${model.specs.length} columns, held-out AUC ${model.auc.toFixed(3)}`),
    row('train on 25k labelled of 50k customers (fit + hold-out + refit)', Math.round(trainMs), 'ms'),
    row('score + explain 50k customers (churnRisk and top 3 factors), per customer', Math.round((scoreMs / N) * 1000) / 1000, 'ms/customer'),
  ];
}

runIfMain(import.meta.url, run);
