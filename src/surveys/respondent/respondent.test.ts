import { gzipSync } from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundle } from '../../cli/web-build.js';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { surveyResponses } from '../surveys.tables.js';
import { RESPONDENT_SURVEY } from './respondent-fixture.js';

/*
 * The hosted page and the widget's server side over real HTTP (inject) on a real database: escaping,
 * languages (Danish, right-to-left Arabic), the no-script form flow with its logic, the one-click link
 * that never records on a GET, and the widget's public configuration.
 */

let t: TestApp;
let ws: TestWorkspace;
let survey: { id: string; slug: string };

async function responsesOf(surveyId: string) {
  return t.rt.ctx.db.select().from(surveyResponses).where(and(eq(surveyResponses.workspaceId, ws.workspaceId), eq(surveyResponses.surveyId, surveyId)));
}

const form = (fields: Record<string, string | string[]>) =>
  new URLSearchParams(Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v] as [string, string]]))).toString();

beforeAll(async () => {
  ensureBundle('widget', () => {});
  t = await createTestApp();
  ws = await buildWorkspace(t.rt.ctx);
  const created = await call<{ id: string; slug: string }>(t.app, 'POST', '/api/v1/surveys', { key: ws.keys.admin, body: RESPONDENT_SURVEY });
  expect(created.status).toBe(201);
  survey = created.body;
  expect((await call(t.app, 'POST', `/api/v1/surveys/${survey.id}/publish`, { key: ws.keys.admin, body: {} })).status).toBe(200);
});
afterAll(async () => t?.close());

