import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { call, createTestApp, type CallResult, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../../test/factories.js';
import { auditLog } from '../../audit/audit.tables.js';
import { defineJob, JobQueue } from './queue.js';
import type { TJob, TJobCounts } from './jobs.schemas.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
let queue: JobQueue;
const ids = { aDone1: '', aDone2: '', aFailed: '', aDelayed: '', aArchived: '', bFailed: '' };
const attempts = new Map<string, number>();

// Test-only jobs on their own queue instance: nothing here is registered in src/modules.ts.
const ZPayload = z.object({ workspaceId: z.uuid(), label: z.string(), fail: z.boolean().default(false) });
const importJob = defineJob({
  name: 'test-jobs-import',
  payload: ZPayload,
  retryLimit: 0,
  handler: async (_ctx, p) => {
    const n = (attempts.get(p.label) ?? 0) + 1;
    attempts.set(p.label, n);
    if (p.fail && n === 1) throw new Error(`row 3 of ${p.label}: the e-mail address is not valid`);
    return { imported: 10 };
  },
});
const digestJob = defineJob({ name: 'test-jobs-digest', payload: ZPayload, handler: async () => null });

async function stateOf(id: string): Promise<string | undefined> {
  const r = await t.rt.database.raw.query<{ state: string }>(
    'select state::text as state from pgboss.job where id = $1 union all select state::text from pgboss.archive where id = $1',
    [id],
  );
  return r.rows[0]?.state;
}

async function waitForState(id: string, state: string): Promise<void> {
  const until = Date.now() + 15_000;
  while ((await stateOf(id)) !== state) {
    if (Date.now() > until) throw new Error(`job ${id} never reached ${state} (is ${await stateOf(id)})`);
    await sleep(100);
  }
}

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Acme');
  b = await buildWorkspace(t.rt.ctx, 'Beta');
  queue = new JobQueue(t.rt.database, [importJob, digestJob], t.rt.ctx.log, { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });
  await queue.start(t.rt.ctx, { work: true });
  const send = async (job: typeof importJob, workspaceId: string, label: string, fail = false, startAfter?: Date) =>
    (await queue.send(job, { workspaceId, label, fail }, { startAfter }))!;
  ids.aDone1 = await send(importJob, a.workspaceId, 'a1');
  ids.aDone2 = await send(importJob, a.workspaceId, 'a2');
  ids.aFailed = await send(importJob, a.workspaceId, 'a3', true);
  ids.aArchived = await send(importJob, a.workspaceId, 'a4', true);
  ids.aDelayed = await send(digestJob, a.workspaceId, 'a5', false, new Date(Date.now() + 3_600_000));
  ids.bFailed = await send(importJob, b.workspaceId, 'b1', true);
  for (const id of [ids.aDone1, ids.aDone2]) await waitForState(id, 'completed');
  for (const id of [ids.aFailed, ids.aArchived, ids.bFailed]) await waitForState(id, 'failed');
  // What pg-boss's maintenance does to settled jobs after the retention period (plans.js archive).
  await t.rt.database.raw.query(
    `with moved as (delete from pgboss.job where id = $1 returning *)
     insert into pgboss.archive (id, name, priority, data, state, retry_limit, retry_count, retry_delay, retry_backoff,
       start_after, started_on, singleton_key, singleton_on, expire_in, created_on, completed_on, keep_until, dead_letter, policy, output)
     select id, name, priority, data, state, retry_limit, retry_count, retry_delay, retry_backoff,
       start_after, started_on, singleton_key, singleton_on, expire_in, created_on, completed_on, keep_until, dead_letter, policy, output
     from moved`,
    [ids.aArchived],
  );
});
afterAll(async () => {
  await queue?.stop();
  await t?.close();
});

type JobList = { data: TJob[]; counts: TJobCounts; nextCursor: string | null };

