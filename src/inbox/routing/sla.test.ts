import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildMember, buildWorkspace, expectIsolated, type TestWorkspace } from '../../../test/factories.js';
import { addBusinessMinutes, ALWAYS_OPEN, businessMsBetween, OFFICE_HOURS, type ServiceCalendar } from './business-hours.js';
import { runSlaSweep } from './sla-alerts.js';
import { routingSettled } from './route-pending.js';
import { findSlas } from './sla.queries.js';
import { startServiceClock } from './sla.service.js';
import { systemActor } from '../../platform/context.js';

const cph: ServiceCalendar = { timeZone: 'Europe/Copenhagen', weekly: OFFICE_HOURS, holidays: ['2026-04-03'] };
const at = (iso: string) => new Date(iso);
const H = 3600_000;

describe('business time (hand-computed)', () => {
  it('carries over evenings and weekends, across the spring DST change', () => {
    // Fri 27 Mar 16:00 CET (15:00Z) + 2 h: 1 h to 17:00, then Mon 30 Mar 09:00 CEST (07:00Z) + 1 h.
    expect(addBusinessMinutes(at('2026-03-27T15:00:00Z'), 120, cph).toISOString()).toBe('2026-03-30T08:00:00.000Z');
    // Arriving on Saturday waits for Monday 09:00 CEST.
    expect(addBusinessMinutes(at('2026-03-28T09:00:00Z'), 30, cph).toISOString()).toBe('2026-03-30T07:30:00.000Z');
    // Before opening on a weekday: Mon 06:00 local + 8 h = the whole day, ending 17:00 CEST (15:00Z).
    expect(addBusinessMinutes(at('2026-03-30T04:00:00Z'), 480, cph).toISOString()).toBe('2026-03-30T15:00:00.000Z');
    expect(businessMsBetween(at('2026-03-27T15:00:00Z'), at('2026-03-30T08:00:00Z'), cph)).toBe(2 * H);
  });

  it('skips holidays', () => {
    // Thu 2 Apr 16:30 CEST (14:30Z) + 1 h: 30 min, Good Friday and the weekend closed, Mon 6 Apr 09:00 CEST + 30 min.
    expect(addBusinessMinutes(at('2026-04-02T14:30:00Z'), 60, cph).toISOString()).toBe('2026-04-06T07:30:00.000Z');
    expect(businessMsBetween(at('2026-04-02T14:30:00Z'), at('2026-04-06T07:30:00Z'), cph)).toBe(H);
  });

  it('counts a DST day as 23 or 25 hours round the clock', () => {
    const always: ServiceCalendar = { timeZone: 'Europe/Copenhagen', weekly: ALWAYS_OPEN, holidays: [] };
    expect(addBusinessMinutes(at('2026-03-28T11:00:00Z'), 24 * 60, always).toISOString()).toBe('2026-03-29T11:00:00.000Z');
    expect(businessMsBetween(at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'), always)).toBe(23 * H);
    expect(businessMsBetween(at('2026-10-24T22:00:00Z'), at('2026-10-25T23:00:00Z'), always)).toBe(25 * H);
    // Office hours on the day after the change: 09:00 is 07:00Z, no longer 08:00Z.
    expect(businessMsBetween(at('2026-03-27T08:00:00Z'), at('2026-03-30T07:00:00Z'), cph)).toBe(8 * H);
  });

  it('reads hours in the workspace time zone', () => {
    // New York, Mon 5 Jan 15:00 EST (20:00Z) + 3 h: 2 h to 17:00 EST, Tue 09:00 EST (14:00Z) + 1 h.
    expect(addBusinessMinutes(at('2026-01-05T20:00:00Z'), 180, { timeZone: 'America/New_York', weekly: OFFICE_HOURS, holidays: [] }).toISOString()).toBe('2026-01-06T15:00:00.000Z');
    // Tokyo, Fri 9 Jan 16:00 JST (07:00Z) + 2 h: 1 h, then Mon 12 Jan 09:00 JST (00:00Z) + 1 h.
    expect(addBusinessMinutes(at('2026-01-09T07:00:00Z'), 120, { timeZone: 'Asia/Tokyo', weekly: OFFICE_HOURS, holidays: [] }).toISOString()).toBe('2026-01-12T01:00:00.000Z');
  });
});

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp({ env: { INBOUND_DOMAIN: 'in.example.test' } });
  a = await buildWorkspace(t.rt.ctx, 'SLA A');
  b = await buildWorkspace(t.rt.ctx, 'SLA B');
});
afterAll(async () => t?.close());

