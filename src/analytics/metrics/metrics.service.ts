import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { getWorkspace } from '../../accounts/workspaces.service.js';
import { getResponseVolume, type FactWindow, type ScopedSurvey, type ScoredQuestionRef } from '../../surveys/score-facts.js';
import { getCustomerGroups, getCustomerIdsIn, type CustomerDimension } from '../../customers/customer-groups.js';
import { CES, csatSpec, NPS, RESPONSES, type MetricSpec } from './metric-specs.js';
import { CUSTOMER_DIMENSIONS, RESPONSE_DIMENSIONS, type TCsatQuery, type TMetricAnswer, type TMetricQuery } from './metrics.schemas.js';
import { boundToInstant, localDay, periodsBetween } from './periods.js';
import { loadScoreFacts, type FactSource } from './score-rollups.js';
import { invitationRates } from './invitation-rates.js';
import { addTally, emptyTally, minusTally, type Tally } from './statistics.js';

interface Fact {
  period: string | null;
  group: string | null;
}
type Window = Omit<FactWindow, 'workspaceId'>;
type Loaded<F> = { surveys: ScopedSurvey[]; questions?: ScoredQuestionRef[]; facts: F[]; source?: FactSource };

const invalid = (path: string, message: string, detail: string) =>
  new AppError('validation_failed', detail, { errors: [{ path: `querystring.${path}`, message }] });

const isCustomerDimension = (g: string): g is CustomerDimension =>
  (CUSTOMER_DIMENSIONS as readonly string[]).includes(g) || g.startsWith('attribute:');

/** from/to and the comparison window as instants, in the workspace's zone; refuses empty or reversed periods. */
function resolveWindows(q: TMetricQuery, tz: string) {
  const from = q.from ? boundToInstant(q.from, tz, 'from') : undefined;
  const to = q.to ? boundToInstant(q.to, tz, 'to') : undefined;
  if (from && to && from >= to) throw invalid('to', 'must be after from', 'The period ends before it starts.');
  let compare: { from: string; to: string } | undefined;
  if (q.compare && (q.compareFrom || q.compareTo)) throw invalid('compare', 'use compare or compareFrom/compareTo, not both', 'Two comparisons were asked for.');
  if (q.compare === 'previous') {
    if (!from || !to) throw invalid('compare', 'needs from and to', 'Comparing with the previous period needs from and to.');
    const length = Date.parse(to) - Date.parse(from);
    compare = { from: new Date(Date.parse(from) - length).toISOString(), to: from };
  } else if (q.compareFrom || q.compareTo) {
    if (!q.compareFrom || !q.compareTo) throw invalid(q.compareFrom ? 'compareTo' : 'compareFrom', 'compareFrom and compareTo go together', 'A comparison period needs both ends.');
    compare = { from: boundToInstant(q.compareFrom, tz, 'from'), to: boundToInstant(q.compareTo, tz, 'to') };
    if (compare.from >= compare.to) throw invalid('compareTo', 'must be after compareFrom', 'The comparison period ends before it starts.');
  }
  if ((q.groupA || q.groupB) && !q.groupBy) throw invalid('groupBy', 'needed with groupA/groupB', 'Comparing two groups needs groupBy (what the groups are).');
  if ((q.groupA || q.groupB) && !(q.groupA && q.groupB)) throw invalid(q.groupA ? 'groupB' : 'groupA', 'groupA and groupB go together', 'A group comparison needs both groups.');
  return { from, to, compare };
}

const tallyIn = (m: Map<string, Tally>, key: string) => {
  let t = m.get(key);
  if (!t) m.set(key, (t = emptyTally()));
  return t;
};

/**
 * One metric over the caller's workspace: the headline figure, a series per period, groups each tested
 * against the rest, and a comparison with another period. Facts come from the surveys domain already
 * aggregated; customer dimensions are resolved by the customers domain for the respondents found.
 */
