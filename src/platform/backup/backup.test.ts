import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { createWorkspaceWithOwner } from '../../accounts/workspaces.service.js';
import { revokeApiKey, listApiKeys } from '../../accounts/api-keys.service.js';
import { recordAudit } from '../../audit/audit.service.js';
import { systemActor } from '../context.js';
import { selectRows, type Db } from '../db/client.js';
import { AppError } from '../errors.js';
import { writeBackup, type BackupOptions } from './write-backup.js';
import { restoreBackup, type RestoreOptions } from './restore-backup.js';

// Tables with the column types that do not survive a trip through JSON numbers and JS dates, an
// identity column, a text primary key and no primary key at all: the backup must find them by
// itself (nothing registers them) and bring every value back exactly.
const PROBE_SCHEMA = `
  create table backup_probe (
    workspace_id uuid not null, id int generated always as identity, b bytea, n numeric(40,12), f float8, r real,
    a text[], m int[][], j jsonb, ts timestamptz, t timestamp, i interval, d date, primary key (workspace_id, id));
  create table backup_probe_keys (key text primary key, v jsonb not null);
  create table backup_probe_loose (note text, n int);`;

let source: TestApp;
let target: TestApp;
let shared: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

async function backup(db: Db, opts: BackupOptions = {}) {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  const summary = await writeBackup(db, out, { pageSize: 7, ...opts });
  return { file: Buffer.concat(chunks), summary };
}

const restore = (db: Db, file: Buffer, opts: RestoreOptions = {}) => restoreBackup(db, Readable.from(file), opts);

/** The backup's text with the one field allowed to differ (when it was made) blanked out. */
function comparable(file: Buffer): string {
  const text = gunzipSync(file).toString('utf8');
  const nl = text.indexOf('\n');
  return JSON.stringify({ ...JSON.parse(text.slice(0, nl)), createdAt: 'x' }) + text.slice(nl);
}

async function fillProbe(t: TestApp, workspaceId: string, rows: number) {
  const db = t.rt.ctx.db;
  for (let i = 0; i < rows; i++) {
    await db.execute(sql`insert into backup_probe (workspace_id, b, n, f, r, a, m, j, ts, t, i, d) values (
      ${workspaceId}::uuid, ${randomBytes(i % 40)}::bytea, ${`${i}12345678901234567890.123456789012`}::numeric,
      ${['0.1', '1e-300', 'NaN', '-Infinity', '-0', '123456789.123456789'][i % 6]}::float8, ${i / 3}::real,
      ${`{"quote \\"${i}\\"",NULL,"comma, and \\\\ backslash","ünïcödé ✓"}`}::text[], '{{1,2},{3,NULL}}'::int[][],
      ${`{"n": 1.10, "big": 12345678901234567890.5, "nested": {"list": [${i}, null, "x"]}, "ü": "ß"}`}::jsonb,
      ${`2024-02-29 12:34:56.${String(123456 + i).padStart(6, '0')}+05:30`}::timestamptz, '1999-12-31 23:59:59.999999',
      ${`${i} years 2 mons 3 days 04:05:06.789`}::interval, ${i % 2 ? '2024-02-29' : '0044-03-15 BC'}::date)`);
  }
  if (workspaceId !== a.workspaceId) return;
  await db.execute(sql`insert into backup_probe_keys (key, v) values ('a', '[]'), ('B', '{"x": "1.10"}'), ('é', '{"x": 1.10}'), ('a b', 'null')`);
  await db.execute(sql`insert into backup_probe_loose values ('dup', 1), ('dup', 1), (null, null), ('tab\there', 2)`);
}

const count = async (db: Db, table: string) => (await selectRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0].n;