interface Conversation { id: string; dueAt: string | null; firstResponseAt: string | null; priority: string; assigneeId: string | null }
interface Notification { id: string; conversationId: string; kind: string; target: string; dueAt: string; readAt: string | null; userId: string | null }

describe('SLA clocks, alerts and acknowledgement', () => {
  it('sets due times by the matching policy, warns before and alerts at breach exactly once (in-app and e-mail)', async () => {
    const agent = await buildMember(t.rt.ctx, a.workspaceId, 'agent');
    const inboxId = (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body: { type: 'api', name: 'API' } })).body.id;
    const any = await call(t.app, 'POST', '/api/v1/inbox/sla-policies', { key: a.keys.admin, body: { name: 'Everything', firstResponseMinutes: 600, resolutionMinutes: 6000, businessHours: false } });
    expect(any.status).toBe(201);
    await call(t.app, 'POST', '/api/v1/inbox/sla-policies', { key: a.keys.admin, body: { name: 'API', channel: 'api', firstResponseMinutes: 60, resolutionMinutes: 240, businessHours: false } });
    await call(t.app, 'PATCH', '/api/v1/inbox/service-hours', { key: a.keys.admin, body: { warnBeforeMinutes: 15 } });
    const sentAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 10 * 60_000);
    const posted = await call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: a.keys.agent, body: { inboxId, text: 'Where is my order?', customer: { email: 'sla@example.com' }, sentAt: sentAt.toISOString() } });
    const id = posted.body.conversationId;
    await routingSettled(t.rt.ctx, a.workspaceId);
    await call(t.app, 'PATCH', `/api/v1/conversations/${id}`, { key: a.keys.agent, body: { assigneeId: agent.userId } });
    const conv = (await call<Conversation>(t.app, 'GET', `/api/v1/conversations/${id}`, { key: a.keys.viewer })).body;
    // The channel policy beats the catch-all: due 60 min after the message.
    expect(conv.dueAt).toBe(new Date(sentAt.getTime() + 60 * 60_000).toISOString());

    const ctx = t.rt.ctx;
    const m = (min: number) => new Date(sentAt.getTime() + min * 60_000);
    expect(await runSlaSweep(ctx, m(44))).toEqual({ warnings: 0, breaches: 0 });
    expect(await runSlaSweep(ctx, m(46))).toEqual({ warnings: 1, breaches: 0 });
    expect(await runSlaSweep(ctx, m(50))).toEqual({ warnings: 0, breaches: 0 });
    expect(await runSlaSweep(ctx, m(61))).toEqual({ warnings: 0, breaches: 1 });
    expect(await Promise.all([runSlaSweep(ctx, m(62)), runSlaSweep(ctx, m(62))])).toEqual([{ warnings: 0, breaches: 0 }, { warnings: 0, breaches: 0 }]);
    // The answer stops the first-response clock; the resolution clock (240 min) still runs.
    await call(t.app, 'POST', `/api/v1/conversations/${id}/messages`, { key: a.keys.agent, body: { text: 'On its way.' } });
    expect(await runSlaSweep(ctx, m(230))).toEqual({ warnings: 1, breaches: 0 });
    expect(await runSlaSweep(ctx, m(241))).toEqual({ warnings: 0, breaches: 1 });

    const mine = await call<{ data: Notification[] }>(t.app, 'GET', '/api/v1/inbox/notifications?unread=true', { key: a.keys.admin });
    const ours = mine.body.data.filter((n) => n.conversationId === id);
    expect(ours.map((n) => `${n.kind}:${n.target}`).sort()).toEqual(['sla_breach:first_response', 'sla_breach:resolution', 'sla_warning:first_response', 'sla_warning:resolution']);
    expect(ours.every((n) => n.userId === agent.userId)).toBe(true);
    const outbox = await call<{ data: { to: string; kind: string; subject: string }[] }>(t.app, 'GET', '/api/v1/outbox?limit=200', { key: a.keys.admin });
    const alerts = outbox.body.data.filter((x) => x.kind === 'inbox_sla_alert');
    expect(alerts).toHaveLength(4);
    expect(alerts.every((x) => x.to === agent.email)).toBe(true);
    expect((await call(t.app, 'POST', `/api/v1/inbox/notifications/${ours[0].id}/read`, { key: a.keys.agent })).status).toBe(204);
    await expectIsolated(t.app, b.keys.admin, [{ method: 'POST', url: `/api/v1/inbox/notifications/${ours[1].id}/read` }]);
    expect((await call<{ data: Notification[] }>(t.app, 'GET', '/api/v1/inbox/notifications', { key: b.keys.admin })).body.data).toEqual([]);
  });

  it('acknowledges a new e-mail conversation in the customer\'s language with the expected answer time; not a first response', async () => {
    const ws = await buildWorkspace(t.rt.ctx, 'Ack');
    await call(t.app, 'PATCH', '/api/v1/workspace', { key: ws.keys.admin, body: { timeZone: 'Europe/Copenhagen' } });
    await call(t.app, 'PATCH', '/api/v1/inbox/service-hours', { key: ws.keys.admin, body: { autoAcknowledge: true, weekly: { 1: [['00:00', '24:00']], 2: [['00:00', '24:00']], 3: [['00:00', '24:00']], 4: [['00:00', '24:00']], 5: [['00:00', '24:00']], 6: [['00:00', '24:00']], 7: [['00:00', '24:00']] } } });
    const inboxId = (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: ws.keys.admin, body: { type: 'email', name: 'Support' } })).body.id;
    const first = await call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: ws.keys.agent, body: { inboxId, subject: 'Pakke', text: 'Hej, min pakke er ikke kommet frem endnu. Hvornår kommer den?', customer: { email: 'kunde@example.dk' }, messageId: '<k1@example.dk>' } });
    await routingSettled(t.rt.ctx, ws.workspaceId);
    await call(t.app, 'POST', '/api/v1/messages', { key: ws.keys.agent, body: { inboxId, text: 'Hallo?', customer: { email: 'kunde@example.dk' }, messageId: '<k2@example.dk>', inReplyTo: '<k1@example.dk>' } });
    await routingSettled(t.rt.ctx, ws.workspaceId);
    const msgs = await call<{ data: { direction: string; sender: string; text: string; inReplyTo: string | null }[] }>(t.app, 'GET', `/api/v1/conversations/${first.body.conversationId}/messages`, { key: ws.keys.viewer });
    const acks = msgs.body.data.filter((x) => x.sender === 'auto-acknowledge');
    expect(acks).toHaveLength(1);
    expect(acks[0].text).toMatch(/^Tak fordi du skrev til os\. .* svarer senest .+\.$/);
    expect(acks[0].inReplyTo).toBe('<k1@example.dk>');
    const outbox = await call<{ data: { to: string; kind: string }[] }>(t.app, 'GET', '/api/v1/outbox', { key: ws.keys.admin });
    expect(outbox.body.data.filter((x) => x.kind === 'inbox_acknowledgement').map((x) => x.to)).toEqual(['kunde@example.dk']);
    const conv = (await call<Conversation>(t.app, 'GET', `/api/v1/conversations/${first.body.conversationId}`, { key: ws.keys.viewer })).body;
    expect(conv.firstResponseAt).toBeNull();
  });

  it('refuses bad settings and policies; only admins change them', async () => {
    for (const body of [{ weekly: { 1: [['17:00', '09:00']] } }, { weekly: { 8: [['09:00', '17:00']] } }, { holidays: ['2026-13-01'] }, { warnBeforeMinutes: 0 }, {}]) {
      const r = await call(t.app, 'PATCH', '/api/v1/inbox/service-hours', { key: a.keys.admin, body });
      expect(r.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.contentType).toContain('application/problem+json');
    }
    for (const body of [{ name: 'x', firstResponseMinutes: 0, resolutionMinutes: 10 }, { name: 'x', priority: 'extreme', firstResponseMinutes: 1, resolutionMinutes: 10 }, { name: '', firstResponseMinutes: 1, resolutionMinutes: 1 }]) {
      expect((await call(t.app, 'POST', '/api/v1/inbox/sla-policies', { key: a.keys.admin, body })).status).toBeGreaterThanOrEqual(400);
    }
    expect((await call(t.app, 'PATCH', '/api/v1/inbox/service-hours', { key: a.keys.agent, body: { autoAcknowledge: true } })).status).toBe(403);
    const p = await call<{ id: string }>(t.app, 'POST', '/api/v1/inbox/sla-policies', { key: a.keys.admin, body: { name: 'Urgent', priority: 'urgent', firstResponseMinutes: 15, resolutionMinutes: 120 } });
    await expectIsolated(t.app, b.keys.admin, [{ method: 'DELETE', url: `/api/v1/inbox/sla-policies/${p.body.id}` }]);
    expect((await call(t.app, 'DELETE', `/api/v1/inbox/sla-policies/${p.body.id}`, { key: a.keys.admin })).status).toBe(204);
  });
});

