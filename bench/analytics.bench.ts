import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase, selectRows } from '../src/platform/db/client.js';
import { openRuntime } from '../src/platform/runtime.js';
import { createLogger } from '../src/platform/log.js';
import { systemActor } from '../src/platform/context.js';
import { createWorkspaceWithOwner } from '../src/accounts/workspaces.service.js';
import { createSurvey } from '../src/surveys/surveys.service.js';
import { NPS_SURVEY } from '../src/surveys/test-kit.js';
import { getNpsMetric } from '../src/analytics/metrics/metrics.service.js';
import { rebuildScoreRollup } from '../src/analytics/metrics/score-rollups.js';
import { runIfMain, type BenchContext, type BenchRow } from './bench.js';
import { createScratchDatabase } from './lib/scratch-database.js';

/**
 * NPS over many responses with a weekly series and a breakdown by touchpoint, through the metrics
 * service, three ways in the same run: the plain SQL aggregate, the service's raw scan (before the rollup
 * exists), and the service reading the score rollup (daily answer counts). Target: rollup p95 < 100 ms at
 * 10 M responses and ≥ 50× faster than the raw scan. Rows: BENCH_ANALYTICS_ROWS, default 200,000 (10 M
 * takes minutes to generate: run it on PostgreSQL with BENCH_ANALYTICS_ROWS=10000000).
 */
export const name = 'analytics';

const REPEAT = Number(process.env.BENCH_ANALYTICS_REPEAT ?? 7);
const ROLLUP_REPEAT = 40;

function percentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

async function measure(fn: () => Promise<unknown>, repeat = REPEAT): Promise<number[]> {
  await fn(); // warm the cache and the plan
  const out: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export async function run(ctx: BenchContext = { engine: process.env.DATABASE_URL ? 'postgres' : 'pglite', databaseUrl: process.env.DATABASE_URL }): Promise<BenchRow[]> {
  const engine = ctx.engine;
  const rows = Number(process.env.BENCH_ANALYTICS_ROWS ?? 200_000);
  const scratch = await createScratchDatabase(ctx.databaseUrl);
  const database = await openDatabase({ databaseUrl: scratch.databaseUrl, dataDir: scratch.dataDir, poolSize: 4, holder: 'analytics bench' });
  const config = loadConfig({ KUNDE_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent' });
  const rt = await openRuntime(config, { database, work: false, logger: createLogger('silent') });
  const out: BenchRow[] = [];
  try {
    const { workspaceId } = await createWorkspaceWithOwner(rt.ctx.db, { workspaceName: 'Bench', email: 'bench@example.com', password: 'bench-password-123', timeZone: 'Europe/Copenhagen' });
    const survey = await createSurvey(rt.ctx, systemActor(workspaceId), NPS_SURVEY);
    const t0 = performance.now();
    await rt.ctx.db.execute(sql`
      insert into survey_responses (workspace_id, id, survey_id, survey_version, status, answers, language, touchpoint, channel, secret_hash, created_at, updated_at)
      select ${workspaceId}::uuid, gen_random_uuid(), ${survey.id}::uuid, 1, 'finished',
             jsonb_build_object('q1', least(10, floor(random() * 12))::int),
             (array['en','da','tr','zh'])[1 + floor(random() * 4)::int],
             (array['store','web','support','delivery','onboarding'])[1 + floor(random() * 5)::int],
             'email', 'bench', t, t
      from generate_series(1, ${rows}) g, lateral (select timestamptz '2025-01-01' + make_interval(secs => random() * 365 * 86400 + 0 * g) as t) x`);
    await rt.ctx.db.execute(sql`analyze survey_responses`);
    out.push({ bench: name, engine, metric: 'generate responses (setup, not measured)', value: Math.round(performance.now() - t0) / 1000, unit: 's', note: `${rows.toLocaleString('en')} responses` });

    const baselineSql = sql`
      select date_trunc('week', created_at at time zone 'Europe/Copenhagen') as w, touchpoint,
             count(*) filter (where (answers->>'q1')::int >= 9) as p, count(*) filter (where (answers->>'q1')::int <= 6) as d, count(*) as n
      from survey_responses where workspace_id = ${workspaceId}::uuid and survey_id = ${survey.id}::uuid and jsonb_typeof(answers->'q1') = 'number'
      group by 1, 2`;
    const baseline = await measure(() => selectRows(rt.ctx.db, baselineSql));
    const b50 = percentile(baseline, 0.5);
    out.push({ bench: name, engine, metric: 'plain SQL: weekly × touchpoint counts', value: Math.round(b50 * 10) / 10, unit: 'ms', p50Ms: b50, p99Ms: percentile(baseline, 0.99) });

    const query = { surveyId: survey.id, from: '2025-01-01', to: '2025-12-31', interval: 'week' as const, groupBy: 'touchpoint' };
    const sourceOf = async () => (await getNpsMetric(rt.ctx, workspaceId, query)).source;
    if ((await sourceOf()) !== 'raw') throw new Error('expected the raw path before the rollup is built');
    const api = await measure(() => getNpsMetric(rt.ctx, workspaceId, query));
    const a50 = percentile(api, 0.5);
    const a95 = percentile(api, 0.95);
    out.push({ bench: name, engine, metric: 'raw scan: getNpsMetric weekly series + groups by touchpoint', value: Math.round(a50 * 10) / 10, unit: 'ms', baseline: b50, p50Ms: a50, p99Ms: percentile(api, 0.99), target: '≤ 1.5× plain SQL', note: `p95 ${Math.round(a95)} ms over ${REPEAT} runs` });

    const r0 = performance.now();
    const built = await rebuildScoreRollup(rt.ctx, workspaceId);
    out.push({ bench: name, engine, metric: 'rollup rebuild from every response (job, not measured per request)', value: Math.round(performance.now() - r0) / 1000, unit: 's', note: `${built.rows.toLocaleString('en')} day rows` });
    if ((await sourceOf()) !== 'rollup') throw new Error('expected the rollup path once built');
    const rolled = await measure(() => getNpsMetric(rt.ctx, workspaceId, query), ROLLUP_REPEAT);
    const r95 = percentile(rolled, 0.95);
    out.push({
      bench: name, engine, metric: 'rollup: same request, p95', value: Math.round(r95 * 10) / 10, unit: 'ms', baseline: a95, p50Ms: percentile(rolled, 0.5), p99Ms: percentile(rolled, 0.99),
      target: '< 100 ms at 10 M; ≥ 50× faster than raw', note: `${(a95 / r95).toFixed(0)}× faster than the raw scan's p95 (${ROLLUP_REPEAT} runs)`,
    });

    const headline = await measure(() => getNpsMetric(rt.ctx, workspaceId, { surveyId: survey.id }), ROLLUP_REPEAT);
    const h50 = percentile(headline, 0.5);
    out.push({ bench: name, engine, metric: 'rollup: headline only', value: Math.round(h50 * 10) / 10, unit: 'ms', baseline: b50, p50Ms: h50, p99Ms: percentile(headline, 0.99) });
  } finally {
    await rt.close();
    await scratch.drop();
  }
  return out;
}

runIfMain(import.meta.url, run);
