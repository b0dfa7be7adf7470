import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../../test/factories.js';
import { insertCustomer } from '../../../test/customer-rows.js';
import { MAX_AVATAR_BYTES } from './personas.schemas.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

interface Persona {
  id: string;
  name: string;
  avatar: string | null;
  goals: string[];
  painPoints: string[];
  preferredChannels: string[];
  demographics: Record<string, string>;
  matchedCount: number;
  share: number;
  countedAt: string;
}

const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const bargainHunter = {
  name: 'Bargain-hunting Birgit',
  description: 'Buys often, small baskets, waits for campaigns.',
  avatar: 'preset:bargain-hunter',
  demographics: { ageBand: '35-44', gender: 'female', incomeBand: 'middle', location: 'Aarhus', occupation: 'Nurse' },
  goals: ['Get good value'],
  motivations: ['Discounts', 'Free delivery'],
  painPoints: ['Delivery fees'],
  preferredChannels: ['email', 'app'],
  rules: { all: [{ field: 'country', op: 'eq', value: 'DK' }, { field: 'orderCount', op: 'gte', value: 3 }] },
};

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Personas A');
  b = await buildWorkspace(t.rt.ctx, 'Personas B');
  const db = t.rt.ctx.db;
  await insertCustomer(db, a.workspaceId, { country: 'DK', orderCount: 5 });
  await insertCustomer(db, a.workspaceId, { country: 'DK', orderCount: 1 });
  await insertCustomer(db, a.workspaceId, { country: 'SE', orderCount: 7 });
  await insertCustomer(db, a.workspaceId, { country: 'DK', orderCount: 9, erasedAt: new Date() });
});
afterAll(async () => t?.close());

