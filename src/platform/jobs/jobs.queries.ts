import { sql } from 'drizzle-orm';
import { selectRows, type Db, type RawExecutor } from '../db/client.js';
import type { TJob, TJobCounts, TJobsAfter, TJobsQuery, TJobState } from './jobs.schemas.js';
import { JOB_STATES } from './jobs.schemas.js';

/*
 * pg-boss keeps live jobs in pgboss.job (partitioned by queue name) and moves settled ones to
 * pgboss.archive after a while; a workspace's job is one whose payload names the workspace.
 * Column names follow pg-boss 10 (node_modules/pg-boss/src/plans.js).
 */

interface JobRow {
  id: string;
  queue: string;
  state: TJobState;
  retry_count: number;
  retry_limit: number;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
  start_after: Date;
  output: unknown;
  created_us: number | string;
}

// Microseconds keep the page cursor exact where a JavaScript Date would round to milliseconds.
const COLUMNS = `id, name as queue, state::text as state, retry_count, retry_limit, created_on, started_on,
  completed_on, start_after, output, (extract(epoch from created_on) * 1000000)::bigint as created_us`;
// $1 workspace, $2 queue or null, $3 state or null.
const WHERE = `data->>'workspaceId' = $1 and ($2::text is null or name = $2) and ($3::text is null or state::text = $3)`;

/** pg-boss stores a thrown Error serialised ({ message, stack }) and its own timeouts as { value: { message } }. */
function errorOf(state: TJobState, output: unknown): string | null {
  if ((state !== 'failed' && state !== 'retry') || !output || typeof output !== 'object') return null;
  const o = output as { message?: unknown; value?: { message?: unknown } };
  const message = typeof o.message === 'string' ? o.message : o.value?.message;
  return typeof message === 'string' ? message.slice(0, 2000) : null;
}

const toJob = (r: JobRow): TJob => ({
  id: r.id,
  queue: r.queue,
  state: r.state,
  retryCount: r.retry_count,
  retryLimit: r.retry_limit,
  createdAt: new Date(r.created_on),
  startedAt: r.started_on ? new Date(r.started_on) : null,
  completedAt: r.completed_on ? new Date(r.completed_on) : null,
  startAfter: new Date(r.start_after),
  error: errorOf(r.state, r.output),
});

/** The workspace's newest jobs, live and archived, after (created µs, id) `after`: `limit + 1` rows. */
export async function findJobsOfWorkspace(raw: RawExecutor, workspaceId: string, q: Omit<TJobsQuery, 'cursor'>, after?: TJobsAfter) {
  const [afterUs, afterId] = after ?? [null, null];
  const r = await raw.query<JobRow>(
    `select * from (
       select ${COLUMNS} from pgboss.job where ${WHERE}
       union all
       select ${COLUMNS} from pgboss.archive where ${WHERE}
     ) j
     where $5::bigint is null or (created_us, id) < ($5::bigint, $6::uuid)
     order by created_us desc, id desc limit $4`,
    [workspaceId, q.queue ?? null, q.state ?? null, q.limit + 1, afterUs, afterId],
  );
  return r.rows.map((row) => ({ job: toJob(row), after: [String(row.created_us), row.id] as TJobsAfter }));
}

/** How many of the workspace's jobs are in each state (optionally of one queue). */
export async function countJobsOfWorkspace(raw: RawExecutor, workspaceId: string, queue?: string): Promise<TJobCounts> {
  const r = await raw.query<{ state: TJobState; n: number }>(
    `select state, count(*)::int as n from (
       select state::text as state from pgboss.job where ${WHERE}
       union all
       select state::text as state from pgboss.archive where ${WHERE}
     ) j group by state`,
    [workspaceId, queue ?? null, null],
  );
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as TJobCounts;
  for (const row of r.rows) counts[row.state] = row.n;
  return counts;
}

/** Locks the workspace's live job so a retry cannot race a worker or another retry. */
export async function lockJobOfWorkspace(tx: Db, workspaceId: string, id: string) {
  const [row] = await selectRows<{ queue: string; state: TJobState }>(
    tx,
    sql`select name as queue, state::text as state from pgboss.job
        where id = ${id} and data->>'workspaceId' = ${workspaceId} for update`,
  );
  return row;
}

export async function isArchivedJobOfWorkspace(tx: Db, workspaceId: string, id: string): Promise<boolean> {
  const rows = await selectRows(tx, sql`select 1 from pgboss.archive where id = ${id} and data->>'workspaceId' = ${workspaceId}`);
  return rows.length > 0;
}

/** What pg-boss's own retry does (plans.js retryJobs): back to `retry` with one more attempt allowed. */
export async function markJobForRetry(tx: Db, queue: string, id: string): Promise<void> {
  await tx.execute(sql`update pgboss.job set state = 'retry', retry_limit = retry_limit + 1
                       where name = ${queue} and id = ${id} and state = 'failed'`);
}
