import { expectedPurchases, fitBgNbd } from '../src/analytics/clv/bg-nbd.js';
import { expectedPurchaseValue, fitGammaGamma } from '../src/analytics/clv/gamma-gamma.js';
import { simulateBuyers } from '../src/analytics/clv/simulate-buyers.js';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase, selectRows } from '../src/platform/db/client.js';
import { openRuntime } from '../src/platform/runtime.js';
import { createLogger } from '../src/platform/log.js';
import { createWorkspaceWithOwner } from '../src/accounts/workspaces.service.js';
import { getClvMetric } from '../src/analytics/churn/retention.service.js';
import { runIfMain, type BenchContext, type BenchRow } from './bench.js';
import { createScratchDatabase } from './lib/scratch-database.js';

/**
 * Predictive CLV on 20,000 buyers drawn from BG/NBD + Gamma-Gamma (the CDNOW estimates, weeks; seed
 * fixed): fit on each buyer's observed window, forecast spend in the next 52 weeks, and compare with what
 * the simulation then spends. Baseline in the same run: the historical run-rate (spend to date ÷ weeks
 * observed × 52), the "historical average" CLV a spreadsheet gives. Lower error is better.
 */
export const name = 'clv';

const N = 20_000;
const HORIZON = 52;

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const buyers = simulateBuyers(N, { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { p: 6.25, q: 3.74, gamma: 15.44 }, { seed: 2026, future: HORIZON });
  const t0 = performance.now();
  const bg = fitBgNbd(buyers.map((b) => b.history)).parameters;
  const gg = fitGammaGamma(buyers.map((b) => ({ x: b.purchasesInWindow, m: b.meanValue }))).parameters;
  const fitMs = performance.now() - t0;
  const t1 = performance.now();
  const predicted = buyers.map((b) => expectedPurchases(bg, b.history, HORIZON) * expectedPurchaseValue(gg, { x: b.purchasesInWindow, m: b.meanValue }));
  const predictMs = performance.now() - t1;
  const runRate = buyers.map((b) => ((b.meanValue * b.purchasesInWindow) / b.history.T) * HORIZON);
  const actual = buyers.map((b) => b.futureSpend);
  const mae = (f: number[]) => f.reduce((s, v, i) => s + Math.abs(v - actual[i]), 0) / N;
  const totalError = (f: number[]) => Math.abs(f.reduce((s, v) => s + v, 0) / actual.reduce((s, v) => s + v, 0) - 1) * 100;
  const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
  const row = (metric: string, value: number, unit: string, baseline?: number, note?: string): BenchRow => ({ bench: name, engine: ctx.engine, metric, value, unit, baseline, note });
  return [
    row('CLV 52-week spend forecast, mean absolute error per buyer (baseline: historical run-rate)', round(mae(predicted)), 'currency units', round(mae(runRate)), 'lower is better; 20k simulated buyers'),
    row('CLV 52-week spend forecast, error of the total (baseline: historical run-rate)', round(totalError(predicted), 1), '%', round(totalError(runRate), 1), 'lower is better'),
    row('fit BG/NBD + Gamma-Gamma on 20k buyers (Nelder–Mead)', Math.round(fitMs), 'ms'),
    row('predict 52 weeks for 20k buyers, per buyer', round((predictMs / N) * 1000, 3), 'µs/buyer'),
    ...(await seriesRows(ctx, row)),
  ];
}

const SERIES_CUSTOMERS = Number(process.env.BENCH_CLV_CUSTOMERS ?? 20_000);

/**
 * Historical CLV over time in the database: SERIES_CUSTOMERS buyers with ~6 purchases and refunds each
 * over two years in EUR and USD; GET /metrics/clv's monthly series (24 CLV points with t-intervals) through
 * the service, against the plain SQL of monthly revenue over the same events in the same run — the one
 * scan any per-period answer pays; the series adds only the per-customer running sums.
 */
async function seriesRows(ctx: BenchContext, row: (metric: string, value: number, unit: string, baseline?: number, note?: string) => BenchRow): Promise<BenchRow[]> {
  const scratch = await createScratchDatabase(ctx.databaseUrl);
  const database = await openDatabase({ databaseUrl: scratch.databaseUrl, dataDir: scratch.dataDir, poolSize: 4, holder: 'clv bench' });
  const config = loadConfig({ KUNDE_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent' });
  const rt = await openRuntime(config, { database, work: false, logger: createLogger('silent') });
  try {
    const db = rt.ctx.db;
    const { workspaceId } = await createWorkspaceWithOwner(db, { workspaceName: 'Bench', email: 'bench@example.com', password: 'bench-password-123', timeZone: 'Europe/Copenhagen' });
    const t0 = performance.now();
    await db.execute(sql`insert into customers (workspace_id, id, country, created_at)
      select ${workspaceId}::uuid, gen_random_uuid(), (array['DK','DE','US','TR','CN'])[1 + g % 5], timestamptz '2024-01-01' from generate_series(1, ${SERIES_CUSTOMERS}) g`);
    await db.execute(sql`insert into customer_events (workspace_id, id, customer_id, origin_customer_id, type, occurred_at, amount, currency)
      select c.workspace_id, gen_random_uuid(), c.id, c.id, case when random() < 0.1 then 'refund' else 'purchase' end,
             timestamptz '2024-01-01' + make_interval(secs => random() * 730 * 86400), 500 + floor(random() * 20000)::bigint,
             case when random() < 0.3 then 'USD' else 'EUR' end
      from customers c cross join generate_series(1, 6) k where c.workspace_id = ${workspaceId}::uuid`);
    await db.execute(sql`analyze customers`);
    await db.execute(sql`analyze customer_events`);
    const setup = Math.round(performance.now() - t0) / 1000;
    const baselineSql = sql`select date_trunc('month', occurred_at at time zone 'Europe/Copenhagen') as m,
        sum(case when type = 'purchase' then 1 else -1 end * round(amount * (case currency when 'USD' then 0.92 else 1 end))) as revenue
      from customer_events where workspace_id = ${workspaceId}::uuid and type in ('purchase', 'refund') group by 1`;
    const query = { margin: 0.4, from: '2024-01-01', to: '2025-12-31', interval: 'month' as const };
    const time = async (fn: () => Promise<unknown>) => {
      await fn();
      const xs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await fn();
        xs.push(performance.now() - t);
      }
      return xs.sort((a, b) => a - b)[2];
    };
    const baseline = await time(() => selectRows(db, baselineSql));
    const series = await time(() => getClvMetric(db, workspaceId, query));
    const points = (await getClvMetric(db, workspaceId, query)).series?.length ?? 0;
    return [
      row(`historical CLV monthly series via the service (baseline: plain SQL monthly revenue of the same events)`, Math.round(series * 10) / 10, 'ms', Math.round(baseline * 10) / 10,
        `median of 5; ${SERIES_CUSTOMERS.toLocaleString('en')} buyers, ${(SERIES_CUSTOMERS * 6).toLocaleString('en')} events, ${points} points; setup ${setup} s`),
    ];
  } finally {
    await rt.close();
    await scratch.drop();
  }
}

runIfMain(import.meta.url, run);
