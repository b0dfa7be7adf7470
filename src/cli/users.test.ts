import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, loginAs, type TestWorkspace } from '../../test/factories.js';
import { addMember, createUser, listUsers, resetUserPassword } from '../accounts/users.service.js';
import { listWorkspaces } from '../accounts/workspaces.service.js';
import { auditLog } from '../audit/audit.tables.js';
import { cliActor, resolveWorkspace } from './options.js';

// The services behind `kunde users|workspaces` and the workspace choice every command makes, run
// in-process (the spawned CLI itself is covered once in cli.test.ts).
let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const auditOf = (workspaceId: string, action: string) =>
  t.rt.ctx.db.select().from(auditLog).where(and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.action, action)));

describe('choosing the workspace', () => {
  it('needs one, takes the only one, and lists the candidates when there are several', async () => {
    await expect(resolveWorkspace(t.rt.ctx.db, undefined)).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('kunde setup') });
    a = await buildWorkspace(t.rt.ctx, 'Acme');
    expect(await resolveWorkspace(t.rt.ctx.db, undefined)).toEqual({ id: a.workspaceId, name: 'Acme' });
    b = await buildWorkspace(t.rt.ctx, 'Beta');
    await expect(resolveWorkspace(t.rt.ctx.db, undefined)).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(new RegExp(`--workspace[\\s\\S]*${a.workspaceId}[\\s\\S]*${b.workspaceId}`)),
    });
    expect((await resolveWorkspace(t.rt.ctx.db, b.workspaceId)).name).toBe('Beta');
    await expect(resolveWorkspace(t.rt.ctx.db, 'acme')).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(resolveWorkspace(t.rt.ctx.db, '01890000-0000-7000-8000-000000000000')).rejects.toMatchObject({ code: 'not_found' });
    expect((await listWorkspaces(t.rt.ctx.db)).map((w) => [w.name, w.members])).toEqual([['Acme', 1], ['Beta', 1]]);
  });
});

describe('users', () => {
  it('creates a login in a workspace, audited as the CLI, and refuses a second login for the e-mail', async () => {
    const user = await createUser(t.rt.ctx.db, cliActor(a.workspaceId), { email: 'Agent@Example.com', password: 'a long enough password', name: 'Agnes', role: 'agent' });
    expect(user).toMatchObject({ email: 'agent@example.com', role: 'agent', workspaceId: a.workspaceId });
    const [entry] = await auditOf(a.workspaceId, 'member.added');
    expect(entry).toMatchObject({ actorType: 'system', actorLabel: 'cli', targetId: user.userId });
    expect((await call(t.app, 'POST', '/api/v1/auth/login', { body: { email: 'agent@example.com', password: 'a long enough password' } })).status).toBe(200);
    await expect(createUser(t.rt.ctx.db, cliActor(b.workspaceId), { email: 'agent@EXAMPLE.com', password: 'another long password', role: 'viewer' })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('adds an existing login to another workspace once, and never grants more than the granter holds', async () => {
    const added = await addMember(t.rt.ctx.db, cliActor(b.workspaceId), { email: 'agent@example.com', role: 'analyst' });
    expect(added).toMatchObject({ workspaceId: b.workspaceId, role: 'analyst' });
    await expect(addMember(t.rt.ctx.db, cliActor(b.workspaceId), { email: 'agent@example.com', role: 'viewer' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('role analyst'),
    });
    await expect(addMember(t.rt.ctx.db, cliActor(b.workspaceId), { email: 'nobody@example.com', role: 'viewer' })).rejects.toMatchObject({ code: 'not_found' });
    const admin = { ...cliActor(b.workspaceId), role: 'admin' as const };
    await expect(addMember(t.rt.ctx.db, admin, { email: a.email, role: 'owner' })).rejects.toMatchObject({ code: 'forbidden' });
    const listed = (await listUsers(t.rt.ctx.db)).find((u) => u.email === 'agent@example.com');
    expect(listed?.workspaces.map((w) => `${w.name}:${w.role}`)).toEqual(['Acme:agent', 'Beta:analyst']);
  });

  it('resets a password: the old one stops working, every session ends, each workspace audits it', async () => {
    const session = await loginAs(t.app, 'agent@example.com', 'a long enough password');
    const reset = await resetUserPassword(t.rt.ctx.db, 'cli', { email: 'AGENT@example.com', password: 'the new long password' });
    expect(reset.sessionsEnded).toBeGreaterThanOrEqual(1);
    expect((await call(t.app, 'GET', '/api/v1/me', { headers: { cookie: session.cookie } })).status).toBe(401);
    expect((await call(t.app, 'POST', '/api/v1/auth/login', { body: { email: 'agent@example.com', password: 'a long enough password' } })).status).toBe(401);
    expect((await call(t.app, 'POST', '/api/v1/auth/login', { body: { email: 'agent@example.com', password: 'the new long password' } })).status).toBe(200);
    expect(await auditOf(a.workspaceId, 'user.password_reset')).toHaveLength(1);
    expect(await auditOf(b.workspaceId, 'user.password_reset')).toHaveLength(1);
    await expect(resetUserPassword(t.rt.ctx.db, 'cli', { email: 'nobody@example.com', password: 'the new long password' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
