import type { Db } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { getWorkspace } from '../../accounts/workspaces.service.js';
import { getConversationFacts, type ConversationFactRow, type ServiceCalendar } from '../../inbox/measures.service.js';
import { boundToInstant, localDay, periodsBetween, periodStart } from './periods.js';
import { backlog, firstContactResolution, firstResponseTime, followUps, resolutionTime, slaMet } from './support-formulas.js';
import type { TSupportFigure, TSupportMetric, TSupportMetricQuery } from './support-metrics.schemas.js';

type Metric = TSupportMetric['metric'];
interface Spec {
  formulaName: string;
  formula: string;
  unit: TSupportMetric['unit'];
  compute(rows: ConversationFactRow[], cal: ServiceCalendar, now: Date): TSupportFigure;
}

const SPECS: Record<Metric, Spec> = {
  'first-response-time': { formulaName: 'Median first response time', formula: 'median over answered conversations of (first agent reply − first customer message), minutes; businessMedian counts business hours only', unit: 'minutes', compute: (r, c) => firstResponseTime(r, c) },
  'resolution-time': { formulaName: 'Median resolution time', formula: 'median over resolved conversations of (resolved − first customer message), minutes; businessMedian counts business hours only', unit: 'minutes', compute: (r, c) => resolutionTime(r, c) },
  fcr: { formulaName: 'First-contact resolution', formula: 'resolved with exactly one agent reply ÷ resolved with at least one agent reply × 100', unit: 'percent', compute: (r) => firstContactResolution(r) },
  sla: { formulaName: 'SLA met', formula: 'targets met ÷ targets decided × 100 (first response and resolution; a target is decided when done or overdue)', unit: 'percent', compute: (r, _c, now) => slaMet(r, now) },
  'follow-up': { formulaName: 'Detractor follow-up rate', formula: 'follow-up cases with a first contact ÷ cases opened × 100; medianMinutes from case opened to first contact', unit: 'percent', compute: (r) => followUps(r) },
  backlog: { formulaName: 'Backlog', formula: 'conversations started in the period and not resolved; volume = conversations started', unit: 'count', compute: (r) => backlog(r) },
};

const keysOf = (c: ConversationFactRow, by: NonNullable<TSupportMetricQuery['groupBy']>): (string | null)[] =>
  by === 'team' ? [c.team] : by === 'agent' ? [c.assigneeId] : by === 'channel' ? [c.channel] : c.tags.length ? c.tags : [null];

/**
 * A support metric over the caller's workspace from the inbox's conversation facts: the figure, a series
 * by the local day conversations started (workspace zone; imported history by its own dates) and groups by team, agent, channel or tag.
 */
export async function getSupportMetric(db: Db, workspaceId: string, metric: Metric, q: TSupportMetricQuery, now = new Date()): Promise<TSupportMetric> {
  const spec = SPECS[metric];
  const { timeZone } = await getWorkspace(db, workspaceId);
  const from = q.from ? boundToInstant(q.from, timeZone, 'from') : undefined;
  const to = q.to ? boundToInstant(q.to, timeZone, 'to') : undefined;
  if (from && to && from >= to) throw new AppError('validation_failed', 'The period ends before it starts.', { errors: [{ path: 'querystring.to', message: 'must be after from' }] });
  const facts = await getConversationFacts(db, workspaceId, { from, to });
  const rows = facts.conversations.filter(
    (c) => (!q.channel || c.channel === q.channel) && (!q.team || c.team === q.team) && (metric === 'follow-up' ? c.kind === 'follow_up' : !q.kind || c.kind === q.kind),
  );
  const figure = spec.compute(rows, facts.calendar, now);
  const answer: TSupportMetric = { metric, ...spec, ...figure, timeZone, from: from ?? null, to: to ?? null, interval: q.interval ?? null, groupBy: q.groupBy ?? null };
  if (q.interval) {
    const days = rows.map((c) => localDay(c.datedAt, timeZone)).sort();
    const first = from ? localDay(new Date(from), timeZone) : days[0];
    const last = to ? localDay(new Date(Date.parse(to) - 1), timeZone) : days[days.length - 1];
    answer.series = first && last
      ? periodsBetween(first, last, q.interval, timeZone).map((p) => ({
          ...p,
          ...spec.compute(rows.filter((c) => periodStart(localDay(c.datedAt, timeZone), q.interval!) === p.period), facts.calendar, now),
        }))
      : [];
  }
  if (q.groupBy) {
    const by = q.groupBy;
    const keys = [...new Set(rows.flatMap((c) => keysOf(c, by)))].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
    answer.groups = keys.map((key) => ({ key, ...spec.compute(rows.filter((c) => keysOf(c, by).includes(key)), facts.calendar, now) }));
  }
  return answer;
}
