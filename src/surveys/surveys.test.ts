import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../test/factories.js';
import { NPS_SURVEY } from './test-kit.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Surveyor');
  b = await buildWorkspace(t.rt.ctx, 'Other');
});
afterAll(async () => t?.close());

type Survey = { id: string; slug: string; status: string; version: number; defaultLanguage: string; publicUrl: string; questions: { id: string; required: boolean }[] };

async function createPublished(body: object = NPS_SURVEY): Promise<Survey> {
  const c = await call<Survey>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.analyst, body });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  const p = await call<Survey>(t.app, 'POST', `/api/v1/surveys/${c.body.id}/publish`, { key: a.keys.analyst });
  expect(p.status).toBe(200);
  return p.body;
}

describe('survey CRUD', () => {
  it('creates the pinned body as a draft with a slug, and reads, lists and edits it', async () => {
    const c = await call<Survey>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.admin, body: NPS_SURVEY });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ status: 'draft', version: 1, defaultLanguage: 'en' });
    expect(c.body.slug).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(c.body.publicUrl).toMatch(new RegExp(`/s/${c.body.slug}$`));
    expect(c.body.questions[0].required).toBe(false);
    const g = await call<Survey>(t.app, 'GET', `/api/v1/surveys/${c.body.id}`, { key: a.keys.viewer });
    expect(g.status).toBe(200);
    const l = await call<{ data: { id: string }[]; nextCursor: string | null }>(t.app, 'GET', '/api/v1/surveys?limit=1', { key: a.keys.viewer });
    expect(l.status).toBe(200);
    expect(l.body.data).toHaveLength(1);
    const e = await call<Survey & { name: string }>(t.app, 'PATCH', `/api/v1/surveys/${c.body.id}`, { key: a.keys.admin, body: { name: 'Renamed' } });
    expect(e.status).toBe(200);
    expect(e.body).toMatchObject({ name: 'Renamed', version: 1 });
  });

  it('refuses missing translations, duplicate ids and logic naming later questions (422 problem+json)', async () => {
    const bad = {
      ...NPS_SURVEY,
      questions: [
        { id: 'q1', type: 'nps', text: { en: 'How likely?' }, logic: { show: { conditions: [{ question: 'q2', op: 'answered' }] } } },
        { id: 'q2', type: 'text', text: { en: 'Why?', da: 'Hvorfor?' } },
        { id: 'q2', type: 'text', text: { en: 'Again', da: 'Igen' } },
      ],
    };
    const r = await call<{ errors: { path: string; message: string }[] }>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.admin, body: bad });
    expect(r.status).toBe(422);
    expect(r.contentType).toContain('application/problem+json');
    const messages = r.body.errors.map((e) => `${e.path} ${e.message}`).join('\n');
    expect(messages).toContain('lacks the "da" translation');
    expect(messages).toContain('not an earlier question');
    expect(messages).toContain('used by an earlier question');
  });

  it('lets viewers read but not build', async () => {
    expect((await call(t.app, 'POST', '/api/v1/surveys', { key: a.keys.viewer, body: NPS_SURVEY })).status).toBe(403);
    expect((await call(t.app, 'POST', '/api/v1/surveys', { key: a.keys.agent, body: NPS_SURVEY })).status).toBe(403);
  });

  it('starts a new version when a published survey changes its questions; old responses keep theirs', async () => {
    const s = await createPublished();
    const r1 = await call<{ id: string }>(t.app, 'POST', `/api/v1/public/surveys/${s.id}/responses`, { body: { answers: { q1: 9 } } });
    expect(r1.status).toBe(201);
    const e = await call<Survey>(t.app, 'PATCH', `/api/v1/surveys/${s.id}`, {
      key: a.keys.admin,
      body: { questions: [{ id: 'q1', type: 'csat', text: { en: 'Satisfied?', da: 'Tilfreds?' } }] },
    });
    expect(e.status).toBe(200);
    expect(e.body).toMatchObject({ version: 2, status: 'published' });
    // q1 is now a 1–5 CSAT: 9 no longer fits, 5 does.
    expect((await call(t.app, 'POST', `/api/v1/public/surveys/${s.slug}/responses`, { body: { answers: { q1: 9 } } })).status).toBe(422);
    expect((await call(t.app, 'POST', `/api/v1/public/surveys/${s.slug}/responses`, { body: { answers: { q1: 5 } } })).status).toBe(201);
    const settingsOnly = await call<Survey>(t.app, 'PATCH', `/api/v1/surveys/${s.id}`, { key: a.keys.admin, body: { settings: { allowBack: false } } });
    expect(settingsOnly.body.version).toBe(2);
  });

  it('closes and reopens; a closed survey answers 410', async () => {
    const s = await createPublished();
    expect((await call(t.app, 'POST', `/api/v1/surveys/${s.id}/close`, { key: a.keys.admin })).status).toBe(200);
    expect((await call(t.app, 'POST', `/api/v1/public/surveys/${s.id}/responses`, { body: { answers: { q1: 9 } } })).status).toBe(410);
    const pub = await call<{ isOpen: boolean }>(t.app, 'GET', `/api/v1/public/surveys/${s.slug}`);
    expect(pub.body.isOpen).toBe(false);
    expect((await call(t.app, 'POST', `/api/v1/surveys/${s.id}/publish`, { key: a.keys.admin })).status).toBe(200);
    expect((await call(t.app, 'POST', `/api/v1/public/surveys/${s.id}/responses`, { body: { answers: { q1: 9 } } })).status).toBe(201);
  });

  it('isolates workspaces: another workspace gets 404 for every survey route', async () => {
    const s = await createPublished();
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'GET', url: `/api/v1/surveys/${s.id}` },
      { method: 'PATCH', url: `/api/v1/surveys/${s.id}`, body: { name: 'x' } },
      { method: 'POST', url: `/api/v1/surveys/${s.id}/publish` },
      { method: 'POST', url: `/api/v1/surveys/${s.id}/close` },
    ]);
  });

  it('answers 4xx problem+json to bad input on every route', async () => {
    const k = a.keys.admin;
    for (const [m, url, body] of [
      ['POST', '/api/v1/surveys', { name: 'x' }],
      ['GET', '/api/v1/surveys?limit=0', undefined],
      ['GET', '/api/v1/surveys?cursor=nonsense', undefined],
      ['GET', '/api/v1/surveys/not-a-uuid', undefined],
      ['PATCH', '/api/v1/surveys/00000000-0000-7000-8000-000000000000', { name: '' }],
      ['POST', '/api/v1/surveys/not-a-uuid/publish', undefined],
      ['POST', '/api/v1/surveys/not-a-uuid/close', undefined],
      ['GET', '/api/v1/public/surveys/..%2F', undefined],
      ['POST', '/api/v1/public/surveys/abcdefghij/responses', { answers: 5 }],
      ['PATCH', '/api/v1/public/surveys/abcdefghij/responses/x', { secret: 'short' }],
    ] as const) {
      const r = await call(t.app, m, url, { key: k, body });
      expect(r.status, `${m} ${url}`).toBeGreaterThanOrEqual(400);
      expect(r.status, `${m} ${url}`).toBeLessThan(500);
      expect(r.contentType).toContain('application/problem+json');
    }
  });

  it('creates and publishes every template in English and Danish, and in Danish alone', async () => {
    const list = await call<{ data: { key: string; name: string; languages: string[] }[] }>(t.app, 'GET', '/api/v1/survey-templates?lang=da', { key: a.keys.viewer });
    expect(list.status).toBe(200);
    expect(list.body.data.map((x) => x.key)).toEqual(['post-purchase-nps', 'support-csat', 'ces-after-case', 'exit-churn', 'onboarding-usability', 'feature-request']);
    expect(list.body.data[0].name).toBe('NPS efter køb');
    for (const tpl of list.body.data) {
      expect(tpl.languages).toEqual(expect.arrayContaining(['en', 'da']));
      const c = await call<Survey & { languages: string[]; templateKey: string }>(t.app, 'POST', '/api/v1/surveys/from-template', { key: a.keys.analyst, body: { template: tpl.key, languages: ['en', 'da'] } });
      expect(c.status, `${tpl.key}: ${JSON.stringify(c.body)}`).toBe(201);
      expect(c.body.templateKey).toBe(tpl.key);
      expect((await call(t.app, 'POST', `/api/v1/surveys/${c.body.id}/publish`, { key: a.keys.analyst })).status).toBe(200);
    }
    const da = await call<Survey & { languages: string[]; questions: { text: Record<string, string> }[] }>(t.app, 'POST', '/api/v1/surveys/from-template', { key: a.keys.admin, body: { template: 'support-csat', languages: ['da'], team: 'Support DK' } });
    expect(da.body.languages).toEqual(['da']);
    expect(Object.keys(da.body.questions[0].text)).toEqual(['da']);
    expect((await call(t.app, 'POST', '/api/v1/surveys/from-template', { key: a.keys.admin, body: { template: 'nope' } })).status).toBe(422);
    expect((await call(t.app, 'POST', '/api/v1/surveys/from-template', { key: a.keys.admin, body: { template: 'exit-churn', languages: ['ja'] } })).status).toBe(422);
  });
});
