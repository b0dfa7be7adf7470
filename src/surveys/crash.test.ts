import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { randomToken } from '../platform/ids.js';
import { NPS_SURVEY } from './test-kit.js';

/*
 * Durability of acknowledged responses: `kunde serve` in a child process takes a burst of
 * submissions, each with its own Idempotency-Key, and is killed with SIGKILL in the middle of it.
 * After a restart every submission is retried with its key: each acknowledged one must come back
 * with the id it was acknowledged with, and the survey must hold exactly one response per key.
 * PGlite in a data directory by default; a fresh database on DATABASE_URL when set.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BURST = 200;
const dataDir = mkdtempSync(join(tmpdir(), 'kunde-crash-'));
const port = 20000 + Math.floor(Math.random() * 20000);
const base = `http://127.0.0.1:${port}`;
let pgName: string | undefined;
let child: ChildProcess | undefined;

async function databaseUrl(): Promise<string | undefined> {
  const server = process.env.DATABASE_URL;
  if (!server) return undefined;
  pgName = `kunde_crash_${randomToken(8).toLowerCase()}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${pgName}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${pgName}`;
  return url.toString();
}

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  if (pgName && process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${pgName} with (force)`);
    await admin.end();
  }
});

function kunde(env: NodeJS.ProcessEnv, args: string[]): ChildProcess {
  return spawn(process.execPath, [join(ROOT, 'bin/kunde.mjs'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function runToEnd(env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  const c = kunde(env, args);
  let out = '';
  let err = '';
  c.stdout!.on('data', (d) => (out += d));
  c.stderr!.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => c.on('exit', resolve));
  if (code !== 0) throw new Error(`kunde ${args[0]} exited ${code}: ${err.slice(-500)}`);
  return out;
}

async function serve(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const c = kunde(env, ['serve']);
  let log = '';
  c.stderr!.on('data', (d) => (log = (log + d).slice(-2000)));
  c.stdout!.on('data', (d) => (log = (log + d).slice(-2000)));
  // The first start may build the dashboard and widget bundles.
  for (const deadline = Date.now() + 300_000; Date.now() < deadline; ) {
    if (c.exitCode !== null) throw new Error(`kunde serve exited ${c.exitCode}: ${log}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return c;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`kunde serve did not start: ${log}`);
}

type Ack = { status: number; id?: string };

async function submit(surveyId: string, i: number): Promise<Ack> {
  try {
    const res = await fetch(`${base}/api/v1/public/surveys/${surveyId}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `crash-${i}` },
      body: JSON.stringify({ answers: { q1: i % 11, q2: `answer ${i}` }, finished: true }),
    });
    const body = (await res.json()) as { id?: string };
    return { status: res.status, id: body.id };
  } catch {
    return { status: 0 }; // the connection died with the server: not acknowledged
  }
}

describe('kill -9 during a burst of idempotent submissions', () => {
  it('loses no acknowledged response and stores none twice after a restart and full retry', async () => {
    const url = await databaseUrl();
    const env: NodeJS.ProcessEnv = {
      ...process.env, KUNDE_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', KUNDE_DEMO: 'false',
      RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000', RATE_LIMIT_API_PER_MINUTE: '1000000',
    };
    if (url) env.DATABASE_URL = url;
    else delete env.DATABASE_URL;
    const setup = JSON.parse((await runToEnd(env, ['setup', '--workspace', 'Crash', '--email', 'crash@example.com', '--password', 'a long enough password', '--json'])).trim().split('\n').pop()!) as { apiKey: string };
    const auth = { authorization: `Bearer ${setup.apiKey}`, 'content-type': 'application/json' };

    const say = (m: string) => process.stderr.write(`[crash test] ${new Date().toISOString()} ${m}\n`);
    say('setup done');
    child = await serve(env);
    say('server up');
    const created = (await (await fetch(`${base}/api/v1/surveys`, { method: 'POST', headers: auth, body: JSON.stringify(NPS_SURVEY) })).json()) as { id: string };
    await fetch(`${base}/api/v1/surveys/${created.id}/publish`, { method: 'POST', headers: { authorization: auth.authorization } });

    // The burst: 16 submissions in flight at a time; the server dies once a quarter is acknowledged.
    const acks = new Map<number, Ack>();
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < BURST) {
        const i = next++;
        const r = await submit(created.id, i);
        acks.set(i, r);
        if (!killed && [...acks.values()].filter((a) => a.status === 201).length >= BURST / 4) {
          killed = true;
          child!.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    say(`burst done: ${[...acks.values()].filter((a) => a.status === 201).length} acknowledged`);
    expect(killed).toBe(true);
    const acknowledged = [...acks].filter(([, a]) => a.status === 201);
    expect(acknowledged.length).toBeGreaterThanOrEqual(BURST / 4);
    expect(acknowledged.length).toBeLessThan(BURST);
    // A process killed by a signal has signalCode set and exitCode null.
    await new Promise<void>((resolve) => (child!.exitCode !== null || child!.signalCode !== null ? resolve() : child!.once('exit', () => resolve())));

    child = await serve(env);
    say('restarted');
    for (let i = 0; i < BURST; i++) {
      const r = await submit(created.id, i);
      expect(r.status, `retry ${i}`).toBe(201);
      const before = acks.get(i);
      if (before?.status === 201) expect(r.id, `acknowledged ${i} came back as another response`).toBe(before.id);
    }
    const summary = (await (await fetch(`${base}/api/v1/surveys/${created.id}/summary`, { headers: { authorization: auth.authorization } })).json()) as {
      responseCount: { total: number };
    };
    expect(summary.responseCount.total).toBe(BURST);
    child.kill('SIGTERM');
  }, 1_000_000);
});
