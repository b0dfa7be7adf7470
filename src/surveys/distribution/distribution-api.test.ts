import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../../test/factories.js';
import { NPS_SURVEY } from '../test-kit.js';
import { expandWave } from './waves.service.js';
import { batchSizeFor, sendDueInvitations } from './send-invitations.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
let surveyId: string;
let draftId: string;
let triggerId: string;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Acme');
  b = await buildWorkspace(t.rt.ctx, 'Beta');
  surveyId = (await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.admin, body: NPS_SURVEY })).body.id;
  await call(t.app, 'POST', `/api/v1/surveys/${surveyId}/publish`, { key: a.keys.admin });
  draftId = (await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.admin, body: NPS_SURVEY })).body.id;
  const trigger = await call<{ id: string }>(t.app, 'POST', `/api/v1/surveys/${surveyId}/triggers`, { key: a.keys.admin, body: { name: 'After purchase', eventType: 'purchase', delaySeconds: 86400 } });
  expect(trigger.status).toBe(201);
  triggerId = trigger.body.id;
  // A sent-to address of workspace A, for the bounce report.
  await call(t.app, 'POST', `/api/v1/surveys/${surveyId}/invitations`, { key: a.keys.admin, body: { audience: { recipients: [{ email: 'x@example.com' }] } } });
});
afterAll(async () => t?.close());

const expectProblem = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, status: number, body?: unknown, key = a.keys.admin) => {
  const r = await call(t.app, method, url, { key, body });
  expect(r.status, `${method} ${url} ${JSON.stringify(body)} → ${JSON.stringify(r.body)}`).toBe(status);
  expect(r.contentType).toContain('application/problem+json');
};

