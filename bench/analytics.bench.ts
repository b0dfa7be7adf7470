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
import { runIfMain, type BenchContext, type BenchRow } from './bench.js';
import { createScratchDatabase } from './lib/scratch-database.js';

/**
 * NPS over many responses with a weekly series and a breakdown by touchpoint, through the metrics
 * service (score histogram in SQL, statistics in Node), against the plain SQL aggregate of the same
 * numbers in the same run. Rows: BENCH_ANALYTICS_ROWS, default 100,000. No rollups yet: this is the
 * raw-scan path the rollup target (10 M responses, < 100 ms p95) will be measured against.
 */
export const name = 'analytics';

const REPEAT = 7;

function percentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

async function measure(fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm the cache and the plan
  const out: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export async function run(ctx: BenchContext = { engine: process.env.DATABASE_URL ? 'postgres' : 'pglite', databaseUrl: process.env.DATABASE_URL }): Promise<BenchRow[]> {
  const engine = ctx.engine;
  const rows = Number(process.env.BENCH_ANALYTICS_ROWS ?? 100_000);
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
      from generate_series(1, ${rows}) g, lateral (select timestamptz '2026-01-01' + make_interval(secs => random() * 365 * 86400 + 0 * g) as t) x`);
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

    const query = { surveyId: survey.id, from: '2026-01-01', to: '2026-12-31', interval: 'week' as const, groupBy: 'touchpoint' };
    const api = await measure(() => getNpsMetric(rt.ctx, workspaceId, query));
    const a50 = percentile(api, 0.5);
    out.push({ bench: name, engine, metric: 'getNpsMetric: weekly series + groups by touchpoint + tests', value: Math.round(a50 * 10) / 10, unit: 'ms', baseline: b50, p50Ms: a50, p99Ms: percentile(api, 0.99), target: '≤ 1.5× plain SQL' });

    const headline = await measure(() => getNpsMetric(rt.ctx, workspaceId, { surveyId: survey.id }));
    const h50 = percentile(headline, 0.5);
    out.push({ bench: name, engine, metric: 'getNpsMetric: headline only', value: Math.round(h50 * 10) / 10, unit: 'ms', baseline: b50, p50Ms: h50, p99Ms: percentile(headline, 0.99) });
  } finally {
    await rt.close();
    await scratch.drop();
  }
  return out;
}

runIfMain(import.meta.url, run);
