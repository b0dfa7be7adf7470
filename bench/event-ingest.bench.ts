import pg from 'pg';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase, type Database } from '../src/platform/db/client.js';
import { openRuntime } from '../src/platform/runtime.js';
import { buildApp } from '../src/platform/http/app.js';
import { createLogger } from '../src/platform/log.js';
import { newId, randomToken } from '../src/platform/ids.js';
import { systemActor } from '../src/platform/context.js';
import { allRoutes } from '../src/modules.js';
import { createWorkspaceWithOwner } from '../src/accounts/workspaces.service.js';
import { createApiKey } from '../src/accounts/api-keys.service.js';
import { waitForTraits } from '../src/customers/traits.service.js';
import { runIfMain, type BenchRow } from './bench.js';

/**
 * Event ingest through the real HTTP API (POST /api/v1/events, batches of 500, several clients in
 * parallel) with a realistic mix — returning and new customers, anonymous visitors who later log in
 * (merges), page views, purchases in three currencies, support cases, NPS answers — against a raw
 * multi-row INSERT of the same rows into customer_events in the same run. Then a retry of the
 * first batches (all duplicates). The workspace has SEGMENTS live segments (default 30: trait, profile and
 * event-window rules, one referring to another), so their membership and the traits are maintained
 * as in production — by the trait refresher in the same process, off the request path. Besides the
 * rate of 2xx answers, the run reports how long traits and membership took to catch up after the
 * last 2xx, and the rate counting that catch-up.
 *
 * Engine: PostgreSQL when DATABASE_URL is set (a scratch database is created and dropped), else
 * in-memory PGlite. Events: BENCH_EVENTS (default 100,000 on PostgreSQL, 20,000 on PGlite);
 * parallel clients: BENCH_CLIENTS (default 4 on PostgreSQL, 1 on PGlite).
 */

export const name = 'event-ingest';

const BATCH = 500;

/** Thirty segments of the kinds workspaces define: traits, lifecycle, profile fields, event windows, nesting. */
function benchSegments(count: number): { name: string; rules: unknown }[] {
  const kinds: ((i: number) => unknown)[] = [
    (i) => ({ field: 'orderCount', op: 'gte', value: 1 + (i % 5) }),
    (i) => ({ field: 'totalSpend', op: 'gte', value: 10_000 * (1 + (i % 7)) }),
    () => ({ field: 'npsCategory', op: 'eq', value: 'detractor' }),
    () => ({ field: 'npsCategory', op: 'eq', value: 'promoter' }),
    (i) => ({ field: 'lifecycleStage', op: 'eq', value: ['new', 'active', 'at_risk', 'churned', 'reactivated'][i % 5] }),
    (i) => ({ field: 'openSupportCases', op: 'gte', value: 1 + (i % 2) }),
    (i) => ({ all: [{ field: 'orderCount', op: 'gte', value: 2 }, { field: 'daysSinceLastActivity', op: 'lte', value: 30 + i }] }),
    (i) => ({ event: { type: 'purchase', withinDays: 30 + 30 * (i % 4) }, measure: 'count', op: 'gte', value: 2 }),
    (i) => ({ field: 'eventCount', op: 'gte', value: 3 + i }),
    (i) => ({ any: [{ field: 'supportCases', op: 'gte', value: 2 }, { field: 'npsScore', op: 'lte', value: i % 7 }] }),
  ];
  return Array.from({ length: count }, (_, i) => ({ name: `Bench segment ${i + 1}`, rules: kinds[i % kinds.length](i) }));
}

interface BenchEvent {
  id: string;
  type: string;
  customer: Record<string, string>;
  occurredAt: string;
  channel: string;
  touchpoint?: string;
  properties: Record<string, unknown>;
}

/**
 * Deterministic event stream: one event in five starts a new customer, whose next one or two events
 * follow within a few events (a session); the rest come from returning customers picked among all
 * seen so far. One new customer in ten browses anonymously first: their support and survey events
 * carry the e-mail, so the later login event names two profiles and merges them.
 */