describe('GET /api/v1/jobs', () => {
  it("lists only the caller's workspace's jobs, live and archived, with counts per state", async () => {
    const r = await call<JobList>(t.app, 'GET', '/api/v1/jobs', { key: a.keys.admin });
    expect(r.status).toBe(200);
    expect(new Set(r.body.data.map((j) => j.id))).toEqual(new Set([ids.aDone1, ids.aDone2, ids.aFailed, ids.aArchived, ids.aDelayed]));
    expect(r.body.counts).toEqual({ created: 1, retry: 0, active: 0, completed: 2, cancelled: 0, failed: 2 });
    // Newest first.
    const created = r.body.data.map((j) => Date.parse(String(j.createdAt)));
    expect([...created].sort((x, y) => y - x)).toEqual(created);

    const other = await call<JobList>(t.app, 'GET', '/api/v1/jobs', { key: b.keys.admin });
    expect(other.body.data.map((j) => j.id)).toEqual([ids.bFailed]);
    expect(other.body.counts.failed).toBe(1);
    expect(other.body.counts.completed).toBe(0);
  });

  it('filters by state and queue, limits, and shows why a job failed', async () => {
    const failed = await call<JobList>(t.app, 'GET', '/api/v1/jobs?state=failed', { key: a.keys.analyst });
    expect(failed.status).toBe(200);
    expect(new Set(failed.body.data.map((j) => j.id))).toEqual(new Set([ids.aFailed, ids.aArchived]));
    const job = failed.body.data.find((j) => j.id === ids.aFailed)!;
    expect(job).toMatchObject({ queue: 'test-jobs-import', state: 'failed', retryCount: 0, retryLimit: 0 });
    expect(job.error).toBe('row 3 of a3: the e-mail address is not valid');
    expect(job.completedAt).not.toBeNull();

    const digests = await call<JobList>(t.app, 'GET', '/api/v1/jobs?queue=test-jobs-digest', { key: a.keys.admin });
    expect(digests.body.data).toHaveLength(1);
    expect(digests.body.data[0]).toMatchObject({ id: ids.aDelayed, state: 'created', startedAt: null, error: null });
    expect(Date.parse(String(digests.body.data[0].startAfter))).toBeGreaterThan(Date.now() + 3_000_000);
    expect(digests.body.counts).toEqual({ created: 1, retry: 0, active: 0, completed: 0, cancelled: 0, failed: 0 });

    const one = await call<JobList>(t.app, 'GET', '/api/v1/jobs?limit=1', { key: a.keys.admin });
    expect(one.body.data.map((j) => j.id)).toEqual([ids.aDelayed]);
  });

  it('pages through all jobs with nextCursor, none twice', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: CallResult<JobList> = await call<JobList>(t.app, 'GET', `/api/v1/jobs?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { key: a.keys.admin });
      expect(r.status).toBe(200);
      seen.push(...r.body.data.map((j) => j.id));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set([ids.aDone1, ids.aDone2, ids.aFailed, ids.aArchived, ids.aDelayed]));
  });

  it('is for owners, admins and analysts', async () => {
    expect((await call(t.app, 'GET', '/api/v1/jobs', { key: a.keys.owner })).status).toBe(200);
    for (const role of ['agent', 'viewer'] as const) {
      const r = await call(t.app, 'GET', '/api/v1/jobs', { key: a.keys[role] });
      expect(r.status).toBe(403);
      expect(r.contentType).toContain('application/problem+json');
    }
    expect((await call(t.app, 'GET', '/api/v1/jobs')).status).toBe(401);
  });

  it('answers bad filters with 400 problem+json', async () => {
    const badCursors = ['cursor=abc', 'cursor=99999999999999999999.0190a6f0-0000-7000-8000-000000000000', 'cursor=1.------------------------------------'];
    for (const q of ['state=stuck', 'limit=0', 'limit=201', 'limit=lots', `queue=${'q'.repeat(201)}`, ...badCursors]) {
      const r = await call<{ status: number; type: string; errors: unknown[] }>(t.app, 'GET', `/api/v1/jobs?${q}`, { key: a.keys.admin });
      expect(r.status, q).toBe(400);
      expect(r.contentType).toContain('application/problem+json');
      expect(r.body.type, q).toMatch(/validation-failed|bad-request/);
    }
  });
});

describe('POST /api/v1/jobs/:id/retry', () => {
  it("never touches another workspace's job", async () => {
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'POST', url: `/api/v1/jobs/${ids.aFailed}/retry` },
      { method: 'POST', url: `/api/v1/jobs/${ids.aArchived}/retry` },
    ]);
    expect(await stateOf(ids.aFailed)).toBe('failed');
  });

  it('answers bad ids with 400, unknown ids with 404, and refuses analysts', async () => {
    const bad = await call<{ status: number }>(t.app, 'POST', '/api/v1/jobs/not-a-job/retry', { key: a.keys.admin });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('application/problem+json');
    const unknown = await call(t.app, 'POST', '/api/v1/jobs/0190a6f0-0000-7000-8000-000000000000/retry', { key: a.keys.admin });
    expect(unknown.status).toBe(404);
    expect((await call(t.app, 'POST', `/api/v1/jobs/${ids.aFailed}/retry`, { key: a.keys.analyst })).status).toBe(403);
  });

  it('refuses jobs that are not failed, or already archived, with 409', async () => {
    for (const id of [ids.aDone1, ids.aDelayed, ids.aArchived]) {
      const r = await call<{ detail: string }>(t.app, 'POST', `/api/v1/jobs/${id}/retry`, { key: a.keys.admin });
      expect(r.status).toBe(409);
      expect(r.contentType).toContain('application/problem+json');
    }
  });

  it('puts a failed job back in its queue, audited, and it then runs', async () => {
    const r = await call<{ id: string; state: string }>(t.app, 'POST', `/api/v1/jobs/${ids.aFailed}/retry`, { key: a.keys.admin });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ id: ids.aFailed, queue: 'test-jobs-import', state: 'retry' });
    await waitForState(ids.aFailed, 'completed');
    expect(attempts.get('a3')).toBe(2);

    const audit = await t.rt.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, a.workspaceId), eq(auditLog.action, 'job.retried')));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetType: 'job', targetId: ids.aFailed, actorType: 'api_key' });

    // Completed now: a second retry is refused.
    expect((await call(t.app, 'POST', `/api/v1/jobs/${ids.aFailed}/retry`, { key: a.keys.admin })).status).toBe(409);
  }, 20_000);
});
