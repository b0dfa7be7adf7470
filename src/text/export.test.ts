import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
import { waitForTraits } from '../customers/traits.service.js';
import { analyzeSourceTexts } from './text.service.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
let buyer: string;
let segmentId: string;
const now = Date.now();
const ago = (days: number) => new Date(now - days * 86_400_000);

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Text export A');
  b = await buildWorkspace(t.rt.ctx, 'Text export B');
  const bought = await call<{ results: { customerId: string }[] }>(t.app, 'POST', '/api/v1/events', {
    key: a.keys.admin, body: { events: [{ type: 'purchase', customer: { email: 'buyer@example.com' }, properties: { amount: 5000, currency: 'EUR' } }] },
  });
  buyer = bought.body.results[0].customerId;
  const seg = await call<{ id: string }>(t.app, 'POST', '/api/v1/segments', {
    key: a.keys.analyst, body: { name: 'Buyers', rules: { event: { type: 'purchase', withinDays: 90 }, measure: 'count', op: 'gte', value: 1 } },
  });
  expect(seg.status).toBe(201);
  segmentId = seg.body.id;
  await waitForTraits(t.rt.ctx, a.workspaceId);
  await analyzeSourceTexts(t.rt.ctx.db, a.workspaceId, [
    { source: 's', sourceId: 'f1', text: '=HYPERLINK("http://evil.example","click") delivery was late', language: 'en', touchpoint: 'checkout', channel: 'web', team: 'DK', occurredAt: ago(1), customerId: buyer },
    { source: 's', sourceId: 'f2', text: '+45 called, the delivery never came', language: 'en', touchpoint: 'checkout', channel: 'sms', team: 'DK', occurredAt: ago(2), rating: { scale: 'nps', value: 2 } },
    { source: 's', sourceId: 'f3', text: 'Leveringen var hurtig, tak', language: 'da', touchpoint: 'support', channel: 'web', team: 'DK', occurredAt: ago(3), rating: { scale: 'nps', value: 10 } },
    { source: 's', sourceId: 'f4', text: 'Please add Apple Pay to the app', language: 'en', touchpoint: 'support', channel: 'web', team: 'CN', occurredAt: ago(4), customerId: buyer },
    { source: 's', sourceId: 'old', text: 'Delivery late', language: 'en', touchpoint: 'checkout', occurredAt: ago(200) },
  ]);
}, 60_000);
afterAll(async () => t?.close());

const csvOf = (body: unknown): string[][] => parse(String(body).replace(/^\uFEFF/, ''), { relax_column_count: true });
async function getCsv(path: string, key = a.keys.analyst) {
  const r = await call<string>(t.app, 'GET', `/api/v1${path}`, { key });
  return { ...r, rows: r.status === 200 ? csvOf(r.body) : [] };
}