describe('hosted survey page', () => {
  it('renders the first question in Danish, with customer text escaped and no inline script', async () => {
    const res = await t.app.inject({ url: `/s/${survey.slug}?lang=da` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
    const html = res.body;
    expect(html).toContain('<html lang="da" dir="ltr">');
    expect(html).toContain('Hvor sandsynligt er det, at du vil anbefale &lt;b&gt;os&lt;/b&gt;?');
    expect(html).not.toContain('<b>os</b>');
    // The JSON for the script cannot close its element.
    expect(html).not.toMatch(/<script type="application\/json"[^>]*>[^<]*<\/b>/);
    expect(html).toContain('\\u003cb>os');
    // Every script is a file from this host.
    expect(html.match(/<script(?![^>]*(src=|type="application\/json"))/g)).toBeNull();
    expect(html).toContain('<legend class="k-t"');
    expect(html).toContain('Slet ikke sandsynligt');
    expect(html.match(/type="radio" name="a"/g)).toHaveLength(11);
  });

  it('follows Accept-Language and writes Arabic right to left', async () => {
    const da = await t.app.inject({ url: `/s/${survey.slug}`, headers: { 'accept-language': 'fr-CH, da;q=0.8, en;q=0.5' } });
    expect(da.body).toContain('<html lang="da"');
    const ar = await t.app.inject({ url: `/s/${survey.slug}?lang=ar` });
    expect(ar.body).toContain('<html lang="ar" dir="rtl">');
    expect(ar.body).toContain('ما مدى احتمال');
    expect(ar.body).toContain('التالي');
  });

  it('answers 404 and 410 pages as HTML', async () => {
    const missing = await t.app.inject({ url: '/s/Nosuchsurvey1' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('This survey does not exist.');
    const bad = await t.app.inject({ url: '/s/no' });
    expect(bad.statusCode).toBe(400);
  });

  it('never records a one-click score on the GET: the score is only shown chosen', async () => {
    for (const method of ['GET', 'HEAD'] as const) {
      const res = await t.app.inject({ method, url: `/s/${survey.slug}?score=9&lang=en` });
      expect(res.statusCode).toBe(200);
    }
    const page = await t.app.inject({ url: `/s/${survey.slug}?score=9&lang=en` });
    expect(page.body).toMatch(/value="9" checked/);
    expect(page.body).toContain('"preselect":{"q":"q1","value":9}');
    expect(await responsesOf(survey.id)).toHaveLength(0);
    const silly = await t.app.inject({ url: `/s/${survey.slug}?score=99` });
    expect(silly.statusCode).toBe(200);
    expect(silly.body).not.toContain('checked');
  });

  it('works without script: each answer is saved as given, logic skips and ends, the ending fits the answers', async () => {
    const post = (fields: Record<string, string | string[]>, cookie?: string) =>
      t.app.inject({ method: 'POST', url: `/s/${survey.slug}`, headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) }, payload: form(fields) });
    const at = String(Date.now() - 10_000);
    // A required question left empty: the same question again, with the error.
    const empty = await post({ q: 'q1', lang: 'da', at });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Besvar venligst dette spørgsmål.');

    const first = await post({ q: 'q1', a: '3', lang: 'da', at });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toContain('q=q2');
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    const partial = await responsesOf(survey.id);
    expect(partial).toHaveLength(1);
    expect(partial[0]).toMatchObject({ status: 'partial', answers: { q1: 3 }, language: 'da' });

    const q2 = await t.app.inject({ url: String(first.headers.location), headers: { cookie } });
    expect(q2.body).toContain('Hvad kan vi gøre bedre?');
    const second = await post({ q: 'q2', a: 'Hurtigere levering', lang: 'da' }, cookie);
    expect(second.headers.location).toContain('q=q3');
    const third = await post({ q: 'q3', a: ['price', '__other'], other: 'Emballage', lang: 'da' }, cookie);
    expect(third.headers.location).toContain('q=end');
    const end = await t.app.inject({ url: String(third.headers.location), headers: { cookie } });
    expect(end.body).toContain('Tak for dine svar');
    const [done] = await responsesOf(survey.id);
    expect(done).toMatchObject({ status: 'finished', answers: { q1: 3, q2: 'Hurtigere levering', q3: ['price', { other: 'Emballage' }] } });

    // A promoter jumps to the end at once and sees the promoter's thank-you.
    const promoter = await post({ q: 'q1', a: '10', lang: 'en', at });
    expect(promoter.headers.location).toContain('q=end');
    const thanks = await t.app.inject({ url: String(promoter.headers.location), headers: { cookie: String(promoter.headers['set-cookie']).split(';')[0] } });
    expect(thanks.body).toContain('Thanks, fan!');
    expect(await responsesOf(survey.id)).toHaveLength(2);
  });

  it('serves the page assets with content hashes and long caching', async () => {
    const html = (await t.app.inject({ url: `/s/${survey.slug}` })).body;
    const [js] = [...html.matchAll(/src="(\/s\/assets\/page\.\w+\.js)"/g)].map((m) => m[1]);
    const res = await t.app.inject({ url: js });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
    expect((await t.app.inject({ url: '/s/assets/page.0000000000.js' })).statusCode).toBe(404);
  });
});

describe('website widget', () => {
  it('serves /widget.js within 6 kB gzipped, embeddable from other sites', async () => {
    const res = await t.app.inject({ url: '/widget.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(gzipSync(res.rawPayload).length).toBeLessThanOrEqual(6144);
    expect(res.body).not.toMatch(/\beval\(|new Function/);
  });

  it('lists the workspace website surveys for the widget, to any origin, in the visitor language', async () => {
    const res = await call<{ surveys: { survey: { id: string; language: string }; text: { next: string }; widget: { enabled: boolean } }[] }>(
      t.app,
      'GET',
      `/api/v1/public/widget/${ws.workspaceId}/surveys?lang=da-DK`,
    );
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.body.surveys.map((s) => s.survey.id)).toEqual([survey.id]);
    expect(res.body.surveys[0].survey.language).toBe('da');
    expect(res.body.surveys[0].text.next).toBe('Næste');
    const other = await buildWorkspace(t.rt.ctx);
    const none = await call<{ surveys: unknown[] }>(t.app, 'GET', `/api/v1/public/widget/${other.workspaceId}/surveys`);
    expect(none.body.surveys).toEqual([]);
    const bad = await call(t.app, 'GET', '/api/v1/public/widget/not-a-workspace/surveys');
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('application/problem+json');
  });

  it('answers segment eligibility without revealing profiles, and rejects bad input', async () => {
    const url = `/api/v1/public/widget/${ws.workspaceId}/eligibility?survey=${survey.id}&email=nobody@example.com`;
    // The survey targets no segment: everyone is eligible.
    expect((await call<{ eligible: boolean }>(t.app, 'GET', url)).body.eligible).toBe(true);
    const other = await buildWorkspace(t.rt.ctx);
    const elsewhere = await call<{ eligible: boolean }>(t.app, 'GET', `/api/v1/public/widget/${other.workspaceId}/eligibility?survey=${survey.id}&email=a@b.c`);
    expect(elsewhere.body.eligible).toBe(false);
    expect((await call(t.app, 'GET', `/api/v1/public/widget/${ws.workspaceId}/eligibility?survey=${survey.id}`)).status).toBe(400);
  });
});
