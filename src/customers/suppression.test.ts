import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
import { idempotencyKeys } from '../platform/http/idempotency.tables.js';
import { erasedIdentities } from './customers.tables.js';
import { keyOf } from './suppression.js';

let t: TestApp;
let a: TestWorkspace;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Suppression');
  // A row as releases before keyed digests stored it, present before the first suppression check.
  await t.rt.ctx.db.insert(erasedIdentities).values({ workspaceId: a.workspaceId, identityHash: sha256('email:legacy@example.com') });
});
afterAll(async () => t?.close());

const stored = async () =>
  (await t.rt.ctx.db.select().from(erasedIdentities).where(eq(erasedIdentities.workspaceId, a.workspaceId))).map((r) => r.identityHash);
const event = (customer: object) => call<{ results: { status: string; error?: string; customerId?: string }[] }>(t.app, 'POST', '/api/v1/events', { key: a.keys.admin, body: { events: [{ type: 'signup', customer }] } });

describe('suppression list of erased identifiers', () => {
  it('converts rows stored as plain SHA-256 to the keyed digest, and they keep suppressing', async () => {
    const r = await event({ email: 'legacy@example.com' });
    expect(r.body.results[0]).toMatchObject({ status: 'rejected', error: 'customer was erased' });
    const rows = await stored();
    expect(rows).not.toContain(sha256('email:legacy@example.com'));
    expect(rows.every((h) => h.startsWith('h1:'))).toBe(true);
  });

  it('stores keyed digests that a dictionary of plain hashes cannot match, and still suppresses', async () => {
    const email = 'dictionary@example.com';
    const id = (await event({ email, phone: '+4511223344' })).body.results[0].customerId!;
    expect((await call(t.app, 'DELETE', `/api/v1/customers/${id}`, { key: a.keys.admin })).status).toBe(200);
    const rows = await stored();
    for (const plain of [`email:${email}`, 'phone:+4511223344']) {
      expect(rows).not.toContain(sha256(plain));
      expect(rows.some((h) => h.includes(sha256(plain)))).toBe(false);
    }
    expect((await event({ email })).body.results[0]).toMatchObject({ status: 'rejected', error: 'customer was erased' });
    expect((await call(t.app, 'POST', '/api/v1/customers', { key: a.keys.admin, body: { phone: '0045 11 22 33 44' } })).status).toBe(409);
  });

  it('keys digests with the secret: another secret gives another digest, and the key is marked on the row', () => {
    const one = keyOf(Buffer.alloc(32, 1));
    const two = keyOf(Buffer.alloc(32, 2));
    const i = { kind: 'email', value: 'x@example.com' };
    expect(one.digest(i)).not.toBe(two.digest(i));
    expect(one.digest(i)).toMatch(new RegExp(`^h1:${one.fingerprint}:[0-9a-f]{64}$`));
    expect(one.digest(i)).toBe(one.fromLegacy(sha256('email:x@example.com')));
  });
});

describe('erasure and stored Idempotency-Key replies', () => {
  it('forgets replies that hold the person’s data, so a retry cannot hand them out, and keeps id-only ones', async () => {
    const email = 'replayed@example.com';
    const body = { email, name: 'Replay Me' };
    const headers = { 'idempotency-key': 'create-replay-me' };
    const first = await call<{ id: string }>(t.app, 'POST', '/api/v1/customers', { key: a.keys.admin, body, headers });
    expect(first.status).toBe(201);
    const note = { text: 'call back on Monday' };
    const noteHeaders = { 'idempotency-key': 'note-replay-me' };
    expect((await call(t.app, 'POST', `/api/v1/customers/${first.body.id}/notes`, { key: a.keys.admin, body: note, headers: noteHeaders })).status).toBe(201);
    const batch = { events: [{ id: 'evt-replay-1', type: 'page_view', customer: { id: first.body.id } }] };
    const batchHeaders = { 'idempotency-key': 'events-replay-me' };
    expect((await call(t.app, 'POST', '/api/v1/events', { key: a.keys.admin, body: batch, headers: batchHeaders })).status).toBe(200);
    const replay = await call(t.app, 'POST', '/api/v1/customers', { key: a.keys.admin, body, headers });
    expect(replay.headers['idempotent-replayed']).toBe('true');

    expect((await call(t.app, 'DELETE', `/api/v1/customers/${first.body.id}`, { key: a.keys.admin })).status).toBe(200);
    const left = (await t.rt.ctx.db.select().from(idempotencyKeys)).filter((k) => k.scope.startsWith(a.workspaceId));
    expect(JSON.stringify(left)).not.toContain(email);
    expect(JSON.stringify(left)).not.toContain('Replay Me');
    expect(JSON.stringify(left)).not.toContain('call back');

    const retried = await call(t.app, 'POST', '/api/v1/customers', { key: a.keys.admin, body, headers });
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(retried.status).toBe(409);
    expect(JSON.stringify(retried.body)).not.toContain('Replay Me');
    const retriedNote = await call(t.app, 'POST', `/api/v1/customers/${first.body.id}/notes`, { key: a.keys.admin, body: note, headers: noteHeaders });
    expect(retriedNote.status).toBe(409);
    // The batch reply holds only ids: it is still replayed, so a retried batch is not stored twice.
    const retriedBatch = await call(t.app, 'POST', '/api/v1/events', { key: a.keys.admin, body: batch, headers: batchHeaders });
    expect(retriedBatch.headers['idempotent-replayed']).toBe('true');
  });
});
