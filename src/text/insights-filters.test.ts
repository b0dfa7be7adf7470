import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
import { analyzeSourceTexts } from './text.service.js';

let t: TestApp;
let a: TestWorkspace;

interface Insights { texts: number; themes: { theme: string; mentions: number }[]; cooccurrence: { a: string; b: string; count: number }[]; phrases: { phrase: string; count: number; negative: number }[]; trend: { texts: number; themes: Record<string, number> }[] }

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Insight filters');
  const now = new Date();
  await analyzeSourceTexts(t.rt.ctx.db, a.workspaceId, [
    { source: 's', sourceId: '1', text: 'The delivery was late and the price too high', language: 'en', touchpoint: 'checkout', channel: 'email', team: 'DK', occurredAt: now },
    { source: 's', sourceId: '2', text: 'Leveringen var for sen', language: 'da', touchpoint: 'checkout', channel: 'sms', team: 'DK', occurredAt: now },
    { source: 's', sourceId: '3', text: '配送太慢了', language: 'zh', touchpoint: 'support', channel: 'email', team: 'CN', occurredAt: now },
  ]);
});
afterAll(async () => t?.close());

const insights = (q: string) => call<Insights>(t.app, 'GET', `/api/v1/text/insights${q}`, { key: a.keys.viewer });

describe('insight filters, co-occurrence, phrase cloud and trend', () => {
  it('filters by touchpoint, channel and team, and merges "levering", "delivery" and "配送" into one phrase', async () => {
    const all = await insights('');
    expect(all.body.texts).toBe(3);
    expect(all.body.phrases.find((p) => p.phrase === 'delivery')?.count).toBe(3);
    expect(all.body.cooccurrence).toEqual([{ a: 'delivery', b: 'price', count: 1 }]);
    expect(all.body.trend.at(-1)).toMatchObject({ texts: 3, themes: { delivery: 3, price: 1 } });
    expect((await insights('?touchpoint=checkout')).body.texts).toBe(2);
    expect((await insights('?channel=email')).body.texts).toBe(2);
    expect((await insights('?team=CN&language=zh')).body.texts).toBe(1);
    expect((await insights(`?personaId=${randomUUID()}`)).body.texts).toBe(0);
  });

  it('answers bad filters with problem+json', async () => {
    for (const q of ['?segmentId=nope', '?personaId=1', '?touchpoint=']) {
      const r = await insights(q);
      expect(r.status, q).toBeGreaterThanOrEqual(400);
      expect(r.status, q).toBeLessThan(500);
      expect(r.contentType).toContain('application/problem+json');
    }
  });
});