describe('a priority change re-times the SLA clock', () => {
  it('computes the due times again from the start under the new priority\'s policy, in business hours (hand-computed)', async () => {
    const ws = await buildWorkspace(t.rt.ctx, 'Retime');
    const admin = { key: ws.keys.admin };
    // Copenhagen, default hours Mon–Fri 09:00–17:00 (CET, UTC+1, in November).
    await call(t.app, 'PATCH', '/api/v1/workspace', { ...admin, body: { timeZone: 'Europe/Copenhagen' } });
    const policy = async (body: object) => (await call<{ id: string }>(t.app, 'POST', '/api/v1/inbox/sla-policies', { ...admin, body })).body.id;
    const normal = await policy({ name: 'Normal', priority: 'normal', firstResponseMinutes: 240, resolutionMinutes: 960, businessHours: true });
    const urgent = await policy({ name: 'Urgent', priority: 'urgent', firstResponseMinutes: 60, resolutionMinutes: 300, businessHours: true });
    const low = await policy({ name: 'Low', priority: 'low', firstResponseMinutes: 2880, resolutionMinutes: 10080, businessHours: false });
    const inboxId = (await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { ...admin, body: { type: 'api', name: 'API' } })).body.id;
    // Sent over a week ago: history, so routing starts no clock; the test starts it at a known time.
    const post = async (email: string) =>
      (await call<{ conversationId: string }>(t.app, 'POST', '/api/v1/messages', { key: ws.keys.agent, body: { inboxId, text: 'My parcel is lost', customer: { email }, sentAt: '2026-11-27T14:30:00Z' } })).body.conversationId;
    const id = await post('retime@example.com');
    const unclocked = await post('noclock@example.com');
    await routingSettled(t.rt.ctx, ws.workspaceId);
    // Friday 27 Nov 15:30 CET.
    await startServiceClock(t.rt.ctx, systemActor(ws.workspaceId, 'test'), id, new Date('2026-11-27T14:30:00Z'));

    const clock = async () => {
      const [c] = await findSlas(t.rt.ctx.db, ws.workspaceId, [id]);
      return { policyId: c.policyId, first: c.firstResponseDueAt?.toISOString(), resolution: c.resolutionDueAt?.toISOString() };
    };
    const setPriority = async (conversationId: string, body: object) => {
      const r = await call<Conversation & { dueAt: string | null }>(t.app, 'PATCH', `/api/v1/conversations/${conversationId}`, { key: ws.keys.agent, body });
      expect(r.status).toBe(200);
      return r.body;
    };

    // Normal, 240 / 960 business minutes: Fri 15:30–17:00 is 90; first = Mon 30 Nov 09:00 + 150 = 11:30 CET;
    // resolution = 90 Fri + 480 Mon + Tue 1 Dec 09:00 + 390 = 15:30 CET.
    expect(await clock()).toEqual({ policyId: normal, first: '2026-11-30T10:30:00.000Z', resolution: '2026-12-01T14:30:00.000Z' });
    // Urgent, 60 / 300: first = Fri 16:30 CET; resolution = 90 Fri + Mon 09:00 + 210 = 12:30 CET.
    expect((await setPriority(id, { priority: 'urgent' })).dueAt).toBe('2026-11-27T15:30:00.000Z');
    expect(await clock()).toEqual({ policyId: urgent, first: '2026-11-27T15:30:00.000Z', resolution: '2026-11-30T11:30:00.000Z' });
    // Low, wall-clock 48 h / 7 days from the start, weekend or not.
    expect((await setPriority(id, { priority: 'low' })).dueAt).toBe('2026-11-29T14:30:00.000Z');
    expect(await clock()).toEqual({ policyId: low, first: '2026-11-29T14:30:00.000Z', resolution: '2026-12-04T14:30:00.000Z' });
    // The same priority again changes nothing.
    expect((await setPriority(id, { priority: 'low' })).dueAt).toBe('2026-11-29T14:30:00.000Z');

    // An agent's own due time stays; the clock still follows the priority. High has no policy here: the
    // default targets, 24 h / 3 days wall-clock.
    expect((await setPriority(id, { dueAt: '2026-12-02T12:00:00.000Z' })).dueAt).toBe('2026-12-02T12:00:00.000Z');
    expect((await setPriority(id, { priority: 'high' })).dueAt).toBe('2026-12-02T12:00:00.000Z');
    expect(await clock()).toEqual({ policyId: null, first: '2026-11-28T14:30:00.000Z', resolution: '2026-11-30T14:30:00.000Z' });
    // A due time sent with the priority wins over the clock's.
    expect((await setPriority(id, { priority: 'urgent', dueAt: null })).dueAt).toBeNull();

    // Without a running clock there is nothing to re-time.
    expect((await setPriority(unclocked, { priority: 'urgent' })).dueAt).toBeNull();
    expect(await findSlas(t.rt.ctx.db, ws.workspaceId, [unclocked])).toEqual([]);
  });
});
