import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { waitFor } from '../../../test/helpers/smtp.js';
import { buildWorkspace, expectIsolated, type TestWorkspace } from '../../../test/factories.js';
import { NPS_SURVEY } from '../../surveys/test-kit.js';
import type { TMetricAnswer } from './metrics.schemas.js';

vi.setConfig({ testTimeout: 120_000 });

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
beforeAll(async () => {
  // Jobs run (the wave is sent by one); without SMTP invitations are kept, which counts as delivered.
  t = await createTestApp({ work: true });
  a = await buildWorkspace(t.rt.ctx, 'Rates');
  b = await buildWorkspace(t.rt.ctx, 'Other');
}, 240_000);
afterAll(async () => t?.close());

describe('GET /metrics/response-rate with invitations', () => {
  it('responded ÷ delivered per survey, wave and channel with a Wilson interval (1 of 2: 50 %, 9.45–90.55)', async () => {
    const s = await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys', { key: a.keys.admin, body: { ...NPS_SURVEY, name: 'Invited' } });
    await call(t.app, 'POST', `/api/v1/surveys/${s.body.id}/publish`, { key: a.keys.admin });
    const wave = await call<{ id: string }>(t.app, 'POST', `/api/v1/surveys/${s.body.id}/invitations`, { key: a.keys.admin, body: { audience: { recipients: [{ email: 'one@example.com' }, { email: 'two@example.com' }] } } });
    expect(wave.status, JSON.stringify(wave.body)).toBe(202);
    const get = () => call<TMetricAnswer>(t.app, 'GET', `/api/v1/metrics/response-rate?surveyId=${s.body.id}`, { key: a.keys.viewer });
    await waitFor('both invitations kept', async () => ((await get()).body.invitations?.invited === 2 ? true : undefined));
    // The respondent path is tested by survey distribution; here one invitation is marked answered directly.
    await t.rt.ctx.db.execute(sql`update survey_invitations set responded_at = now() where workspace_id = ${a.workspaceId}::uuid and email = 'one@example.com'`);
    const r = (await get()).body;
    expect(r.responseRate).toBe(50);
    expect(r.invitations).toMatchObject({ invited: 2, responded: 1, responseRate: 50, low: 9.45, high: 90.55 });
    expect(r.invitations!.bySurvey).toEqual([{ surveyId: s.body.id, name: 'Invited', invited: 2, responded: 1, responseRate: 50, low: 9.45, high: 90.55 }]);
    expect(r.invitations!.byWave).toEqual([expect.objectContaining({ surveyId: s.body.id, waveId: wave.body.id, invited: 2, responded: 1, responseRate: 50 })]);
    expect(r.invitations!.byChannel).toEqual([{ channel: 'email', responses: 0, finished: 0, invited: 2, responseRate: 50 }]);
    await expectIsolated(t.app, b.keys.admin, [{ method: 'GET', url: `/api/v1/metrics/response-rate?surveyId=${s.body.id}` }]);
  });
});
