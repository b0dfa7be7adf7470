import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../test/factories.js';
import { analyzeSourceTexts } from './text.service.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

interface Category { key: string; label: string; rules: Record<string, string[]>; isReadyMade: boolean }
interface Run { id: string; status: string; processed: number; counts: Record<string, number> }

beforeAll(async () => {
  t = await createTestApp({ work: true });
  a = await buildWorkspace(t.rt.ctx, 'Categories A');
  b = await buildWorkspace(t.rt.ctx, 'Categories B');
});
afterAll(async () => t?.close());

const themesOf = async (ws: TestWorkspace, text: string, language?: string) =>
  (await call<{ results: { themes: string[] }[] }>(t.app, 'POST', '/api/v1/text/analyze', { key: ws.keys.viewer, body: { texts: [{ text, language }] } })).body.results[0].themes;

async function finished(runId: string, ws: TestWorkspace): Promise<Run> {
  for (let i = 0; i < 200; i++) {
    const r = await call<Run>(t.app, 'GET', `/api/v1/text/runs/${runId}`, { key: ws.keys.viewer });
    if (r.body.status === 'completed' || r.body.status === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('run did not finish');
}

describe('workspace categories', () => {
  it('starts with the ready-made set; a new rule in several languages tags texts, several per text', async () => {
    const list = await call<{ data: Category[] }>(t.app, 'GET', '/api/v1/text/categories', { key: a.keys.viewer });
    expect(list.body.data.map((c) => c.key)).toEqual(['delivery', 'price', 'product_quality', 'support', 'usability', 'onboarding']);
    expect(list.body.data.every((c) => c.isReadyMade)).toBe(true);

    await analyzeSourceTexts(t.rt.ctx.db, a.workspaceId, [{ source: 'review', sourceId: 'r1', text: 'Gavekortet virkede ikke og levering tog en uge', language: 'da' }]);
    const before = await call<{ themes: string[] }>(t.app, 'GET', '/api/v1/text/analyses/review/r1', { key: a.keys.viewer });
    expect(before.body.themes).toEqual(['delivery']);

    const created = await call<{ category: Category; retagRunId: string }>(t.app, 'POST', '/api/v1/text/categories', {
      key: a.keys.analyst,
      body: { key: 'gift_cards', label: 'Gift cards', rules: { en: ['gift card', 'voucher'], da: ['gavekort'], zh: ['礼品卡'], tr: ['hediye kartı'] } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.category).toMatchObject({ key: 'gift_cards', isReadyMade: false });
    // The re-tag run applies the new rule to the stored text.
    expect(await finished(created.body.retagRunId, a)).toMatchObject({ status: 'completed', counts: { processed: 1, changed: 1 } });
    expect((await call<{ themes: string[] }>(t.app, 'GET', '/api/v1/text/analyses/review/r1', { key: a.keys.viewer })).body.themes).toEqual(['delivery', 'gift_cards']);

    expect(await themesOf(a, 'The voucher did not work and the parcel was late')).toEqual(['delivery', 'gift_cards']);
    expect(await themesOf(a, '礼品卡不能用')).toEqual(['gift_cards']);
    expect(await themesOf(a, 'Hediye kartı çalışmadı', 'tr')).toEqual(['gift_cards']);
    // The other workspace keeps the ready-made set.
    expect(await themesOf(b, 'The voucher did not work')).toEqual([]);

    const all = await call<{ data: Category[] }>(t.app, 'GET', '/api/v1/text/categories', { key: a.keys.viewer });
    expect(all.body.data.map((c) => c.key)).toContain('delivery');
    expect(all.body.data.map((c) => c.key)).toContain('gift_cards');
  });

  it('edits and deletes a ready-made category; the rule change re-tags stored texts', async () => {
    await analyzeSourceTexts(t.rt.ctx.db, b.workspaceId, [{ source: 'review', sourceId: 'r2', text: 'The courier was rude', language: 'en' }]);
    const patched = await call<{ category: Category; retagRunId: string }>(t.app, 'PATCH', '/api/v1/text/categories/delivery', { key: b.keys.admin, body: { label: 'Shipping', rules: { en: ['shipping'] } } });
    expect(patched.status).toBe(200);
    expect(patched.body.category).toMatchObject({ key: 'delivery', label: 'Shipping', rules: { en: ['shipping'] }, isReadyMade: true });
    await finished(patched.body.retagRunId, b);
    expect((await call<{ themes: string[] }>(t.app, 'GET', '/api/v1/text/analyses/review/r2', { key: b.keys.viewer })).body.themes).toEqual(['support']);
    const removed = await call<{ retagRunId: string }>(t.app, 'DELETE', '/api/v1/text/categories/support', { key: b.keys.admin });
    expect(removed.status).toBe(200);
    await finished(removed.body.retagRunId, b);
    expect((await call<{ themes: string[] }>(t.app, 'GET', '/api/v1/text/analyses/review/r2', { key: b.keys.viewer })).body.themes).toEqual([]);
    const keys = (await call<{ data: Category[] }>(t.app, 'GET', '/api/v1/text/categories', { key: b.keys.viewer })).body.data.map((c) => c.key);
    expect(keys).toEqual(['delivery', 'price', 'product_quality', 'usability', 'onboarding']);
  });

  it('refuses bad input, duplicates, the wrong role, and another workspace', async () => {
    for (const body of [{}, { key: 'Bad Key', label: 'x', rules: {} }, { key: 'ok', label: '', rules: {} }, { key: 'ok', label: 'x', rules: { 'not-a-lang!': ['a'] } }, { key: 'ok', label: 'x', rules: { en: [''] } }]) {
      const r = await call(t.app, 'POST', '/api/v1/text/categories', { key: a.keys.admin, body });
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.contentType).toContain('application/problem+json');
    }
    expect((await call(t.app, 'PATCH', '/api/v1/text/categories/price', { key: a.keys.admin, body: {} })).status).toBe(422);
    expect((await call(t.app, 'POST', '/api/v1/text/categories', { key: a.keys.admin, body: { key: 'price', label: 'Price', rules: { en: ['cost'] } } })).status).toBe(409);
    expect((await call(t.app, 'POST', '/api/v1/text/categories', { key: a.keys.agent, body: { key: 'x', label: 'X', rules: { en: ['x'] } } })).status).toBe(403);
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'PATCH', url: '/api/v1/text/categories/gift_cards', body: { label: 'Mine' } },
      { method: 'DELETE', url: '/api/v1/text/categories/gift_cards' },
    ]);
  });
});