describe('CSV exports of the insight views', () => {
  it('exports the drill-down comments with the filter applied and formula starts neutralised', async () => {
    const all = await getCsv('/text/comments.csv?theme=delivery');
    expect(all.status).toBe(200);
    expect(all.contentType).toContain('text/csv');
    expect(all.headers['content-disposition']).toContain('attachment; filename="comments-delivery.csv"');
    const [header, ...rows] = all.rows;
    const text = header.indexOf('text');
    // Newest first; the 200-day-old text is outside the default eight weeks.
    expect(rows.map((r) => r[header.indexOf('source_id')])).toEqual(['f1', 'f2', 'f3']);
    expect(rows[0][text]).toBe('\'=HYPERLINK("http://evil.example","click") delivery was late');
    expect(rows[1][text]).toBe("'+45 called, the delivery never came");
    expect(rows[2][text]).toBe('Leveringen var hurtig, tak');
    expect(String(all.body).startsWith('\uFEFF')).toBe(true);

    expect((await getCsv('/text/comments.csv?theme=delivery&touchpoint=checkout')).rows.slice(1).map((r) => r[2])).toEqual(['f1', 'f2']);
    expect((await getCsv('/text/comments.csv?channel=web&team=DK')).rows.slice(1).map((r) => r[2])).toEqual(['f1', 'f3']);
    expect((await getCsv('/text/comments.csv?language=da')).rows.slice(1).map((r) => r[2])).toEqual(['f3']);
    expect((await getCsv(`/text/comments.csv?segmentId=${segmentId}`)).rows.slice(1).map((r) => r[2])).toEqual(['f1', 'f4']);
    expect((await getCsv('/text/comments.csv?featureRequests=true')).rows.slice(1).map((r) => r[2])).toEqual(['f4']);
  });

  it('exports themes with volume, sentiment and NPS impact, and the feature requests, following the filter', async () => {
    const themes = await getCsv('/text/insights/themes.csv');
    expect(themes.status).toBe(200);
    expect(themes.rows[0]).toEqual(['theme', 'mentions', 'share', 'positive', 'neutral', 'negative', 'average_score', 'nps_impact', 'feature_requests']);
    const delivery = themes.rows.find((r) => r[0] === 'delivery');
    expect(delivery?.[1]).toBe('3');
    // NPS over the two rated texts: one promoter, one detractor → 0; without delivery's detractor → 100.
    expect(Number(delivery?.[7])).toBe(100);
    const checkout = await getCsv('/text/insights/themes.csv?touchpoint=support');
    expect(checkout.rows.find((r) => r[0] === 'delivery')?.[1]).toBe('1');

    const requests = await getCsv('/text/requests.csv');
    expect(requests.rows[0]).toEqual(['topic', 'status', 'requests', 'customers', 'total_spend_minor', 'clv_minor', 'languages', 'last_asked_at', 'notified_at', 'notified_count']);
    expect(requests.rows).toHaveLength(2);
    expect(requests.rows[1]).toEqual(expect.arrayContaining(['new', '1', 'en: 1']));
    expect((await getCsv('/text/requests.csv?team=DK')).rows).toHaveLength(1);
  });

  it('streams more rows than one page, each once, in order', async () => {
    const many = Array.from({ length: 1205 }, (_, i) => ({ source: 'bulk', sourceId: String(i).padStart(5, '0'), text: `Order ${i}: the app crashes at checkout`, language: 'en', occurredAt: new Date(now - 3_600_000), touchpoint: 'bulk' }));
    await analyzeSourceTexts(t.rt.ctx.db, b.workspaceId, many);
    const r = await getCsv('/text/comments.csv?touchpoint=bulk', b.keys.analyst);
    const ids = r.rows.slice(1).map((row) => row[2]);
    expect(ids).toHaveLength(1205);
    expect(new Set(ids).size).toBe(1205);
    // Same time for all: the keyset falls back to (source, sourceId) descending.
    expect(ids[0]).toBe('01204');
    expect(ids.at(-1)).toBe('00000');
  }, 60_000);

  it('keeps workspaces apart, refuses roles without export, and answers bad input with problem+json', async () => {
    const other = await getCsv('/text/comments.csv', b.keys.analyst);
    expect(other.rows.slice(1).some((r) => r[1] === 's')).toBe(false);
    expect((await getCsv(`/text/comments.csv?segmentId=${segmentId}`, b.keys.analyst)).rows).toHaveLength(1);
    for (const path of ['/text/comments.csv', '/text/insights/themes.csv', '/text/requests.csv']) {
      expect((await call(t.app, 'GET', `/api/v1${path}`, { key: a.keys.viewer })).status, path).toBe(403);
      const bad = await call(t.app, 'GET', `/api/v1${path}?segmentId=nope&from=yesterday`, { key: a.keys.analyst });
      expect(bad.status, path).toBe(400);
      expect(bad.contentType).toContain('application/problem+json');
    }
  });
});

describe('filters of the explore, comments and facets reads', () => {
  it('narrow explore and comments by touchpoint, channel, team and segment; facets list the values', async () => {
    const explore = await call<{ texts: number }>(t.app, 'GET', `/api/v1/text/explore?segmentId=${segmentId}`, { key: a.keys.viewer });
    expect(explore.body.texts).toBe(2);
    const comments = await call<{ data: { sourceId: string }[] }>(t.app, 'GET', '/api/v1/text/comments?team=CN', { key: a.keys.viewer });
    expect(comments.body.data.map((c) => c.sourceId)).toEqual(['f4']);
    const facets = await call<{ touchpoints: string[]; channels: string[]; teams: string[]; languages: string[] }>(t.app, 'GET', '/api/v1/text/facets', { key: a.keys.viewer });
    expect(facets.status).toBe(200);
    expect(facets.body).toEqual({ touchpoints: ['checkout', 'support'], channels: ['web', 'sms'], teams: ['DK', 'CN'], languages: ['en', 'da'] });
    const isolated = await call<{ touchpoints: string[] }>(t.app, 'GET', '/api/v1/text/facets', { key: b.keys.viewer });
    expect(isolated.body.touchpoints).not.toContain('checkout');
    const requests = await call<{ data: { topic: string }[] }>(t.app, 'GET', `/api/v1/text/requests?segmentId=${segmentId}`, { key: a.keys.viewer });
    expect(requests.body.data).toHaveLength(1);
    expect((await call<{ data: unknown[] }>(t.app, 'GET', '/api/v1/text/requests?language=da', { key: a.keys.viewer })).body.data).toHaveLength(0);
  });
});
