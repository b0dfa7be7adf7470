import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildMember, buildWorkspace, type TestMember, type TestWorkspace } from '../../../test/factories.js';
import { insertResponses } from '../../../test/response-rows.js';
import { bodyOf, headerOf, startSmtp, waitFor } from '../../../test/helpers/smtp.js';
import { NPS_SURVEY } from '../../surveys/test-kit.js';
import { auditLog } from '../../audit/audit.tables.js';
import { digestPeriod } from './digest-period.js';
import { digestSweepJob, sendDigestJob } from './reports.jobs.js';
import { renderDigest } from './render-digest.js';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
let analyst: TestMember;
let viewer: TestMember;

const noonOf = (day: string, plus: number) => new Date(Date.parse(`${day}T12:00:00Z`) + plus * 86_400_000);
const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ work: true, env: { SMTP_URL: smtp.url } });
  a = await buildWorkspace(t.rt.ctx, 'Digest A');
  b = await buildWorkspace(t.rt.ctx, 'Digest B');
  analyst = await buildMember(t.rt.ctx, a.workspaceId, 'analyst');
  viewer = await buildMember(t.rt.ctx, a.workspaceId, 'viewer');
  // The newest complete week (UTC, the workspaces' zone) and the one before it.
  const p = digestPeriod('weekly', new Date(), 'UTC');
  for (const ws of [a, b]) {
    const survey = await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys', { key: ws.keys.admin, body: NPS_SURVEY });
    const rows = (day: string, touchpoint: string, scores: number[]) => scores.map((s) => ({ answers: { q1: s }, createdAt: noonOf(day, 1), touchpoint }));
    // Before: store 10, 2, 2, 2 (NPS −50), web 10, 9 (100): all six → 3 promoters, 3 detractors, NPS 0.
    // Now: store 10, 10, 10, 2 (NPS 50), web 10, 8 (50): all six → 4 promoters, 1 detractor, NPS 50.
    await insertResponses(t.rt.ctx.db, ws.workspaceId, survey.body.id, [
      ...rows(p.previousFrom, 'store', [10, 2, 2, 2]), ...rows(p.previousFrom, 'web', [10, 9]),
      ...rows(p.from, 'store', [10, 10, 10, 2]), ...rows(p.from, 'web', [10, 8]),
    ]);
  }
}, 120_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('e-mail digest', () => {
  it('computes the newest complete week and the one before, by hand', () => {
    // Wednesday 2026-03-11 in Copenhagen: the last complete week is Mon 2 – Sun 8 March, before it 23 Feb – 1 Mar.
    expect(digestPeriod('weekly', new Date('2026-03-11T10:00:00Z'), 'Europe/Copenhagen')).toEqual({ frequency: 'weekly', from: '2026-03-02', to: '2026-03-08', previousFrom: '2026-02-23', previousTo: '2026-03-01' });
    // 1 March 00:30 in Copenhagen is still 28 February in UTC: February is not complete there yet.
    expect(digestPeriod('monthly', new Date('2026-02-28T23:30:00Z'), 'Europe/Copenhagen')).toMatchObject({ from: '2026-02-01', to: '2026-02-28', previousFrom: '2026-01-01' });
    expect(digestPeriod('monthly', new Date('2026-02-28T23:30:00Z'), 'UTC')).toMatchObject({ from: '2026-01-01', to: '2026-01-31', previousFrom: '2025-12-01' });
  });

  it('previews headline numbers with their change and the touchpoints that moved most', async () => {
    const r = await call<{ headline: { metric: string; value: number | null; previous: number | null; change: number | null; n: number }[]; movers: { touchpoint: string; metric: string; change: number }[] }>(
      t.app, 'GET', '/api/v1/reports/digest/preview?frequency=weekly', { key: a.keys.viewer });
    expect(r.status).toBe(200);
    expect(r.body.headline.find((h) => h.metric === 'nps')).toEqual({ metric: 'nps', value: 50, previous: 0, change: 50, n: 6 });
    expect(r.body.movers.filter((m) => m.metric === 'nps').map((m) => [m.touchpoint, m.change])).toEqual([['store', 100], ['web', -50]]);
  });

  it('saves settings for chosen members only, audited', async () => {
    const put = await call<{ recipients: string[]; members: unknown[] }>(t.app, 'PUT', '/api/v1/reports/digest', {
      key: a.keys.admin, body: { isEnabled: true, frequency: 'weekly', recipients: [analyst.userId, viewer.userId] },
    });
    expect(put.status).toBe(200);
    expect(put.body.recipients.sort()).toEqual([analyst.userId, viewer.userId].sort());
    expect(put.body.members).toHaveLength(3);
    const audit = await t.rt.ctx.db.select().from(auditLog).where(and(eq(auditLog.workspaceId, a.workspaceId), eq(auditLog.action, 'report_digest.updated')));
    expect(audit).toHaveLength(1);
  });

  it('"send now" lands in a real SMTP server, in text and HTML, with the numbers', async () => {
    const r = await call<{ sentTo: string[] }>(t.app, 'POST', '/api/v1/reports/digest/send', { key: a.keys.admin, body: {} });
    expect(r.status).toBe(200);
    expect(r.body.sentTo.sort()).toEqual([analyst.email, viewer.email].sort());
    const mail = await waitFor('the digest at the analyst', () => mailsTo(analyst.email)[0]);
    expect(headerOf(mail.data, 'Subject')).toContain('Digest A: CX digest');
    const body = bodyOf(mail.data);
    expect(body).toContain('NPS: 50 (+50 before: 0), n = 6');
    expect(body).toContain('store · NPS: +100 → 50');
    expect(mail.data).toContain('text/html');
    await waitFor('the digest at the viewer', () => mailsTo(viewer.email)[0]);
  });

  it('the scheduled sweep sends a due period once, and never to another workspace', async () => {
    await call(t.app, 'PUT', '/api/v1/reports/digest', { key: b.keys.admin, body: { isEnabled: true, frequency: 'weekly', recipients: [b.ownerId] } });
    await digestSweepJob.handler(t.rt.ctx, {}, { id: 'test', name: digestSweepJob.name } as never);
    const ownerB = (await call<{ members: { userId: string; email: string }[] }>(t.app, 'GET', '/api/v1/reports/digest', { key: b.keys.admin })).body.members[0].email;
    await waitFor('the scheduled digest of B', () => mailsTo(ownerB)[0]);
    // Again, directly: the period is sent already (A's by "send now", B's by the sweep).
    for (const ws of [a, b]) {
      const again = await sendDigestJob.handler(t.rt.ctx, { workspaceId: ws.workspaceId }, { id: 'test', name: sendDigestJob.name } as never);
      expect(again).toMatchObject({ sentTo: 0 });
    }
    await new Promise((r) => setTimeout(r, 1000));
    expect(mailsTo(ownerB)).toHaveLength(1);
    expect(mailsTo(analyst.email)).toHaveLength(1);
    expect(smtp.received.every((m) => !m.to.includes(b.email) || headerOf(m.data, 'Subject')?.includes('Digest B'))).toBe(true);
  });

  it('keeps workspaces apart and refuses bad input and roles without the permission', async () => {
    const other = await call(t.app, 'PUT', '/api/v1/reports/digest', { key: b.keys.admin, body: { isEnabled: true, frequency: 'weekly', recipients: [analyst.userId] } });
    expect(other.status).toBe(422);
    const seen = await call<{ recipients: string[]; members: { userId: string }[] }>(t.app, 'GET', '/api/v1/reports/digest', { key: b.keys.admin });
    expect(seen.body.members.map((m) => m.userId)).not.toContain(analyst.userId);
    for (const body of [{ isEnabled: true, frequency: 'daily', recipients: [] }, { isEnabled: true, frequency: 'weekly', recipients: ['x'] }, { isEnabled: 'yes', frequency: 'weekly', recipients: [] }]) {
      const r = await call(t.app, 'PUT', '/api/v1/reports/digest', { key: a.keys.admin, body });
      expect(r.status).toBe(422);
      expect(r.contentType).toContain('application/problem+json');
    }
    expect((await call(t.app, 'GET', '/api/v1/reports/digest/preview?frequency=daily', { key: a.keys.viewer })).status).toBe(400);
    expect((await call(t.app, 'PUT', '/api/v1/reports/digest', { key: a.keys.analyst, body: { isEnabled: false, frequency: 'weekly', recipients: [] } })).status).toBe(403);
    expect((await call(t.app, 'POST', '/api/v1/reports/digest/send', { key: a.keys.viewer, body: {} })).status).toBe(403);
  });

  it('escapes workspace text in the HTML part', () => {
    const mail = renderDigest({ period: { frequency: 'weekly', from: '2026-03-02', to: '2026-03-08', previousFrom: '2026-02-23' }, headline: [], movers: [{ metric: 'nps', touchpoint: '<b>shop</b>', value: 10, previous: 0, change: 10, n: 3 }] }, 'A & B', 'da');
    expect(mail.html).toContain('&lt;b&gt;shop&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>shop</b>');
    expect(mail.subject).toBe('A & B: CX-oversigt 2026-03-02 – 2026-03-08');
  });
});
