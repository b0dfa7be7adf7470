import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
import { ensureFirstRunWorkspace } from '../cli/first-run.js';
import { countWorkspaces } from '../accounts/workspaces.service.js';
import { DEFAULT_DATASETS_DIR, loadComments } from './demo-comments.js';
import { demoDataJob } from './demo.jobs.js';
import { generateDemo, type DemoSummary } from './generate-demo.js';

interface Customer {
  id: string;
  externalId: string | null;
  name: string | null;
  email: string | null;
  language: string | null;
  country: string | null;
  attributes: Record<string, unknown>;
  traits: { orderCount: number; totalSpend: number; supportCases: number; npsScore: number | null; csatScore: number | null; lifecycleStage: string };
}
interface Detail extends Customer {
  identities: { kind: string; value: string }[];
  merges: { reason: string; identifiers: { kind: string }[] }[];
}
type Page<T> = { data: T[]; nextCursor: string | null };

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
let first: DemoSummary;
const N = 90;
// History is generated relative to this moment; both runs share it so they can be compared.
const NOW = new Date(Date.now() - 60_000);

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Demo A');
  b = await buildWorkspace(t.rt.ctx, 'Demo B');
  first = await generateDemo(t.rt.ctx, { workspaceId: a.workspaceId, customers: N, seed: 11, now: NOW });
}, 120_000);
afterAll(async () => t?.close());

async function allCustomers(key: string): Promise<Customer[]> {
  const out: Customer[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: Page<Customer> } = await call<Page<Customer>>(t.app, 'GET', `/api/v1/customers?limit=200&sort=name${cursor ? `&cursor=${cursor}` : ''}`, { key });
    expect(res.status).toBe(200);
    out.push(...res.body.data);
    cursor = res.body.nextCursor;
  } while (cursor);
  return out;
}

/** What a person would compare between two demo workspaces: who the customers are and what they did. */
const fingerprint = (list: Customer[]) =>
  list
    .filter((c) => c.externalId)
    .map((c) => [c.externalId, c.name, c.email, c.language, c.country, c.attributes.plan, c.traits.orderCount, c.traits.totalSpend, c.traits.npsScore, c.traits.lifecycleStage].join('|'))
    .sort();

