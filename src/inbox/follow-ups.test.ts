import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
import { newId } from '../platform/ids.js';
import type { SyncedResponse } from '../surveys/response-listeners.js';
import { openFollowUp } from './follow-ups.js';

let t: TestApp;
let a: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Follow-ups');
});
afterAll(async () => t?.close());

interface Conversation { id: string; kind: string; priority: string; dueAt: string; messageCount: number; followUp: { score: number; comment: string | null } }

const customer = async (email: string) => (await call<{ id: string }>(t.app, 'POST', '/api/v1/customers', { key: a.keys.admin, body: { email } })).body.id;
const answer = (customerId: string | null, score: number, comment: string, over: Partial<SyncedResponse> = {}): SyncedResponse => ({
  workspaceId: a.workspaceId, responseId: newId(), surveyId: newId(), surveyName: 'Relationship NPS', surveyVersion: 1, customerId, finished: true, language: 'en', touchpoint: 'web', channel: 'email', team: null,
  answeredAt: new Date('2026-03-02T10:00:00Z'), scores: [{ questionId: 'q1', metric: 'nps', score, scaleMin: 0, scaleMax: 10 }], comments: comment ? [{ questionId: 'q2', text: comment }] : [], hidden: {}, ...over,
});
const cases = async (customerId: string) => (await call<{ data: Conversation[] }>(t.app, 'GET', `/api/v1/conversations?kind=follow_up&customerId=${customerId}`, { key: a.keys.viewer })).body.data;
const notes = async (id: string) => (await call<{ data: { internal: boolean; text: string }[] }>(t.app, 'GET', `/api/v1/conversations/${id}/messages`, { key: a.keys.viewer })).body.data;

describe('detractor follow-ups', () => {
  it('opens exactly one case per response, also when the listener is retried, even in parallel', async () => {
    const c = await customer('detractor@example.com');
    const r = answer(c, 3, 'Too slow');
    await openFollowUp(t.rt.ctx, r);
    await openFollowUp(t.rt.ctx, r);
    await Promise.all(Array.from({ length: 5 }, () => openFollowUp(t.rt.ctx, r)));
    const open = await cases(c);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ kind: 'follow_up', priority: 'high', messageCount: 1, dueAt: '2026-03-03T10:00:00.000Z', followUp: { score: 3, comment: 'Too slow' } });
    // A second detractor answer of the same customer is a second case.
    await openFollowUp(t.rt.ctx, answer(c, 0, 'Still slow'));
    expect(await cases(c)).toHaveLength(2);
  });

  it('an edited answer adds one note to the same case; retrying the edit adds nothing', async () => {
    const c = await customer('edited@example.com');
    const r = answer(c, 2, 'Bad');
    await openFollowUp(t.rt.ctx, r);
    const edited = { ...r, scores: [{ ...r.scores[0], score: 5 }], comments: [{ questionId: 'q2', text: 'Bad, but they called me' }] };
    await openFollowUp(t.rt.ctx, edited);
    await openFollowUp(t.rt.ctx, edited);
    const [one] = await cases(c);
    expect(await cases(c)).toHaveLength(1);
    expect(one).toMatchObject({ messageCount: 2, followUp: { score: 5, comment: 'Bad, but they called me' } });
    const ms = await notes(one.id);
    expect(ms.filter((m) => m.internal).map((m) => m.text)).toEqual(['The answer was changed: NPS 5 on "Relationship NPS": Bad, but they called me']);
  });

  it('opens none for promoters, passives above the threshold, anonymous answers, or when switched off', async () => {
    const c = await customer('happy@example.com');
    await openFollowUp(t.rt.ctx, answer(c, 9, 'Great'));
    await openFollowUp(t.rt.ctx, answer(c, 7, 'Fine'));
    await openFollowUp(t.rt.ctx, answer(null, 1, 'Anonymous'));
    await openFollowUp(t.rt.ctx, answer(c, 4, 'CSAT 4 is fine', { scores: [{ questionId: 'q1', metric: 'csat', score: 4, scaleMin: 1, scaleMax: 5 }] }));
    expect(await cases(c)).toEqual([]);
    await call(t.app, 'PATCH', '/api/v1/inbox/settings', { key: a.keys.admin, body: { followUpsEnabled: false } });
    await openFollowUp(t.rt.ctx, answer(c, 1, 'Off'));
    expect(await cases(c)).toEqual([]);
    await call(t.app, 'PATCH', '/api/v1/inbox/settings', { key: a.keys.admin, body: { followUpsEnabled: true } });
    await openFollowUp(t.rt.ctx, answer(c, 1, 'On', { scores: [{ questionId: 'q1', metric: 'csat', score: 2, scaleMin: 1, scaleMax: 5 }] }));
    expect(await cases(c)).toHaveLength(1);
  });
});
