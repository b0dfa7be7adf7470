import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildMember, buildWorkspace, expectIsolated, loginAs, type TestWorkspace } from '../../test/factories.js';
import { fillPlaceholders, pickLanguage } from './canned-replies.service.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;

interface Canned { id: string; name: string; bodies: Record<string, string> }

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Canned A');
  b = await buildWorkspace(t.rt.ctx, 'Canned B');
});
afterAll(async () => t?.close());

const create = (body: unknown, key = a.keys.admin) => call<Canned>(t.app, 'POST', '/api/v1/canned-replies', { key, body });

describe('placeholders and languages', () => {
  it('fills known values, takes the fallback after | when a value is missing', () => {
    expect(fillPlaceholders('Hi {{ customer.firstName }}, {{agent.name}} here.', { 'customer.firstName': 'Ida', 'agent.name': 'Bo' })).toBe('Hi Ida, Bo here.');
    expect(fillPlaceholders('Hi {{customer.firstName|there}}!', { 'customer.firstName': '  ' })).toBe('Hi there!');
    expect(fillPlaceholders('Hi {{customer.firstName}}!', {})).toBe('Hi !');
  });

  it('picks the exact language, then the base language, then English, then the first', () => {
    const bodies = { en: 'E', da: 'D', 'pt-br': 'P' };
    expect(pickLanguage(bodies, ['pt-BR'])).toBe('pt-br');
    expect(pickLanguage(bodies, ['da-DK'])).toBe('da');
    expect(pickLanguage(bodies, ['pt'])).toBe('pt-br');
    expect(pickLanguage(bodies, [null, 'de', undefined])).toBe('en');
    expect(pickLanguage({ tr: 'T', zh: 'Z' }, ['de'])).toBe('tr');
    expect(pickLanguage(bodies, [null, 'da'])).toBe('da');
  });
});

describe('canned replies API', () => {
  it('is managed by admins, read by everyone, audited, with unique names', async () => {
    const r = await create({ name: 'Thanks', bodies: { EN: 'Thanks {{customer.firstName|there}}!', da: 'Tak {{customer.firstName|}}!' } });
    expect(r.status).toBe(201);
    expect(Object.keys(r.body.bodies).sort()).toEqual(['da', 'en']);
    expect((await create({ name: 'Thanks', bodies: { en: 'again' } })).status).toBe(409);
    expect((await create({ name: 'Other', bodies: { en: 'x' } }, a.keys.agent)).status).toBe(403);
    const list = await call<{ data: Canned[]; placeholders: string[] }>(t.app, 'GET', '/api/v1/canned-replies', { key: a.keys.viewer });
    expect(list.body.data.map((c) => c.name)).toEqual(['Thanks']);
    expect(list.body.placeholders).toContain('customer.firstName');
    const patched = await call<Canned>(t.app, 'PATCH', `/api/v1/canned-replies/${r.body.id}`, { key: a.keys.admin, body: { bodies: { en: 'Thank you, {{customer.name}}.' } } });
    expect(patched.body.bodies).toEqual({ en: 'Thank you, {{customer.name}}.' });
    const audit = await call<{ data: { action: string }[] }>(t.app, 'GET', '/api/v1/audit-log?limit=50', { key: a.keys.admin });
    expect(audit.body.data.map((e) => e.action)).toEqual(expect.arrayContaining(['canned_reply.created', 'canned_reply.updated']));
    expect((await call(t.app, 'GET', '/api/v1/canned-replies', { key: b.keys.viewer })).body).toMatchObject({ data: [] });
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'PATCH', url: `/api/v1/canned-replies/${r.body.id}`, body: { name: 'Mine' } },
      { method: 'DELETE', url: `/api/v1/canned-replies/${r.body.id}` },
    ]);
    expect((await call(t.app, 'DELETE', `/api/v1/canned-replies/${r.body.id}`, { key: a.keys.admin })).status).toBe(204);
    expect((await call(t.app, 'DELETE', `/api/v1/canned-replies/${r.body.id}`, { key: a.keys.admin })).status).toBe(404);
  });

  it('refuses unknown placeholders, bad language codes and empty texts with problem+json', async () => {
    for (const body of [
      { name: 'X', bodies: { en: 'Hi {{customer.shoeSize}}' } },
      { name: 'X', bodies: { english: 'Hi' } },
      { name: 'X', bodies: {} },
      { name: 'X', bodies: { en: '' } },
      { name: '', bodies: { en: 'Hi' } },
      'nope',
    ]) {
      const r = await create(body);
      expect(r.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.contentType).toContain('application/problem+json');
    }
    const r = await create({ name: 'X', bodies: { en: 'Hi {{customer.shoeSize}}' } });
    expect(JSON.stringify(r.body)).toContain('customer.shoeSize');
  });

  it("fills a reply for a conversation in the conversation's language with the customer's and agent's names", async () => {
    const inbox = (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body: { type: 'api', name: 'Help' } })).body.id;
    await call(t.app, 'POST', '/api/v1/customers', { key: a.keys.admin, body: { email: 'ida@example.com', name: 'Ida Marie Holm', language: 'da' } });
    const conv = (await call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: a.keys.agent, body: { inboxId: inbox, text: 'Hej', subject: 'Ordre 12', customer: { email: 'ida@example.com' } } })).body.conversationId;
    const canned = (await create({ name: 'Greeting', bodies: { en: 'Hello {{customer.firstName}}, {{agent.firstName}} from {{workspace.name}} about "{{conversation.subject}}".', da: 'Hej {{customer.firstName}} {{customer.lastName}}, {{agent.name}} her.' } })).body;
    const member = await buildMember(t.rt.ctx, a.workspaceId, 'agent');
    const session = await loginAs(t.app, member.email, member.password);
    const url = `/api/v1/conversations/${conv}/canned-replies/${canned.id}`;
    // The customer's profile language (da) decides while the conversation has none.
    const da = await call<{ language: string; text: string }>(t.app, 'GET', url, { session });
    expect(da.body).toEqual({ cannedReplyId: canned.id, language: 'da', text: 'Hej Ida Marie Holm, Test agent her.' });
    await call(t.app, 'PATCH', `/api/v1/conversations/${conv}`, { key: a.keys.agent, body: { language: 'en-GB' } });
    const en = await call<{ language: string; text: string }>(t.app, 'GET', url, { session });
    expect(en.body.text).toBe('Hello Ida, Test from Canned A about "Ordre 12".');
    expect((await call<{ language: string }>(t.app, 'GET', `${url}?language=da`, { session })).body.language).toBe('da');
    expect((await call(t.app, 'GET', `${url}?language=!!`, { session })).status).toBeGreaterThanOrEqual(400);
    expect((await call(t.app, 'GET', url, { key: a.keys.viewer })).status).toBe(403);
    await expectIsolated(t.app, b.keys.admin, [{ method: 'GET', url }]);
  });
});