describe('demo data generator', () => {
  it('creates customers across languages with purchases, support cases, survey answers, segments and personas', async () => {
    expect(first.customers.created).toBe(N);
    expect(first.events.rejected).toBe(0);
    expect(first.events.accepted).toBeGreaterThan(N * 5);
    const customers = await allCustomers(a.keys.viewer);
    const known = customers.filter((c) => c.externalId);
    expect(known).toHaveLength(N);
    // Anonymous visitors who never signed up remain profiles of their own.
    expect(customers.length).toBe(N + first.anonymousVisitors);

    const languages = new Set(known.map((c) => c.language));
    expect(languages.size).toBeGreaterThanOrEqual(6);
    expect(new Set(known.map((c) => c.country)).size).toBeGreaterThanOrEqual(6);
    expect(known.some((c) => c.language === 'zh' && /[\u4e00-\u9fff]/.test(c.name ?? ''))).toBe(true);
    expect(known.filter((c) => c.traits.orderCount > 0).length).toBeGreaterThan(N / 2);
    expect(known.some((c) => c.traits.supportCases > 0)).toBe(true);
    expect(known.some((c) => c.traits.npsScore !== null)).toBe(true);
    expect(known.some((c) => c.traits.csatScore !== null)).toBe(true);
    expect(new Set(known.map((c) => c.traits.lifecycleStage)).size).toBeGreaterThanOrEqual(4);
    expect(Object.keys(known[0].attributes)).toEqual(expect.arrayContaining(['plan', 'signupSource', 'memberSince', 'loyaltyPoints', 'vip']));

    const defs = await call<{ data: { key: string; type: string }[] }>(t.app, 'GET', '/api/v1/customer-attributes', { key: a.keys.viewer });
    expect(Object.fromEntries(defs.body.data.map((d) => [d.key, d.type]))).toMatchObject({ plan: 'string', loyaltyPoints: 'number', vip: 'boolean', memberSince: 'date' });

    const segments = await call<Page<{ name: string; memberCount: number }>>(t.app, 'GET', '/api/v1/segments', { key: a.keys.viewer });
    expect(segments.body.data.map((s) => s.name)).toEqual(expect.arrayContaining(['High-value Danish customers', 'Detractors', 'At risk with 2+ orders']));
    expect(segments.body.data.some((s) => s.memberCount > 0)).toBe(true);
    const personas = await call<Page<{ name: string; avatar: string | null; matchedCount: number }>>(t.app, 'GET', '/api/v1/personas', { key: a.keys.viewer });
    expect(personas.body.data.length).toBeGreaterThanOrEqual(3);
    expect(personas.body.data.every((p) => p.avatar?.startsWith('preset:'))).toBe(true);
    expect(personas.body.data.some((p) => p.matchedCount > 0)).toBe(true);
  });

  it('lets some anonymous visitors sign up later, merging their browsing into the customer', async () => {
    expect(first.linkedVisitors).toBeGreaterThan(0);
    const customers = await allCustomers(a.keys.viewer);
    const details = await Promise.all(customers.filter((c) => c.externalId).map((c) => call<Detail>(t.app, 'GET', `/api/v1/customers/${c.id}`, { key: a.keys.viewer })));
    const merged = details.map((d) => d.body).filter((d) => d.merges.length > 0);
    expect(merged).toHaveLength(first.linkedVisitors);
    for (const m of merged) {
      expect(m.identities.map((i) => i.kind)).toEqual(expect.arrayContaining(['external_id', 'anonymous_id']));
      expect(m.merges[0].reason).toBe('event signup');
      const timeline = await call<Page<{ type: string }>>(t.app, 'GET', `/api/v1/customers/${m.id}/timeline?type=page_view`, { key: a.keys.viewer });
      expect(timeline.body.data.length).toBeGreaterThan(1);
    }
  });

  it('makes the same data for the same seed, other data for another, and changes nothing when run again', async () => {
    const same = await generateDemo(t.rt.ctx, { workspaceId: b.workspaceId, customers: N, seed: 11, now: NOW });
    expect(same.events).toEqual(first.events);
    expect(fingerprint(await allCustomers(b.keys.viewer))).toEqual(fingerprint(await allCustomers(a.keys.viewer)));

    const again = await generateDemo(t.rt.ctx, { workspaceId: a.workspaceId, customers: N, seed: 11, now: NOW });
    expect(again.customers).toEqual({ created: 0, updated: 0, unchanged: N, rejected: 0 });
    expect(again.events).toEqual({ accepted: 0, duplicates: first.events.accepted, rejected: 0 });
    expect(again.segments.created).toEqual([]);
    expect(again.personas.created).toEqual([]);

    const c = await buildWorkspace(t.rt.ctx, 'Demo C');
    await generateDemo(t.rt.ctx, { workspaceId: c.workspaceId, customers: N, seed: 12, now: NOW });
    expect(fingerprint(await allCustomers(c.keys.viewer))).not.toEqual(fingerprint(await allCustomers(a.keys.viewer)));
  });

  it('refuses a customer count out of range', async () => {
    await expect(generateDemo(t.rt.ctx, { workspaceId: a.workspaceId, customers: 0 })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(generateDemo(t.rt.ctx, { workspaceId: a.workspaceId, customers: 1.5 })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

describe('survey comments', () => {
  it('fall back to written comments when the data sets are absent', () => {
    const comments = loadComments('/nonexistent/datasets');
    expect(comments.realLanguages).toEqual([]);
    expect(comments.pick('da', 'negative', () => 0)).toMatch(/\w/);
    expect(comments.pick('xx', 'positive', () => 0.5)).toMatch(/\w/);
  });

  it.skipIf(!existsSync(DEFAULT_DATASETS_DIR))('come from the real data sets in French, Turkish, Chinese, Danish and Portuguese', () => {
    const comments = loadComments();
    expect(comments.realLanguages.sort()).toEqual(['da', 'fr', 'pt', 'tr', 'zh']);
    // A random source of 0 always takes the data set when the language has one.
    expect(comments.pick('zh', 'negative', () => 0)).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('first start', () => {
  it('creates the Demo workspace once and queues its data, which the job then generates', async () => {
    const fresh = await createTestApp();
    try {
      const login = await ensureFirstRunWorkspace(fresh.rt.ctx);
      expect(login?.email).toBe('demo@kunde.local');
      expect(await ensureFirstRunWorkspace(fresh.rt.ctx)).toBeUndefined();
      expect(await countWorkspaces(fresh.rt.ctx.db)).toBe(1);
      const queued = await fresh.rt.ctx.database.raw.query<{ data: { workspaceId: string; customers: number } }>(
        `select data from pgboss.job where name = $1`,
        [demoDataJob.name],
      );
      expect(queued.rows).toHaveLength(1);
      expect(queued.rows[0].data.customers).toBe(3000);
      // The job's handler (run here with a small count) fills that workspace.
      const { workspaceId } = queued.rows[0].data;
      const out = (await demoDataJob.handler(fresh.rt.ctx, { workspaceId, customers: 20, seed: 3 }, { id: 'test', retryCount: 0 })) as { customers: { created: number } };
      expect(out.customers.created).toBe(20);
    } finally {
      await fresh.close();
    }
  }, 120_000);
});
