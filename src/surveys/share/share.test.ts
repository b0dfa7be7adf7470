import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../../test/factories.js';
import { NPS_SURVEY } from '../test-kit.js';

/*
 * Sharing a survey: the short link and its QR codes (decoded back with a real QR reader), and the
 * hosted page storing what the link says (channel, touchpoint, source, hidden fields) on the response.
 */

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
let survey: { id: string; slug: string; publicUrl: string };

const SHARED = { ...NPS_SURVEY, name: 'In-store NPS', touchpoint: 'post-purchase', hiddenFields: ['store', 'orderId'] };

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Sharer');
  b = await buildWorkspace(t.rt.ctx, 'Other');
  const c = await call<{ id: string; slug: string; publicUrl: string }>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.admin, body: SHARED });
  expect(c.status).toBe(201);
  survey = c.body;
  expect((await call(t.app, 'POST', `/api/v1/surveys/${survey.id}/publish`, { key: a.keys.admin })).status).toBe(200);
});
afterAll(async () => t?.close());

type Link = { url: string; status: string; params: { channel: string; touchpoint: string; source: string | null; hidden: Record<string, string> } };

function decodePng(body: Buffer): string | undefined {
  const png = PNG.sync.read(body);
  return jsqr.default(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

describe('survey links', () => {
  it('is the bare /s/<slug> for the defaults, and names only what differs', async () => {
    const plain = await call<Link>(t.app, 'GET', `/api/v1/surveys/${survey.id}/link`, { key: a.keys.viewer });
    expect(plain.status).toBe(200);
    expect(plain.body.url).toBe(survey.publicUrl);
    expect(plain.body.params).toMatchObject({ channel: 'link', touchpoint: 'post-purchase', source: null, hidden: {} });
    const same = await call<Link>(t.app, 'GET', `/api/v1/surveys/${survey.id}/link?channel=link&touchpoint=post-purchase`, { key: a.keys.viewer });
    expect(same.body.url).toBe(survey.publicUrl);

    const q = new URLSearchParams({ channel: 'sms', touchpoint: 'in-store', source: 'receipt Nørrebro', 'hidden.store': 'cph-1' });
    const r = await call<Link>(t.app, 'GET', `/api/v1/surveys/${survey.id}/link?${q}`, { key: a.keys.viewer });
    expect(r.status).toBe(200);
    const url = new URL(r.body.url);
    expect(url.pathname).toBe(`/s/${survey.slug}`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ channel: 'sms', touchpoint: 'in-store', source: 'receipt Nørrebro', 'hidden.store': 'cph-1' });
    // Short enough to type from a receipt: origin + 10-character slug + the parameters, nothing else.
    expect(r.body.url.length - new URL(survey.publicUrl).origin.length).toBeLessThan(100);
  });

  it('refuses undeclared hidden fields, unknown languages, bad channels and sizes (4xx problem+json)', async () => {
    const cases: [string, number][] = [['hidden.coupon=x', 422], ['lang=fr', 422], ['channel=Not%20A%20Channel', 400]];
    for (const [query, status] of cases) {
      const r = await call<{ errors: { path: string }[] }>(t.app, 'GET', `/api/v1/surveys/${survey.id}/link?${query}`, { key: a.keys.viewer });
      expect(r.status, query).toBe(status);
      expect(r.contentType).toContain('application/problem+json');
    }
    const hidden = await call<{ errors: { path: string }[] }>(t.app, 'GET', `/api/v1/surveys/${survey.id}/link?hidden.coupon=x`, { key: a.keys.viewer });
    expect(hidden.body.errors[0].path).toBe('querystring.hidden.coupon');
    const size = await call(t.app, 'GET', `/api/v1/surveys/${survey.id}/qr.png?size=9999`, { key: a.keys.viewer });
    expect(size.status).toBe(400);
  });

  it("answers 404 for another workspace's survey", async () => {
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'GET', url: `/api/v1/surveys/${survey.id}/link` },
      { method: 'GET', url: `/api/v1/surveys/${survey.id}/qr.svg` },
      { method: 'GET', url: `/api/v1/surveys/${survey.id}/qr.png` },
    ]);
  });
});