beforeAll(async () => {
  [source, target, shared] = await Promise.all([createTestApp(), createTestApp(), createTestApp()]);
  for (const t of [source, target, shared]) await t.rt.database.raw.exec(PROBE_SCHEMA);
  a = await buildWorkspace(source.rt.ctx, 'Acme');
  b = await buildWorkspace(source.rt.ctx, 'Beta');
  const [key] = await listApiKeys(source.rt.ctx.db, a.workspaceId);
  await revokeApiKey(source.rt.ctx.db, systemActor(a.workspaceId), key.id);
  for (let i = 0; i < 30; i++) {
    await recordAudit(source.rt.ctx.db, { ...systemActor(i % 2 ? a.workspaceId : b.workspaceId), ip: '203.0.113.7' }, {
      action: 'probe.recorded',
      details: { i, text: 'line\nbreak "quoted" ✓', float: 0.1 + 0.2, nested: { deep: [i, { x: null }] } },
    });
  }
  expect((await call(source.app, 'POST', '/api/v1/auth/login', { body: { email: a.email, password: a.password } })).status).toBe(200);
  await fillProbe(source, a.workspaceId, 40);
  await fillProbe(source, b.workspaceId, 5);
});
afterAll(async () => Promise.all([source, target, shared].map((t) => t?.close())));

describe('whole-installation backup', () => {
  it('restores into an empty installation and backs up again byte for byte', async () => {
    const first = await backup(source.rt.ctx.db);
    expect(first.summary.header).toMatchObject({ format: 'kunde-backup', scope: 'installation', workspaceId: null });
    expect(first.summary.header.tables.map((t) => t.name).slice(0, 2)).toEqual(['workspaces', 'users']);
    expect(first.summary.header.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['backup_probe', 'backup_probe_keys', 'backup_probe_loose', 'audit_log', 'memberships']));

    const restored = await restore(target.rt.ctx.db, first.file);
    expect(restored.rows).toBe(first.summary.rows);
    expect(restored.tables.find((t) => t.name === 'backup_probe')?.rows).toBe(45);
    expect(restored.tables.find((t) => t.name === 'sessions')?.rows).toBe(1); // moving house keeps people signed in
    expect(restored.workspaceIds.sort()).toEqual([a.workspaceId, b.workspaceId].sort());

    const second = await backup(target.rt.ctx.db, { pageSize: 1000 });
    expect(comparable(second.file)).toBe(comparable(first.file));
    expect(gunzipSync(first.file).toString()).toContain('\\\\x'); // bytea went through as hex text
  });

  it('keeps logins and keys working, and lets identity columns continue after the restored ids', async () => {
    const login = await call(target.app, 'POST', '/api/v1/auth/login', { body: { email: a.email, password: a.password } });
    expect(login.status).toBe(200);
    expect((await call(target.app, 'GET', '/api/v1/me', { key: b.keys.admin })).status).toBe(200);
    expect((await call(target.app, 'GET', '/api/v1/me', { key: a.keys.viewer })).status).toBe(401); // the newest key, revoked before the backup
    const [row] = await selectRows<{ id: number }>(target.rt.ctx.db, sql`insert into backup_probe (workspace_id) values (${a.workspaceId}::uuid) returning id`);
    expect(row.id).toBe(46);
  });

  it('refuses to restore over an installation that has workspaces, and changes nothing', async () => {
    const { file } = await backup(source.rt.ctx.db);
    const before = await count(target.rt.ctx.db, 'audit_log');
    await expect(restore(target.rt.ctx.db, file)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('already has 2 workspace(s)') });
    await expect(restore(target.rt.ctx.db, file, { workspaceOnly: true })).rejects.toMatchObject({ code: 'bad_request' });
    expect(await count(target.rt.ctx.db, 'audit_log')).toBe(before);
  });
});