export function generateEvents(count: number): BenchEvent[] {
  // mulberry32: small, fast, and evenly spread (a plain LCG's low bits repeat far too soon).
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) % n;
  };
  type Person = { email: string; anon?: string; known: boolean };
  const seen: Person[] = [];
  const session: Person[] = [];
  const out: BenchEvent[] = [];
  const start = Date.now() - 365 * 86_400_000;
  for (let i = 0; i < count; i++) {
    let p: Person;
    if (session.length > 0 && rnd(2) === 0) p = session.shift()!;
    else if (seen.length === 0 || rnd(5) === 0) {
      const n = seen.length;
      p = { email: `bench-${n}@example.com`, anon: n % 10 === 0 ? `anon-${n}` : undefined, known: n % 10 !== 0 };
      seen.push(p);
      for (let k = rnd(3); k > 0; k--) session.push(p);
    } else p = seen[rnd(seen.length)];
    const roll = rnd(100);
    let customer: Record<string, string> = { email: p.email };
    if (!p.known && roll < 80) {
      customer = rnd(3) === 0 ? { anonymousId: p.anon!, email: p.email } : { anonymousId: p.anon! };
      if (customer.email) p.known = true;
    }
    const base = { id: `bench-${i}`, customer, occurredAt: new Date(start + i * 300_000).toISOString() };
    if (roll < 55) out.push({ ...base, type: 'page_view', channel: 'web', touchpoint: 'website', properties: { url: `/p/${rnd(200)}` } });
    else if (roll < 80) {
      const currency = ['EUR', 'DKK', 'TRY'][rnd(3)];
      out.push({ ...base, type: 'purchase', channel: rnd(2) ? 'web' : 'store', touchpoint: 'checkout', properties: { orderId: `o-${i}`, amount: 500 + rnd(50_000), currency } });
    } else if (roll < 90) out.push({ ...base, type: 'support_case_opened', channel: 'email', touchpoint: 'support', properties: { caseId: `c-${i}`, team: 'care' } });
    else if (roll < 95) out.push({ ...base, type: 'support_case_resolved', channel: 'email', touchpoint: 'support', properties: { caseId: `c-${i - 1}` } });
    else out.push({ ...base, type: 'survey_response', channel: 'email', properties: { metric: 'nps', score: rnd(11), comment: 'ok' } });
  }
  return out;
}