async function computeMetric<F extends Fact>(ctx: AppContext, workspaceId: string, spec: MetricSpec<F>, q: TMetricQuery, load: (w: Window) => Promise<Loaded<F>>): Promise<TMetricAnswer> {
  const { timeZone } = await getWorkspace(ctx.db, workspaceId);
  const { from, to, compare } = resolveWindows(q, timeZone);
  // A segment or persona filter is the set of its customers now; their responses are read raw.
  const customerIds = q.segmentId || q.personaId ? await getCustomerIdsIn(ctx.db, workspaceId, { segmentId: q.segmentId, personaId: q.personaId }) : undefined;
  const filters = { timeZone, touchpoint: q.touchpoint, channel: q.channel, team: q.team, language: q.language, customerIds };
  const byCustomer = q.groupBy !== undefined && isCustomerDimension(q.groupBy);
  const responseGroup = q.groupBy === undefined ? undefined : byCustomer ? 'customer' : (q.groupBy as (typeof RESPONSE_DIMENSIONS)[number]);
  const main = await load({ ...filters, from, to, interval: q.interval, groupBy: responseGroup });

  let known: { key: string; label: string }[] = [];
  let groupsOf = (f: F): (string | null)[] => [f.group];
  if (q.groupBy === 'survey') known = main.surveys.map((s) => ({ key: s.id, label: s.name }));
  if (byCustomer) {
    const ids = [...new Set(main.facts.map((f) => f.group).filter((g): g is string => g !== null))];
    const cg = await getCustomerGroups(ctx.db, workspaceId, q.groupBy as CustomerDimension, ids);
    known = cg.known;
    groupsOf = (f) => (f.group === null ? [null] : (cg.memberOf.get(f.group) ?? [null]));
  }

  const total = emptyTally();
  const byPeriod = new Map<string, Tally>();
  const groups = new Map<string | null, { tally: Tally; byPeriod: Map<string, Tally> }>(known.map((k) => [k.key, { tally: emptyTally(), byPeriod: new Map() }]));
  for (const f of main.facts) {
    const t = spec.tallyOf(f);
    addTally(total, t);
    if (f.period) addTally(tallyIn(byPeriod, f.period), t);
    if (!q.groupBy) continue;
    for (const key of groupsOf(f)) {
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { tally: emptyTally(), byPeriod: new Map() }));
      addTally(g.tally, t);
      if (f.period) addTally(tallyIn(g.byPeriod, f.period), t);
    }
  }

  const periods = (() => {
    if (!q.interval) return undefined;
    const seen = [...byPeriod.keys()].sort();
    const first = from ? localDay(new Date(from), timeZone) : seen[0];
    const last = to ? localDay(new Date(Date.parse(to) - 1), timeZone) : seen[seen.length - 1];
    return first && last ? periodsBetween(first, last, q.interval, timeZone) : [];
  })();
  const seriesOf = (m: Map<string, Tally>) => periods?.map((p) => ({ ...p, ...spec.figure(m.get(p.period) ?? emptyTally()) }));

  const labels = new Map(known.map((k) => [k.key, k.label]));
  const answer: TMetricAnswer = {
    metric: spec.metric,
    formulaName: spec.formulaName,
    formula: spec.formula,
    unit: spec.unit,
    ...spec.figure(total),
    timeZone,
    from: from ?? null,
    to: to ?? null,
    interval: q.interval ?? null,
    groupBy: q.groupBy ?? null,
    surveys: main.surveys,
    questions: main.questions ?? [],
    ...(main.source ? { source: main.source } : {}),
  };
  if (periods) answer.series = seriesOf(byPeriod);
  if (q.groupBy) {
    answer.groups = [...groups.entries()]
      .map(([key, g]) => ({
        key,
        label: key === null ? null : (labels.get(key) ?? key),
        ...spec.figure(g.tally),
        vsRest: spec.compare(g.tally, minusTally(total, g.tally)),
        ...(periods ? { series: seriesOf(g.byPeriod) } : {}),
      }))
      // Ties by key, so the order does not depend on the order facts arrived in (rollup or raw).
      .sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : b.n - a.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  }
  if (q.groupA && q.groupB) {
    // Two groups as independent samples; a group nobody answered in is n = 0, and the test says so.
    const side = (key: string) => ({ key, label: labels.get(key) ?? key, ...spec.figure(groups.get(key)?.tally ?? emptyTally()) });
    const tallyOf = (key: string) => groups.get(key)?.tally ?? emptyTally();
    answer.groupComparison = { a: side(q.groupA), b: side(q.groupB), test: spec.compare(tallyOf(q.groupA), tallyOf(q.groupB)) };
  }
  if (compare) {
    const prev = await load({ ...filters, ...compare });
    const prevTally = emptyTally();
    for (const f of prev.facts) addTally(prevTally, spec.tallyOf(f));
    answer.comparison = { from: compare.from, to: compare.to, previous: spec.figure(prevTally), test: spec.compare(total, prevTally) };
  }
  return answer;
}

/** NPS with counts, margin of error, series, groups and comparison (docs/formulas.md, "NPS"). */
export async function getNpsMetric(ctx: AppContext, workspaceId: string, q: TMetricQuery): Promise<TMetricAnswer> {
  return computeMetric(ctx, workspaceId, NPS, q, (w) => loadScoreFacts(ctx, workspaceId, { ...w, metric: 'nps', surveyId: q.surveyId, questionId: q.questionId }));
}

/** CSAT as % in the top boxes (2 by default) with a Wilson interval, and the mean. */
export async function getCsatMetric(ctx: AppContext, workspaceId: string, q: TCsatQuery): Promise<TMetricAnswer> {
  return computeMetric(ctx, workspaceId, csatSpec(q.topBoxes), q, (w) => loadScoreFacts(ctx, workspaceId, { ...w, metric: 'csat', surveyId: q.surveyId, questionId: q.questionId }));
}

/** CES as the mean on its scale with an interval, and % easy. */
export async function getCesMetric(ctx: AppContext, workspaceId: string, q: TMetricQuery): Promise<TMetricAnswer> {
  return computeMetric(ctx, workspaceId, CES, q, (w) => loadScoreFacts(ctx, workspaceId, { ...w, metric: 'ces', surveyId: q.surveyId, questionId: q.questionId }));
}

/**
 * Response volume and completion rate of the period, and the response rate of e-mail invitations
 * (delivered invitations with a response ÷ delivered invitations) per survey, wave and channel.
 */
export async function getResponseRateMetric(ctx: AppContext, workspaceId: string, q: TMetricQuery): Promise<TMetricAnswer> {
  if (q.questionId) throw invalid('questionId', 'not used by response-rate', 'The response rate counts responses, not answers to one question.');
  const answer = await computeMetric(ctx, workspaceId, RESPONSES, q, (w) => getResponseVolume(ctx, workspaceId, { ...w, surveyId: q.surveyId }));
  const invitations = await invitationRates(ctx, workspaceId, answer.surveys);
  return {
    ...answer,
    responseRate: invitations.responseRate,
    invitations,
    missing: 'value is the completion rate of the responses in the period (all filters apply); responseRate and invitations count e-mail invitations over each survey\'s whole life (period and filters do not apply); link, QR and widget responses have no known audience.',
  };
}
