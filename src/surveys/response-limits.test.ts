import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
import { NPS_SURVEY } from './test-kit.js';
import type { TSurveyInput } from './surveys.schemas.js';

/*
 * Response limits on the public submit path: maxResponses and quotas are never passed, also by
 * parallel submits (run this file with DATABASE_URL for real concurrency on PostgreSQL).
 */
let t: TestApp;
let a: TestWorkspace;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Quotas');
});
afterAll(async () => t?.close());

type Ack = { id: string; status: string; secret: string; reason?: string; quota?: string; type?: string };
type Summary = { responseCount: { total: number; finished: number; partial: number } };

async function published(body: TSurveyInput): Promise<{ id: string; slug: string }> {
  const c = await call<{ id: string; slug: string }>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.admin, body });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  expect((await call(t.app, 'POST', `/api/v1/surveys/${c.body.id}/publish`, { key: a.keys.admin })).status).toBe(200);
  return c.body;
}
const answer = (s: { id: string }, body: object, headers?: Record<string, string>) => call<Ack>(t.app, 'POST', `/api/v1/public/surveys/${s.id}/responses`, { body, headers });
const counts = async (s: { id: string }) => (await call<Summary>(t.app, 'GET', `/api/v1/surveys/${s.id}/summary`, { key: a.keys.viewer })).body.responseCount;

const REGION_SURVEY: TSurveyInput = {
  ...NPS_SURVEY,
  hiddenFields: ['region'],
  questions: [
    ...NPS_SURVEY.questions,
    {
      id: 'plan', type: 'single_choice', text: { en: 'Plan?', da: 'Abonnement?' },
      options: [{ id: 'free', label: { en: 'Free', da: 'Gratis' } }, { id: 'pro', label: { en: 'Pro', da: 'Pro' } }],
    },
  ],
  settings: {
    quotas: [
      { id: 'north', name: 'Region north', when: { match: 'all', conditions: [{ question: 'region', op: 'eq', value: 'north' }] }, limit: 2, action: 'end' },
      { id: 'pro', name: 'Pro plan', when: { match: 'all', conditions: [{ question: 'plan', op: 'eq', value: 'pro' }] }, limit: 1, action: 'end' },
    ],
  },
};

describe('closing by response count', () => {
  it('never passes maxResponses, also with 12 submits in parallel', async () => {
    const s = await published({ ...NPS_SURVEY, settings: { closing: { maxResponses: 3 } } });
    const all = await Promise.all(Array.from({ length: 12 }, (_, i) => answer(s, { answers: { q1: i % 11 } })));
    expect(all.filter((r) => r.status === 201)).toHaveLength(3);
    const refused = all.filter((r) => r.status !== 201);
    expect(refused.every((r) => r.status === 410)).toBe(true);
    expect(refused[0].body.reason).toBe('full');
    expect(await counts(s)).toMatchObject({ finished: 3 });
    // The page and the public definition now say closed.
    expect((await call<{ isOpen: boolean }>(t.app, 'GET', `/api/v1/public/surveys/${s.id}`)).body.isOpen).toBe(false);
  });

  it('lets partial responses start but not finish past the limit', async () => {
    const s = await published({ ...NPS_SURVEY, settings: { closing: { maxResponses: 1 } } });
    const partial = await answer(s, { answers: { q1: 5 }, finished: false });
    expect(partial.status).toBe(201);
    expect((await answer(s, { answers: { q1: 9 } })).status).toBe(201);
    const finish = await call<Ack>(t.app, 'PATCH', `/api/v1/public/surveys/${s.id}/responses/${partial.body.id}`, { body: { secret: partial.body.secret, answers: { q2: 'late' }, finished: true } });
    expect(finish.status).toBe(410);
    expect(await counts(s)).toEqual({ total: 2, finished: 1, partial: 1 });
  });

  it('replays a keyed submit without counting it twice, and stores no key for a refused one', async () => {
    const s = await published({ ...NPS_SURVEY, settings: { closing: { maxResponses: 2 } } });
    const first = await answer(s, { answers: { q1: 9 } }, { 'idempotency-key': 'lim-1' });
    const again = await answer(s, { answers: { q1: 9 } }, { 'idempotency-key': 'lim-1' });
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((await answer(s, { answers: { q1: 3 } }, { 'idempotency-key': 'lim-2' })).status).toBe(201);
    expect((await answer(s, { answers: { q1: 4 } }, { 'idempotency-key': 'lim-3' })).status).toBe(410);
    expect((await answer(s, { answers: { q1: 4 } }, { 'idempotency-key': 'lim-3' })).status).toBe(410);
    expect(await counts(s)).toMatchObject({ finished: 2 });
  });

  it('closes on its closing date', async () => {
    const s = await published({ ...NPS_SURVEY, settings: { closing: { closesAt: new Date(Date.now() - 1000).toISOString() } } });
    const r = await answer(s, { answers: { q1: 9 } });
    expect(r.status).toBe(410);
    expect(r.contentType).toContain('application/problem+json');
  });
});

