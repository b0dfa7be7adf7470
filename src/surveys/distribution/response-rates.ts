import type { Db } from '../../platform/db/client.js';
import { listWaveRows, responseRateCounts, responsesByChannel } from './distribution.queries.js';
import { rate } from './waves.service.js';

export interface ResponseRates {
  /** Invitations delivered (sent, or kept without SMTP); skipped, failed and bounced ones were never received. */
  invited: number;
  /** Delivered invitations with a response (partial or finished). */
  responded: number;
  /** responded ÷ invited × 100, 2 decimals; null without invitations. */
  responseRate: number | null;
  byWave: { waveId: string; name: string; kind: string; createdAt: Date; invited: number; responded: number; responseRate: number | null }[];
  /** Responses per channel; invited and the rate only where invitations are counted (email). */
  byChannel: { channel: string; responses: number; finished: number; invited: number | null; responseRate: number | null }[];
}

/**
 * Response rate of a survey, overall, per invitation wave and per channel — for the survey summary
 * and for analytics. Rate = delivered invitations that got a response ÷ delivered invitations.
 * Link, QR and widget responses have no known audience, so their rate is null (count only).
 */
export async function surveyResponseRates(db: Db, workspaceId: string, surveyId: string): Promise<ResponseRates> {
  const [waves, counts, channels] = await Promise.all([listWaveRows(db, workspaceId, surveyId), responseRateCounts(db, workspaceId, surveyId), responsesByChannel(db, workspaceId, surveyId)]);
  const byWaveId = new Map(counts.map((c) => [c.waveId, c]));
  const invited = counts.reduce((s, c) => s + c.delivered, 0);
  const responded = counts.reduce((s, c) => s + c.responded, 0);
  const byChannel = channels.map((c) => ({ channel: c.channel, responses: c.responses, finished: c.finished, invited: null as number | null, responseRate: null as number | null }));
  if (invited > 0) {
    const email = byChannel.find((c) => c.channel === 'email') ?? (byChannel[byChannel.push({ channel: 'email', responses: 0, finished: 0, invited: null, responseRate: null }) - 1]);
    email.invited = invited;
    email.responseRate = rate(responded, invited);
  }
  return {
    invited,
    responded,
    responseRate: rate(responded, invited),
    byWave: waves.map((w) => {
      const c = byWaveId.get(w.id);
      return { waveId: w.id, name: w.name, kind: w.kind, createdAt: w.createdAt, invited: c?.delivered ?? 0, responded: c?.responded ?? 0, responseRate: rate(c?.responded ?? 0, c?.delivered ?? 0) };
    }),
    byChannel: byChannel.sort((a, b) => b.responses - a.responses),
  };
}