describe('personas', () => {
  it('creates a persona and counts the customers who fit it, with their share', async () => {
    const r = await call<Persona>(t.app, 'POST', '/api/v1/personas', { key: a.keys.analyst, body: bargainHunter });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: bargainHunter.name, avatar: 'preset:bargain-hunter', goals: ['Get good value'], matchedCount: 1, share: 0.3333 });
    expect(r.body.demographics).toMatchObject({ location: 'Aarhus' });

    // Counts are cached for a minute; ?refresh=true counts again.
    await insertCustomer(t.rt.ctx.db, a.workspaceId, { country: 'DK', orderCount: 3 });
    const cached = await call<Persona>(t.app, 'GET', `/api/v1/personas/${r.body.id}`, { key: a.keys.viewer });
    expect(cached.body.matchedCount).toBe(1);
    const fresh = await call<Persona>(t.app, 'GET', `/api/v1/personas/${r.body.id}?refresh=true`, { key: a.keys.viewer });
    expect(fresh.body).toMatchObject({ matchedCount: 2, share: 0.5 });
    expect(new Date(fresh.body.countedAt).getTime()).toBeGreaterThanOrEqual(new Date(cached.body.countedAt).getTime());
  });

  it('lists, updates (a new rule is counted at once) and deletes personas', async () => {
    const swede = await call<Persona>(t.app, 'POST', '/api/v1/personas', {
      key: a.keys.analyst, body: { name: 'Sven', avatar: PIXEL, rules: { field: 'country', op: 'eq', value: 'SE' } },
    });
    expect(swede.status).toBe(201);
    expect(swede.body).toMatchObject({ avatar: PIXEL, goals: [], matchedCount: 1 });

    const list = await call<{ data: Persona[]; nextCursor: string | null }>(t.app, 'GET', '/api/v1/personas?limit=1', { key: a.keys.viewer });
    expect(list.body.data.map((p) => p.name)).toEqual(['Sven']);
    const next = await call<{ data: Persona[] }>(t.app, 'GET', `/api/v1/personas?cursor=${list.body.nextCursor}`, { key: a.keys.viewer });
    expect(next.body.data.map((p) => p.name)).toEqual([bargainHunter.name]);

    const patched = await call<Persona>(t.app, 'PATCH', `/api/v1/personas/${swede.body.id}`, {
      key: a.keys.analyst, body: { painPoints: ['Slow support'], rules: { field: 'country', op: 'in', value: ['SE', 'DK'] } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ painPoints: ['Slow support'], matchedCount: 4, share: 1, avatar: PIXEL });

    expect((await call(t.app, 'DELETE', `/api/v1/personas/${swede.body.id}`, { key: a.keys.analyst })).status).toBe(204);
    expect((await call(t.app, 'GET', `/api/v1/personas/${swede.body.id}`, { key: a.keys.analyst })).status).toBe(404);
  });

  it('matches through a segment, which then cannot be deleted', async () => {
    const seg = await call<{ id: string }>(t.app, 'POST', '/api/v1/segments', { key: a.keys.analyst, body: { name: 'Swedes', rules: { field: 'country', op: 'eq', value: 'SE' } } });
    const p = await call<Persona>(t.app, 'POST', '/api/v1/personas', { key: a.keys.analyst, body: { name: 'Via segment', rules: { segment: seg.body.id } } });
    expect(p.body.matchedCount).toBe(1);
    const del = await call<{ usedBy: { personas: string[] } }>(t.app, 'DELETE', `/api/v1/segments/${seg.body.id}`, { key: a.keys.analyst });
    expect(del.status).toBe(409);
    expect(del.body.usedBy.personas).toEqual([p.body.id]);
  });

  it('keeps workspaces apart', async () => {
    const p = await call<Persona>(t.app, 'POST', '/api/v1/personas', { key: a.keys.analyst, body: bargainHunter });
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'GET', url: `/api/v1/personas/${p.body.id}` },
      { method: 'PATCH', url: `/api/v1/personas/${p.body.id}`, body: { name: 'mine now' } },
      { method: 'DELETE', url: `/api/v1/personas/${p.body.id}` },
    ]);
    const list = await call<{ data: Persona[] }>(t.app, 'GET', '/api/v1/personas', { key: b.keys.admin });
    expect(list.body.data).toEqual([]);
    // Nor can a persona's rule lean on another workspace's segment (it would count A's customers).
    const seg = await call<{ id: string }>(t.app, 'POST', '/api/v1/segments', { key: a.keys.analyst, body: { name: 'Danes', rules: { field: 'country', op: 'eq', value: 'DK' } } });
    expect(seg.status).toBe(201);
    const own = await call<Persona>(t.app, 'POST', '/api/v1/personas', { key: b.keys.analyst, body: bargainHunter });
    for (const [method, url] of [['POST', '/api/v1/personas'], ['PATCH', `/api/v1/personas/${own.body.id}`]] as const) {
      const r = await call(t.app, method, url, { key: b.keys.admin, body: { ...bargainHunter, rules: { segment: seg.body.id } } });
      expect({ url, status: r.status }).toEqual({ url, status: 422 });
      expect(r.contentType).toContain('application/problem+json');
    }
  });

  it('answers bad input with 4xx problem+json', async () => {
    const p = await call<Persona>(t.app, 'POST', '/api/v1/personas', { key: a.keys.analyst, body: bargainHunter });
    const tooBig = `data:image/png;base64,${'A'.repeat(Math.ceil((MAX_AVATAR_BYTES * 4) / 3) + 8)}`;
    const cases: [string, string, unknown, number, string?][] = [
      ['POST', '/api/v1/personas', { ...bargainHunter, name: '' }, 422, 'body.name'],
      ['POST', '/api/v1/personas', { name: 'No rule' }, 422, 'body.rules'],
      ['POST', '/api/v1/personas', { ...bargainHunter, avatar: 'preset:unicorn' }, 422, 'body.avatar'],
      ['POST', '/api/v1/personas', { ...bargainHunter, avatar: 'https://example.com/me.png' }, 422, 'body.avatar'],
      ['POST', '/api/v1/personas', { ...bargainHunter, avatar: 'data:image/svg+xml;base64,PHN2Zz4=' }, 422, 'body.avatar'],
      ['POST', '/api/v1/personas', { ...bargainHunter, avatar: tooBig }, 422, 'body.avatar'],
      ['POST', '/api/v1/personas', { ...bargainHunter, goals: Array.from({ length: 21 }, (_, i) => `goal ${i}`) }, 422, 'body.goals'],
      ['POST', '/api/v1/personas', { ...bargainHunter, rules: { all: [{ field: 'country', op: 'gte', value: 'DK' }] } }, 422, 'body.rules.all.0.op'],
      ['POST', '/api/v1/personas', { ...bargainHunter, rules: { attribute: 'nope', op: 'eq', value: 1 } }, 422, 'body.rules.attribute'],
      ['PATCH', `/api/v1/personas/${p.body.id}`, {}, 422],
      ['GET', '/api/v1/personas/nope', undefined, 400],
      ['GET', `/api/v1/personas/${p.body.id}?refresh=maybe`, undefined, 400],
      ['GET', '/api/v1/personas?limit=1000', undefined, 400],
    ];
    for (const [method, url, body, status, path] of cases) {
      const r = await call<{ errors?: { path: string }[] }>(t.app, method as 'GET', url, { key: a.keys.admin, body });
      expect({ url, status: r.status }).toEqual({ url, status });
      expect(r.contentType).toContain('application/problem+json');
      if (path) expect(r.body.errors?.map((e) => e.path)).toContain(path);
    }
    expect((await call(t.app, 'POST', '/api/v1/personas', { key: a.keys.viewer, body: bargainHunter })).status).toBe(403);
  });
});