describe('distribution API', () => {
  it('keeps every route inside its workspace', async () => {
    const s = `/api/v1/surveys/${surveyId}`;
    await expectIsolated(t.app, b.keys.admin, [
      { method: 'POST', url: `${s}/invitations`, body: { audience: { recipients: [{ email: 'z@example.com' }] } } },
      { method: 'GET', url: `${s}/invitations` },
      { method: 'GET', url: `${s}/invitation-waves` },
      { method: 'POST', url: `${s}/invitations/preview`, body: {} },
      { method: 'POST', url: `${s}/invitations/test`, body: { to: 'b@example.com' } },
      { method: 'GET', url: `${s}/triggers` },
      { method: 'POST', url: `${s}/triggers`, body: { name: 'x', eventType: 'purchase', delaySeconds: 0 } },
      { method: 'PATCH', url: `${s}/triggers/${triggerId}`, body: { isEnabled: false } },
      { method: 'DELETE', url: `${s}/triggers/${triggerId}` },
      { method: 'POST', url: '/api/v1/survey-distribution/bounces', body: { email: 'x@example.com' } },
    ]);
    // Settings are per workspace: B changing its rules leaves A's alone.
    expect((await call(t.app, 'PATCH', '/api/v1/survey-distribution/settings', { key: b.keys.admin, body: { minDaysBetweenSurveys: 7 } })).status).toBe(200);
    expect((await call<{ minDaysBetweenSurveys: number }>(t.app, 'GET', '/api/v1/survey-distribution/settings', { key: a.keys.viewer })).body.minDaysBetweenSurveys).toBe(30);
    expect((await call<{ data: unknown[] }>(t.app, 'GET', `${s}/triggers`, { key: a.keys.viewer })).body.data).toHaveLength(1);
  });

  it('answers bad input with 4xx problem+json (400 for the URL, 422 for the body)', async () => {
    const s = `/api/v1/surveys/${surveyId}`;
    for (const body of [{}, { audience: {} }, { audience: { segmentId: 'nope' } }, { audience: { recipients: [] } }, { audience: { recipients: [{ email: 'not-an-address' }] } },
      { audience: { customerIds: ['x'] } }, { audience: { customerId: surveyId, segmentId: surveyId } }, { audience: { customerId: surveyId }, scheduledAt: 'tomorrow' }, { audience: { customerId: surveyId }, language: 'Danish!' }]) {
      await expectProblem('POST', `${s}/invitations`, 422, body);
    }
    await expectProblem('POST', `${s}/invitations`, 422, { audience: { customerId: surveyId }, language: 'fr' });
    await expectProblem('POST', `${s}/invitations`, 404, { audience: { segmentId: surveyId } });
    await expectProblem('POST', `/api/v1/surveys/${draftId}/invitations`, 409, { audience: { customerId: surveyId } });
    await expectProblem('POST', '/api/v1/surveys/not-a-uuid/invitations', 400, { audience: { customerId: surveyId } });
    for (const q of ['?status=lost', '?limit=0', '?limit=x', '?cursor=garbage', '?waveId=1']) await expectProblem('GET', `${s}/invitations${q}`, 400);
    await expectProblem('POST', `${s}/invitations/preview`, 422, { language: 'Dansk!' });
    await expectProblem('POST', `${s}/invitations/preview`, 422, { kind: 'newsletter' });
    await expectProblem('POST', `${s}/invitations/preview`, 404, { customerId: surveyId });
    await expectProblem('POST', `${s}/invitations/test`, 422, { to: 'nobody' });
    for (const body of [{ sendRatePerMinute: 0 }, { minDaysBetweenSurveys: -1 }, { skipAnsweredWithinDays: 'x' }]) await expectProblem('PATCH', '/api/v1/survey-distribution/settings', 422, body);
    await expectProblem('POST', '/api/v1/survey-distribution/bounces', 422, { email: 'x' });
    await expectProblem('POST', '/api/v1/survey-distribution/bounces', 404, { email: 'never@example.com' });
    for (const body of [{}, { name: 'x', eventType: 'Purchase!', delaySeconds: 1 }, { name: 'x', eventType: 'purchase', delaySeconds: -1 }, { name: 'x', eventType: 'purchase', delaySeconds: 1, eventConditions: [{ field: 'amount', op: 'like' }] }]) {
      await expectProblem('POST', `${s}/triggers`, 422, body);
    }
    await expectProblem('PATCH', `${s}/triggers/${surveyId}`, 404, { isEnabled: false });
    await expectProblem('PATCH', `${s}/triggers/${triggerId}`, 422, { delaySeconds: 'soon' });
    await expectProblem('DELETE', `${s}/triggers/${surveyId}`, 404);
  });

  it('lets readers read and only managers send', async () => {
    const s = `/api/v1/surveys/${surveyId}`;
    for (const role of ['agent', 'viewer'] as const) {
      await expectProblem('POST', `${s}/invitations`, 403, { audience: { recipients: [{ email: 'z@example.com' }] } }, a.keys[role]);
      await expectProblem('POST', `${s}/triggers`, 403, { name: 'x', eventType: 'purchase', delaySeconds: 0 }, a.keys[role]);
      await expectProblem('PATCH', '/api/v1/survey-distribution/settings', 403, { minDaysBetweenSurveys: 1 }, a.keys[role]);
      expect((await call(t.app, 'GET', `${s}/invitations`, { key: a.keys[role] })).status).toBe(200);
    }
    const waves = await call<{ data: { status: string; stats: { total: number } }[] }>(t.app, 'GET', `${s}/invitation-waves`, { key: a.keys.viewer });
    expect(waves.body.data).toHaveLength(2); // the manual wave and the trigger's standing wave
  });

  it('edits and deletes triggers (a patch changes only what it names)', async () => {
    const s = `/api/v1/surveys/${surveyId}`;
    const created = await call<{ id: string; eventConditions: unknown[] }>(t.app, 'POST', `${s}/triggers`, { key: a.keys.admin, body: { name: 'Big orders', eventType: 'purchase', delaySeconds: 3600, eventConditions: [{ field: 'amount', op: 'gte', value: 10000 }] } });
    const patched = await call<{ isEnabled: boolean; eventConditions: unknown[]; delaySeconds: number }>(t.app, 'PATCH', `${s}/triggers/${created.body.id}`, { key: a.keys.admin, body: { isEnabled: false } });
    expect(patched.body).toMatchObject({ isEnabled: false, delaySeconds: 3600, eventConditions: [{ field: 'amount', op: 'gte', value: 10000 }] });
    expect((await call(t.app, 'DELETE', `${s}/triggers/${created.body.id}`, { key: a.keys.admin })).status).toBe(204);
    expect((await call<{ data: unknown[] }>(t.app, 'GET', `${s}/triggers`, { key: a.keys.viewer })).body.data).toHaveLength(1);
  });

  it('sends at the workspace rate: a run hands over ten seconds of it and leaves the rest for the next run', async () => {
    await call(t.app, 'PATCH', '/api/v1/survey-distribution/settings', { key: a.keys.admin, body: { sendRatePerMinute: 12, minDaysBetweenSurveys: 0 } });
    const wave = await call<{ id: string }>(t.app, 'POST', `/api/v1/surveys/${surveyId}/invitations`, { key: a.keys.admin, body: { audience: { recipients: ['r1', 'r2', 'r3', 'r4', 'r5'].map((n) => ({ email: `${n}@example.com` })) } } });
    expect(await expandWave(t.rt.ctx, a.workspaceId, wave.body.id)).toEqual({ invited: 5 });
    const { perRun, intervalMs } = await batchSizeFor(t.rt.ctx.db, a.workspaceId);
    // 12 a minute = 2 every 10 s.
    expect({ perRun, intervalMs }).toEqual({ perRun: 2, intervalMs: 10_000 });
    const first = await sendDueInvitations(t.rt.ctx, a.workspaceId, wave.body.id, perRun);
    expect(first).toMatchObject({ sent: 2, skipped: 0, remaining: 3 });
    // Without SMTP the mails are kept in the outbox and the invitations say so.
    const log = await call<{ data: { status: string }[] }>(t.app, 'GET', `/api/v1/surveys/${surveyId}/invitations?waveId=${wave.body.id}`, { key: a.keys.viewer });
    expect(log.body.data.map((i) => i.status).sort()).toEqual(['kept', 'kept', 'queued', 'queued', 'queued']);
  });
});
