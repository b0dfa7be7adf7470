import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../test/factories.js';
import { analyzeSourceTexts } from './text.service.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

interface Analysis { language: string; sentiment: string; score: number; themes: string[]; isFeatureRequest: boolean }
interface Model { language: string; examples: number; accuracy: number; baselineAccuracy: number; active: boolean }

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Text A');
  b = await buildWorkspace(t.rt.ctx, 'Text B');
});
afterAll(async () => t?.close());

/**
 * A generated workspace whose customers praise and curse in their own jargon ("glimrende zorp" is good,
 * "klunket" bad) — words no shipped lexicon knows, so only training on its examples can learn them.
 */
function jargonExamples(n: number, seed = 1) {
  const good = ['zorp', 'fnuggly', 'brisk-o', 'plim'];
  const bad = ['klunket', 'grobbish', 'snerted', 'vlek'];
  const filler = ['the order', 'my parcel', 'this box', 'the courier', 'our team', 'the widget'];
  const out: { text: string; sentiment: 'positive' | 'negative' }[] = [];
  let s = seed;
  const pick = <T>(xs: T[]) => xs[(s = (s * 16807) % 2147483647) % xs.length];
  for (let i = 0; i < n; i++) {
    const isGood = i % 2 === 0;
    out.push({ text: `${pick(filler)} was ${pick(isGood ? good : bad)} again, ${pick(filler)} ${pick(isGood ? good : bad)}`, sentiment: isGood ? 'positive' : 'negative' });
  }
  return out;
}

describe('POST /text/analyze', () => {
  it('answers in order with language, sentiment, themes and the feature-request flag', async () => {
    const texts = [
      { text: 'Terrible. The app crashes every time I pay.' },
      { text: 'Super god service, hurtig levering og venligt personale.' },
      { text: '送餐很快，味道也很好，下次还点。' },
      { text: 'Please add a dark mode to the app' },
      { text: 'iyi değil', language: 'tr' },
    ];
    const res = await call<{ results: Analysis[] }>(t.app, 'POST', '/api/v1/text/analyze', { key: a.keys.viewer, body: { texts } });
    expect(res.status).toBe(200);
    const r = res.body.results;
    expect(r.map((x) => x.language)).toEqual(['en', 'da', 'zh', 'en', 'tr']);
    expect(r.map((x) => x.sentiment)).toEqual(['negative', 'positive', 'positive', 'neutral', 'negative']);
    expect(r[0].themes).toContain('usability');
    expect(r[1].themes).toEqual(expect.arrayContaining(['delivery', 'support']));
    expect(r[3].isFeatureRequest).toBe(true);
    expect(r[0].isFeatureRequest).toBe(false);
  });

  it('refuses bad input with problem+json', async () => {
    for (const body of [{ texts: 'not a list' }, { texts: [] }, { texts: [{ text: '' }] }, { texts: [{ text: 'ok', language: 'not a code!' }] }, {}]) {
      const res = await call(t.app, 'POST', '/api/v1/text/analyze', { key: a.keys.viewer, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.contentType).toContain('application/problem+json');
    }
    const tooMany = { texts: Array.from({ length: 1001 }, () => ({ text: 'hi' })) };
    expect((await call(t.app, 'POST', '/api/v1/text/analyze', { key: a.keys.viewer, body: tooMany })).status).toBe(422);
    expect((await call(t.app, 'POST', '/api/v1/text/analyze', { body: { texts: [{ text: 'hi' }] } })).status).toBe(401);
  });
});

describe('examples, training and corrections', () => {
  it('stores examples, trains a model that beats the shipped one on held-out texts, and uses it', async () => {
    const examples = jargonExamples(400);
    const stored = await call<{ stored: number; languages: Record<string, number> }>(t.app, 'POST', '/api/v1/text/examples', {
      key: a.keys.agent,
      body: { examples: examples.map((e) => ({ ...e, language: 'en' })) },
    });
    expect(stored.status).toBe(201);
    expect(stored.body).toEqual({ stored: 400, languages: { en: 400 } });

    expect((await call(t.app, 'POST', '/api/v1/text/models/train', { key: a.keys.agent, body: {} })).status).toBe(403);
    const trained = await call<{ models: Model[] }>(t.app, 'POST', '/api/v1/text/models/train', { key: a.keys.analyst, body: {} });
    expect(trained.status).toBe(200);
    const en = trained.body.models.find((m) => m.language === 'en');
    expect(en).toMatchObject({ examples: 400, active: true });
    expect(en!.accuracy).toBeGreaterThan(0.95);
    expect(en!.baselineAccuracy).toBeLessThan(0.7);

    // Workspace B has no model: its jargon stays unknown to it.
    const probe = { texts: [{ text: 'my parcel was zorp, the courier plim', language: 'en' }, { text: 'this box was grobbish and vlek', language: 'en' }] };
    const inA = await call<{ results: Analysis[] }>(t.app, 'POST', '/api/v1/text/analyze', { key: a.keys.viewer, body: probe });
    expect(inA.body.results.map((r) => r.sentiment)).toEqual(['positive', 'negative']);
    const inB = await call<{ results: Analysis[] }>(t.app, 'POST', '/api/v1/text/analyze', { key: b.keys.viewer, body: probe });
    expect(inB.body.results.map((r) => r.sentiment)).toEqual(['neutral', 'neutral']);
    const models = await call<{ models: Model[] }>(t.app, 'GET', '/api/v1/text/models', { key: b.keys.viewer });
    expect(models.body.models).toEqual([]);
  });

  it('refuses bad examples and the viewer role', async () => {
    const bad = [{ examples: [{ text: 'x', sentiment: 'great' }] }, { examples: [] }, { examples: [{ sentiment: 'positive' }] }];
    for (const body of bad) expect((await call(t.app, 'POST', '/api/v1/text/examples', { key: a.keys.agent, body })).status).toBe(422);
    const ok = { examples: [{ text: 'fine', sentiment: 'positive' }] };
    expect((await call(t.app, 'POST', '/api/v1/text/examples', { key: a.keys.viewer, body: ok })).status).toBe(403);
  });

  it('keeps analyses of other domains, learns from scored comments, and takes corrections', async () => {
    const db = t.rt.ctx.db;
    await analyzeSourceTexts(db, a.workspaceId, [
      { source: 'survey_response', sourceId: 'r1', text: 'Levering tog en uge, og ingen svarede.', rating: { scale: 'nps', value: 3 } },
      { source: 'survey_response', sourceId: 'r2', text: 'Alt var fint', rating: { scale: 'nps', value: 8 } },
    ]);
    const got = await call<Analysis & { correctedSentiment: string | null }>(t.app, 'GET', '/api/v1/text/analyses/survey_response/r1', { key: a.keys.viewer });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ language: 'da', sentiment: 'negative', correctedSentiment: null });
    expect(got.body.themes).toContain('delivery');

    const fixed = await call<Analysis & { correctedSentiment: string }>(t.app, 'PATCH', '/api/v1/text/analyses/survey_response/r2', {
      key: a.keys.agent,
      body: { sentiment: 'positive', themes: ['support'] },
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ sentiment: 'positive', correctedSentiment: 'positive', themes: ['support'] });
    expect((await call(t.app, 'PATCH', '/api/v1/text/analyses/survey_response/r2', { key: a.keys.agent, body: {} })).status).toBe(422);
    expect((await call(t.app, 'PATCH', '/api/v1/text/analyses/survey_response/nope', { key: a.keys.agent, body: { sentiment: 'neutral' } })).status).toBe(404);

    await expectIsolated(t.app, b.keys.admin, [
      { method: 'GET', url: '/api/v1/text/analyses/survey_response/r1' },
      { method: 'PATCH', url: '/api/v1/text/analyses/survey_response/r1', body: { sentiment: 'positive' } },
    ]);
  });
});

