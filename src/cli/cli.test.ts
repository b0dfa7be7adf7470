import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../platform/db/client.js';
import { authenticateApiKey } from '../accounts/api-keys.service.js';
import { listUsers } from '../accounts/users.service.js';

// The real `kunde` command in child processes, on embedded PGlite data directories. Each spawn
// costs seconds (tsx, PGlite start, migrations), so one flow covers the contract end to end.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kunde-cli-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function kunde(dataDir: string, ...args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, KUNDE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL; // always the embedded database here, even when the suite runs on PostgreSQL
  const child = spawn(process.execPath, [join(ROOT, 'bin/kunde.mjs'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** --json must print exactly one JSON document on stdout and nothing else. */
function json<T>(run: Run): T {
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(run.stdout) as T;
}

describe('kunde CLI', () => {
  it('sets up, manages keys and users, backs up and restores into a second data directory', { timeout: 240_000 }, async () => {
    const first = tempDir();
    const second = tempDir();
    const setup = json<{ workspaceId: string; apiKey: string }>(
      await kunde(first, 'setup', '--workspace', 'Acme', '--email', 'owner@example.com', '--password', 'a long enough password', '--json'),
    );
    expect(setup.apiKey).toMatch(/^kunde_[A-Za-z0-9]{8}_[A-Za-z0-9]{32}$/);

    const created = json<{ key: string; prefix: string; role: string; workspaceId: string }>(
      await kunde(first, 'api-keys', 'create', '--name', 'shop sync', '--role', 'viewer', '--json'),
    );
    expect(created).toMatchObject({ role: 'viewer', workspaceId: setup.workspaceId });
    const listed = json<{ data: { id: string; name: string; prefix: string }[] }>(await kunde(first, 'api-keys', 'list', '--json'));
    expect(listed.data.map((k) => k.name).sort()).toEqual(['setup', 'shop sync']);
    expect(JSON.stringify(listed)).not.toContain(created.key.split('_')[2]); // the secret is never shown again

    const users = await kunde(first, 'users', 'list');
    expect(users.code).toBe(0);
    expect(users.stdout).toMatch(/owner@example\.com\s+Acme \(owner\)/);

    const file = join(first, 'acme.ndjson.gz');
    const backup = json<{ file: string; rows: number; scope: string }>(await kunde(first, 'backup', file, '--json'));
    expect(backup).toMatchObject({ file, scope: 'installation' });
    expect(existsSync(file)).toBe(true);

    const restored = json<{ rows: number; workspaceIds: string[] }>(await kunde(second, 'restore', file, '--json'));
    expect(restored).toMatchObject({ rows: backup.rows, workspaceIds: [setup.workspaceId] });

    // The restored installation works: both keys authenticate there, the owner is there, and the
    // CLI's key creation was audited in the original.
    const db = await openDatabase({ dataDir: second });
    try {
      expect(await authenticateApiKey(db.db, setup.apiKey)).toMatchObject({ workspaceId: setup.workspaceId, role: 'admin' });
      expect(await authenticateApiKey(db.db, created.key)).toMatchObject({ role: 'viewer' });
      expect((await listUsers(db.db)).map((u) => u.email)).toEqual(['owner@example.com']);
      const audit = await db.raw.query<{ action: string; actor_label: string }>(`select action, actor_label from audit_log where action = 'api_key.created' and actor_label = 'cli'`);
      expect(audit.rows).toHaveLength(1);
    } finally {
      await db.close();
    }
  });

  it('tells a second process clearly that the embedded database is in use', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const held = await openDatabase({ dataDir: dir, holder: 'kunde serve' });
    try {
      const run = await kunde(dir, 'workspaces', 'list', '--json');
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('in use by a running Kunde process');
      expect(run.stderr).toContain(`pid ${process.pid}`);
      expect(JSON.parse(run.stdout)).toMatchObject({ code: 'locked' });
    } finally {
      await held.close();
    }
    const after = json<{ data: unknown[] }>(await kunde(dir, 'workspaces', 'list', '--json'));
    expect(after.data).toEqual([]);
  });
});