describe('one-workspace backup', () => {
  it('holds only that workspace, its tenant rows and its members', async () => {
    const { file, summary } = await backup(source.rt.ctx.db, { workspaceId: a.workspaceId });
    const rows = (name: string) => summary.header.tables.find((t) => t.name === name)?.rows;
    expect(summary.header).toMatchObject({ scope: 'workspace', workspaceId: a.workspaceId });
    expect([rows('workspaces'), rows('users'), rows('memberships'), rows('backup_probe'), rows('api_keys')]).toEqual([1, 1, 1, 40, 5]);
    expect(rows('backup_probe_keys')).toBeUndefined(); // not a tenant table
    expect(gunzipSync(file).toString()).not.toContain(b.workspaceId);
    await expect(backup(source.rt.ctx.db, { workspaceId: '01890000-0000-7000-8000-000000000000' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('joins an installation that already holds another workspace, reusing a user with the same e-mail', async () => {
    const other = await buildWorkspace(shared.rt.ctx, 'Other');
    const existing = await createWorkspaceWithOwner(shared.rt.ctx.db, { workspaceName: 'Mine', email: a.email.toUpperCase(), password: 'a-different-password' });
    const { file } = await backup(source.rt.ctx.db, { workspaceId: a.workspaceId });

    await expect(restore(shared.rt.ctx.db, file)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('--workspace-only') });
    const restored = await restore(shared.rt.ctx.db, file, { workspaceOnly: true });
    expect(restored.reusedUsers).toBe(1);
    expect(restored.tables.find((t) => t.name === 'users')?.rows).toBe(0);
    expect(restored.workspaceIds).toEqual([a.workspaceId]);
    expect(restored.tables.find((t) => t.name === 'sessions')?.rows).toBe(0); // no sign-in carried over
    expect(await count(shared.rt.ctx.db, 'sessions')).toBe(0);

    const members = await selectRows<{ user_id: string }>(shared.rt.ctx.db, sql`select user_id::text from memberships where workspace_id = ${a.workspaceId}::uuid`);
    expect(members).toEqual([{ user_id: existing.userId }]);
    // The existing login keeps its own password and now reaches the restored workspace too.
    const login = await call<{ workspaceId: string }>(shared.app, 'POST', '/api/v1/auth/login', {
      body: { email: a.email, password: 'a-different-password', workspaceId: a.workspaceId },
    });
    expect(login.status).toBe(200);
    expect((await call(shared.app, 'GET', '/api/v1/me', { key: a.keys.admin })).status).toBe(200);
    expect((await call(shared.app, 'GET', '/api/v1/me', { key: other.keys.admin })).status).toBe(200);
    expect(await count(shared.rt.ctx.db, 'workspaces')).toBe(3);

    await expect(restore(shared.rt.ctx.db, file, { workspaceOnly: true })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('already exists') });
  });

  it('rejects damaged and foreign files without changing anything', async () => {
    const { file } = await backup(source.rt.ctx.db, { workspaceId: b.workspaceId });
    const before = await count(shared.rt.ctx.db, 'workspaces');
    const text = gunzipSync(file).toString();
    const { gzipSync } = await import('node:zlib');
    const truncated = gzipSync(text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1)); // end marker cut off
    await expect(restore(shared.rt.ctx.db, truncated, { workspaceOnly: true })).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('incomplete') });
    await expect(restore(shared.rt.ctx.db, file.subarray(0, file.length - 40), { workspaceOnly: true })).rejects.toBeInstanceOf(AppError);
    await expect(restore(shared.rt.ctx.db, Buffer.from('id,name\n1,x\n'))).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('not a kunde-backup') });
    const tampered = gzipSync(text.replace(/"rows":5\b/, '"rows":6'));
    await expect(restore(shared.rt.ctx.db, tampered, { workspaceOnly: true })).rejects.toMatchObject({ code: 'bad_request' });
    const probeRows = '{"table":"backup_probe"}\n["';
    const smuggled = gzipSync(text.replace(probeRows + b.workspaceId, probeRows + a.workspaceId)); // a row moved into another tenant
    expect(smuggled).not.toEqual(gzipSync(text));
    await expect(restore(shared.rt.ctx.db, smuggled, { workspaceOnly: true })).rejects.toMatchObject({ message: expect.stringContaining('another workspace') });
    expect(await count(shared.rt.ctx.db, 'workspaces')).toBe(before);
  });
});