async function openScratch(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) return { database: await openDatabase({ memory: true }), drop: async () => {} };
  const dbName = `kunde_bench_${randomToken(8).toLowerCase()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${dbName}`;
  const database = await openDatabase({ databaseUrl: u.toString(), poolSize: 10 });
  return {
    database,
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${dbName} with (force)`);
      await c.end();
    },
  };
}

/** Runs the batches through `clients` parallel workers; returns events per second. */
async function drive<T>(batches: T[], clients: number, send: (batch: T) => Promise<void>): Promise<number> {
  let next = 0;
  let events = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < batches.length) {
        const b = batches[next++];
        await send(b);
        events += (b as unknown[]).length;
      }
    }),
  );
  return events / ((performance.now() - t0) / 1000);
}

const COLUMNS = ['workspace_id', 'id', 'customer_id', 'origin_customer_id', 'client_id', 'type', 'occurred_at', 'channel', 'touchpoint', 'amount', 'currency', 'properties'];

export async function run(): Promise<BenchRow[]> {
  const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  const total = Number(process.env.BENCH_EVENTS ?? (engine === 'postgres' ? 100_000 : 20_000));
  const clients = Number(process.env.BENCH_CLIENTS ?? (engine === 'postgres' ? 4 : 1));
  const segmentCount = Number(process.env.BENCH_SEGMENTS ?? 30);
  const { database, drop } = await openScratch();
  const config = loadConfig({ KUNDE_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', RATE_LIMIT_API_PER_MINUTE: '1000000', PORT: '0', HOST: '127.0.0.1' });
  const rt = await openRuntime(config, { database, work: false, logger: createLogger('silent') });
  const app = await buildApp(rt.ctx, allRoutes);
  const out: BenchRow[] = [];
  const row = (metric: string, value: number, unit: string, extra: Partial<BenchRow> = {}) =>
    out.push({ bench: name, engine, metric, value: Math.round(value), unit, ...extra });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const { workspaceId } = await createWorkspaceWithOwner(rt.ctx.db, { workspaceName: 'Bench', email: `bench-${randomToken(6).toLowerCase()}@example.com`, password: `pw-${randomToken(16)}` });
    const { key } = await createApiKey(rt.ctx.db, systemActor(workspaceId), { name: 'bench', role: 'admin' });
    const segmentIds: string[] = [];
    for (const seg of benchSegments(segmentCount)) {
      const res = await fetch(`${base}/api/v1/segments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(seg),
      });
      if (res.status !== 201) throw new Error(`POST /segments answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      segmentIds.push(((await res.json()) as { id: string }).id);
    }
    // One segment refers to another, as nested segments do (a second dependency level).
    if (segmentIds.length > 2) {
      await fetch(`${base}/api/v1/segments/${segmentIds.at(-1)}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ rules: { all: [{ segment: segmentIds[0], op: 'in' }, { field: 'npsCategory', op: 'eq', value: 'promoter' }] } }),
      });
    }
    const events = generateEvents(total);
    const batches: BenchEvent[][] = [];
    for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH));

    let rejected = 0;
    const post = async (batch: BenchEvent[]) => {
      const res = await fetch(`${base}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: batch }),
      });
      if (res.status !== 200) throw new Error(`POST /events answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      rejected += ((await res.json()) as { rejected: number }).rejected;
    };
    const t0 = performance.now();
    const apiRate = await drive(batches, clients, post);
    const answered = performance.now();
    await waitForTraits(rt.ctx, workspaceId, 30 * 60_000);
    const caughtUp = performance.now();
    const settledRate = total / ((caughtUp - t0) / 1000);

    // The same rows, already resolved to customers, straight into customer_events of another workspace.
    const rawWs = newId();
    const customerIds = Array.from({ length: Math.ceil(total / 5) + 1 }, () => newId());
    const rawBatches = batches.map((b, bi) =>
      b.map((e, i) => {
        const cid = customerIds[(bi * BATCH + i) % customerIds.length];
        const p = e.properties;
        return [rawWs, newId(), cid, cid, e.id, e.type, e.occurredAt, e.channel, e.touchpoint ?? null, (p.amount as number) ?? null, (p.currency as string) ?? null, JSON.stringify(p)];
      }),
    );
    const insertRaw = async (rows: unknown[][]) => {
      const values = rows.map((_, r) => `(${COLUMNS.map((__, c) => `$${r * COLUMNS.length + c + 1}`).join(',')})`).join(',');
      await database.raw.query(`insert into customer_events (${COLUMNS.join(',')}) values ${values}`, rows.flat());
    };
    const rawRate = await drive(rawBatches, clients, insertRaw);

    row('API ingest, batches of 500', apiRate, 'events/s', {
      baseline: Math.round(rawRate),
      target: engine === 'postgres' ? '≥ 20,000 events/s' : undefined,
      note: `${Math.round((apiRate / rawRate) * 100)} % of raw INSERT; ${total.toLocaleString('en')} events, ${clients} clients, ${segmentCount} segments, ${rejected} rejected`,
    });
    row('API ingest until traits and segments caught up', settledRate, 'events/s', {
      baseline: Math.round(rawRate),
      note: `traits and membership current ${((caughtUp - answered) / 1000).toFixed(2)} s after the last 2xx`,
    });
    row('raw multi-row INSERT into customer_events', rawRate, 'events/s', { note: 'same rows, customers already known, no validation' });

    const retry = batches.slice(0, Math.min(20, batches.length));
    const retryRate = await drive(retry, clients, post);
    row('API retry of stored batches (all duplicates)', retryRate, 'events/s');
    const [counts] = (
      await database.raw.query<{ customers: number; merged: number; events: number }>(
        `select (select count(*)::int from customers where workspace_id = $1 and merged_into is null) as customers,
                (select count(*)::int from customer_merges where workspace_id = $1) as merged,
                (select count(*)::int from customer_events where workspace_id = $1) as events`,
        [workspaceId],
      )
    ).rows;
    row('profiles after ingest', counts.customers, 'customers', { note: `${counts.merged} merges, ${counts.events.toLocaleString('en')} events stored` });
  } finally {
    await app.close();
    await rt.close();
    await drop();
  }
  return out;
}

runIfMain(import.meta.url, run);