describe('quotas', () => {
  it('caps responses per hidden-field value, in parallel too, and leaves other values open', async () => {
    const s = await published(REGION_SURVEY);
    const north = await Promise.all(Array.from({ length: 6 }, (_, i) => answer(s, { answers: { q1: i }, hidden: { region: 'north' } })));
    expect(north.filter((r) => r.status === 201)).toHaveLength(2);
    const refused = north.find((r) => r.status === 410)!;
    expect(refused.body).toMatchObject({ reason: 'quota_full', quota: 'north' });
    expect((await answer(s, { answers: { q1: 9 }, hidden: { region: 'south' } })).status).toBe(201);
    expect(await counts(s)).toMatchObject({ finished: 3 });
  });

  it('ends a respondent early once a choice answer matches a full quota, partial saves too', async () => {
    const s = await published(REGION_SURVEY);
    expect((await answer(s, { answers: { q1: 9, plan: 'pro' } })).status).toBe(201);
    // A partial response still open answers the full quota's choice: refused at that answer.
    const started = await answer(s, { answers: { q1: 6 }, finished: false });
    const patch = await call<Ack>(t.app, 'PATCH', `/api/v1/public/surveys/${s.id}/responses/${started.body.id}`, { body: { secret: started.body.secret, answers: { plan: 'pro' } } });
    expect(patch.status).toBe(410);
    expect(patch.body.reason).toBe('quota_full');
    expect((await answer(s, { answers: { q1: 7, plan: 'pro' }, finished: false })).status).toBe(410);
    expect((await answer(s, { answers: { q1: 7, plan: 'free' } })).status).toBe(201);
  });

  it('closes the whole survey when a "close" quota is full', async () => {
    const s = await published({
      ...NPS_SURVEY,
      settings: { quotas: [{ id: 'detractors', name: 'Detractors', when: { match: 'all', conditions: [{ question: 'q1', op: 'lte', value: 6 }] }, limit: 1, action: 'close' }] },
    });
    expect((await answer(s, { answers: { q1: 9 } })).status).toBe(201);
    expect((await answer(s, { answers: { q1: 2 } })).status).toBe(201);
    const after = await answer(s, { answers: { q1: 10 } });
    expect(after.status).toBe(410);
    expect(after.body.reason).toBe('full');
  });

  it('counts a changed quota condition afresh from the stored responses', async () => {
    const s = await published(REGION_SURVEY);
    expect((await answer(s, { answers: { q1: 9 }, hidden: { region: 'east' } })).status).toBe(201);
    expect((await answer(s, { answers: { q1: 9 }, hidden: { region: 'east' } })).status).toBe(201);
    const quotas = [{ id: 'north', name: 'East now', when: { match: 'all', conditions: [{ question: 'region', op: 'eq', value: 'east' }] }, limit: 2, action: 'end' }];
    const edit = await call(t.app, 'PATCH', `/api/v1/surveys/${s.id}`, { key: a.keys.admin, body: { settings: { quotas } } });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    // A PATCH of the settings alone keeps the hidden fields (zod's defaults once wiped them).
    expect((edit.body as { hiddenFields: string[] }).hiddenFields).toEqual(['region']);
    expect((await answer(s, { answers: { q1: 9 }, hidden: { region: 'east' } })).status).toBe(410);
  });

  it('refuses quotas that cannot work (numbers on a hidden field, unknown names, a repeated id)', async () => {
    const bad = async (quotas: unknown[]) => call<{ errors: { path: string }[] }>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.admin, body: { ...REGION_SURVEY, settings: { quotas } } });
    const q = (question: string, op: string, value?: unknown, id = 'x') => ({ id, name: 'X', when: { match: 'all', conditions: [{ question, op, value }] }, limit: 1 });
    expect((await bad([q('region', 'gt', 3)])).status).toBe(422);
    expect((await bad([q('nowhere', 'eq', 'a')])).status).toBe(422);
    expect((await bad([q('region', 'eq', 'a'), q('region', 'eq', 'b')])).status).toBe(422);
    expect((await bad([{ ...q('region', 'eq', 'a'), limit: 0 }])).status).toBe(422);
  });
});

describe('the hosted page when a quota is full', () => {
  it('thanks the respondent on a localised end screen instead of an error page', async () => {
    const s = await published(REGION_SURVEY);
    expect((await answer(s, { answers: { q1: 9, plan: 'pro' } })).status).toBe(201);
    const at = String(Date.now() - 10_000);
    const post = (fields: Record<string, string>, cookie?: string) =>
      t.app.inject({ method: 'POST', url: `/s/${s.slug}`, headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) }, payload: new URLSearchParams(fields).toString() });
    const first = await post({ q: 'q1', a: '8', lang: 'da', at });
    expect(first.statusCode).toBe(303);
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    await post({ q: 'q2', a: 'fint', lang: 'da', at }, cookie);
    const full = await post({ q: 'plan', a: 'pro', lang: 'da', at }, cookie);
    expect(full.statusCode).toBe(200);
    expect(full.body).toContain('Tak! Vi har allerede fået alle de svar');
    expect(full.body).toContain('<html lang="da"');
  });
});