describe('QR codes', () => {
  it('PNG decodes to the link, with channel qr by default, at the asked size', async () => {
    const res = await t.app.inject({ url: `/api/v1/surveys/${survey.id}/qr.png?source=poster&size=300&hidden.store=aarhus`, headers: { authorization: `Bearer ${a.keys.viewer}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    const png = PNG.sync.read(res.rawPayload);
    expect(png.width).toBe(300);
    const link = await call<Link>(t.app, 'GET', `/api/v1/surveys/${survey.id}/link?channel=qr&source=poster&hidden.store=aarhus`, { key: a.keys.viewer });
    expect(decodePng(res.rawPayload)).toBe(link.body.url);
    expect(link.body.url).toContain('channel=qr');
    expect(res.headers['x-survey-link']).toBe(link.body.url);
  });

  it('SVG is a scalable drawing of the same code, downloadable as a file', async () => {
    const res = await t.app.inject({ url: `/api/v1/surveys/${survey.id}/qr.svg?channel=qr&margin=2&download=1`, headers: { authorization: `Bearer ${a.keys.viewer}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="survey-${survey.slug}-qr.svg"`);
    expect(res.body).toMatch(/^<svg[^>]+viewBox="0 0 (\d+) \1"/);
    expect(res.body).not.toMatch(/<script/i);
    // The same modules as the PNG of the same link: the SVG's viewBox is modules + 2 × margin.
    const side = Number(/viewBox="0 0 (\d+)/.exec(res.body)?.[1]);
    const png = await t.app.inject({ url: `/api/v1/surveys/${survey.id}/qr.png?margin=0&size=${(side - 4) * 4}`, headers: { authorization: `Bearer ${a.keys.viewer}` } });
    expect(PNG.sync.read(png.rawPayload).width).toBe((side - 4) * 4);
    expect(decodePng(png.rawPayload)).toBe(`${survey.publicUrl}?channel=qr`);
  });
});

describe('the hosted page keeps what the link says', () => {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  it('hands channel, touchpoint, source and hidden fields to its script', async () => {
    const page = await t.app.inject({ url: `/s/${survey.slug}?channel=qr&touchpoint=in-store&source=poster&hidden.store=cph-1&hidden.nope=x` });
    expect(page.statusCode).toBe(200);
    const data = JSON.parse(/<script type="application\/json" id="kunde-data">(.*?)<\/script>/.exec(page.body)![1]) as Record<string, unknown>;
    expect(data).toMatchObject({ channel: 'qr', touchpoint: 'in-store', source: 'poster', hidden: { store: 'cph-1' } });
    // And to the plain form (no script), as hidden inputs.
    expect(page.body).toContain('name="hidden.store" value="cph-1"');
    expect(page.body).toContain('name="channel" value="qr"');
  });

  it('stores them on the response, through the plain form and the public API alike', async () => {
    const url = `/s/${survey.slug}?channel=qr&touchpoint=in-store&source=poster&hidden.store=cph-1`;
    const page = await t.app.inject({ url });
    const inputs = Object.fromEntries([...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    // The form posts to the bare page address: the link's parameters travel in its hidden inputs.
    const post = await t.app.inject({
      method: 'POST',
      url: `/s/${survey.slug}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ ...inputs, at: String(Date.now() - 10_000), a: '9' }),
    });
    expect(post.statusCode).toBe(303);

    const api = await call(t.app, 'POST', `/api/v1/public/surveys/${survey.slug}/responses`, {
      body: { answers: { q1: 3 }, channel: 'sms', touchpoint: 'checkout', source: 'receipt', hidden: { orderId: 'A-17' }, elapsedSeconds: 9 },
    });
    expect(api.status).toBe(201);

    const list = await call<{ data: { answers: Record<string, unknown>; channel: string; touchpoint: string; source: string | null; hidden: Record<string, string> }[] }>(
      t.app, 'GET', `/api/v1/surveys/${survey.id}/responses`, { key: a.keys.viewer },
    );
    const byScore = new Map(list.body.data.map((r) => [r.answers.q1, r]));
    expect(byScore.get(9)).toMatchObject({ channel: 'qr', touchpoint: 'in-store', source: 'poster', hidden: { store: 'cph-1' } });
    expect(byScore.get(3)).toMatchObject({ channel: 'sms', touchpoint: 'checkout', source: 'receipt', hidden: { orderId: 'A-17' } });
  });
});