describe('GET /text/insights', () => {
  it('ranks themes with NPS impact, flags a rising theme, lists feature requests; another workspace sees none', async () => {
    const insightsWs = await buildWorkspace(t.rt.ctx, 'Insights');
    const ws = insightsWs.workspaceId;
    const now = Date.now();
    const week = 7 * 24 * 60 * 60 * 1000;
    const texts = [];
    for (let w = 7; w >= 0; w--) {
      // Delivery complaints: 1 in 10 every week, then 6 in 10 in the latest week.
      const late = w === 0 ? 6 : 1;
      for (let i = 0; i < 10; i++) {
        const isLate = i < late;
        texts.push({
          source: 'survey_response',
          sourceId: `w${w}-${i}`,
          text: isLate ? 'The delivery was late again, terrible' : i === 9 ? 'Please add a dark mode to the app' : 'Friendly staff, great support',
          language: 'en',
          rating: { scale: 'nps' as const, value: isLate ? 2 : 10 },
          occurredAt: new Date(now - w * week - 1000),
        });
      }
    }
    await analyzeSourceTexts(t.rt.ctx.db, ws, texts);
    const key = insightsWs.keys.viewer;
    const res = await call<{ texts: number; nps: number; themes: { theme: string; mentions: number; npsImpact: number; examples: { text: string }[] }[]; rising: { theme: string; reason: string }[]; featureRequests: { theme: string; count: number }[] }>(
      t.app, 'GET', `/api/v1/text/insights?from=${new Date(now - 8 * week).toISOString()}`, { key },
    );
    expect(res.status).toBe(200);
    expect(res.body.texts).toBe(80);
    const delivery = res.body.themes.find((x) => x.theme === 'delivery')!;
    expect(delivery.mentions).toBe(13);
    // 67 promoters, 13 detractors of 80 → NPS 67.5; without delivery's detractors 100: impact 32.5.
    expect(res.body.nps).toBe(67.5);
    expect(delivery.npsImpact).toBe(32.5);
    expect(delivery.examples[0].text).toContain('late');
    expect(res.body.rising.map((r) => r.theme)).toEqual(['delivery']);
    expect(res.body.featureRequests).toEqual([{ theme: 'usability', count: 8, examples: expect.any(Array) }]);

    const other = await call<{ texts: number }>(t.app, 'GET', '/api/v1/text/insights', { key: b.keys.viewer });
    expect(other.body.texts).toBe(0);
    expect((await call(t.app, 'GET', '/api/v1/text/insights?from=yesterday', { key })).status).toBe(400);
  });
});

