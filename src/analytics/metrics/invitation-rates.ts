import type { AppContext } from '../../platform/context.js';
import type { ScopedSurvey } from '../../surveys/score-facts.js';
import { surveyResponseRates } from '../../surveys/distribution/response-rates.js';
import type { TInvitationRates } from './metrics.schemas.js';
import { round, wilson } from './statistics.js';

/** responded ÷ invited with its 95 % Wilson interval (rates are shares, so the same interval as CSAT). */
export function rateOf(responded: number, invited: number) {
  const w = wilson(responded, invited);
  return { invited, responded, responseRate: invited > 0 ? round((100 * responded) / invited) : null, low: w ? round(w.low) : null, high: w ? round(w.high) : null };
}

/**
 * Response rate of e-mail invitations over the surveys in scope: overall, per survey, per wave and per
 * channel, from survey distribution's counts (delivered invitations with a response ÷ delivered). Surveys
 * are read one after another: a workspace has tens of surveys, not thousands.
 */
export async function invitationRates(ctx: AppContext, workspaceId: string, surveys: ScopedSurvey[]): Promise<TInvitationRates> {
  let invited = 0;
  let responded = 0;
  const bySurvey: TInvitationRates['bySurvey'] = [];
  const byWave: TInvitationRates['byWave'] = [];
  const channels = new Map<string, { responses: number; finished: number; invited: number; responded: number; counted: boolean }>();
  for (const s of surveys) {
    const r = await surveyResponseRates(ctx.db, workspaceId, s.id);
    invited += r.invited;
    responded += r.responded;
    bySurvey.push({ surveyId: s.id, name: s.name, ...rateOf(r.responded, r.invited) });
    for (const w of r.byWave) byWave.push({ surveyId: s.id, waveId: w.waveId, name: w.name, kind: w.kind, createdAt: w.createdAt.toISOString(), ...rateOf(w.responded, w.invited) });
    for (const c of r.byChannel) {
      const acc = channels.get(c.channel) ?? { responses: 0, finished: 0, invited: 0, responded: 0, counted: false };
      acc.responses += c.responses;
      acc.finished += c.finished;
      if (c.invited !== null) {
        acc.invited += c.invited;
        acc.responded += c.channel === 'email' ? r.responded : 0;
        acc.counted = true;
      }
      channels.set(c.channel, acc);
    }
  }
  const byChannel = [...channels.entries()]
    .map(([channel, c]) => ({ channel, responses: c.responses, finished: c.finished, invited: c.counted ? c.invited : null, responseRate: c.counted ? rateOf(c.responded, c.invited).responseRate : null }))
    .sort((a, b) => b.responses - a.responses);
  return { ...rateOf(responded, invited), bySurvey, byWave, byChannel };
}
