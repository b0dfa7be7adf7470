import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { getWorkspace } from '../../accounts/workspaces.service.js';
import { getAnswerRows } from '../../surveys/score-facts.js';
import type { TQuestion } from '../../surveys/survey-definition.js';
import { getCustomerIdsIn } from '../../customers/customer-groups.js';
import { boundToInstant } from './periods.js';
import { lmgImportance, MAX_GROUPS, type PredictorGroup } from './relative-importance.js';
import { MIN_N, round } from './statistics.js';
import type { TKeyDriverQuery, TKeyDrivers } from './key-drivers.schemas.js';

const NUMERIC = new Set(['csat', 'ces', 'rating']);
/** Newest responses read: enough for stable shares, bounded memory. */
const MAX_ROWS = 20_000;
/** A candidate answered by fewer than this share of NPS respondents would shrink the complete cases too far. */
const MIN_COVERAGE = 0.5;

type Candidate = { q: TQuestion; type: 'csat' | 'ces' | 'rating' | 'single_choice'; coverage: number; options?: string[] };

const labelOf = (q: TQuestion) => Object.values(q.text)[0] ?? q.id;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Which CSAT, CES, rating and single-choice questions of a survey move its NPS most: the LMG (Shapley)
 * decomposition of R² of NPS regressed on them, over responses that answered all kept questions. A choice
 * question enters as its options' dummies (the most chosen option is the base). Questions answered by fewer
 * than half of the NPS respondents, or beyond the 12 most answered, are listed as excluded with the reason.
 */
export async function getKeyDrivers(ctx: AppContext, workspaceId: string, q: TKeyDriverQuery): Promise<TKeyDrivers> {
  const { timeZone } = await getWorkspace(ctx.db, workspaceId);
  const from = q.from ? boundToInstant(q.from, timeZone, 'from') : undefined;
  const to = q.to ? boundToInstant(q.to, timeZone, 'to') : undefined;
  if (from && to && from >= to) throw new AppError('validation_failed', 'The period ends before it starts.', { errors: [{ path: 'querystring.to', message: 'must be after from' }] });
  const customerIds = q.segmentId || q.personaId ? await getCustomerIdsIn(ctx.db, workspaceId, { segmentId: q.segmentId, personaId: q.personaId }) : undefined;
  // The survey first (404 for another workspace's), then its NPS question.
  const probe = await getAnswerRows(ctx, workspaceId, { surveyId: q.surveyId, questionId: q.questionId ?? '', limit: 0, timeZone });
  const target = probe.questions.find((x) => x.type === 'nps' && (!q.questionId || x.id === q.questionId));
  if (!target) {
    throw new AppError('validation_failed', q.questionId ? `No NPS question "${q.questionId}" in this survey.` : 'This survey has no NPS question.', {
      errors: [{ path: 'querystring.questionId', message: 'must name an NPS question' }],
    });
  }
  const { rows } = await getAnswerRows(ctx, workspaceId, {
    surveyId: q.surveyId, questionId: target.id, limit: MAX_ROWS, timeZone, from, to,
    touchpoint: q.touchpoint, channel: q.channel, team: q.team, language: q.language, customerIds,
  });

  const excluded: TKeyDrivers['excluded'] = [];
  const candidates: Candidate[] = [];
  for (const x of probe.questions) {
    if (x.id === target.id) continue;
    if (NUMERIC.has(x.type)) candidates.push({ q: x, type: x.type as Candidate['type'], coverage: rows.filter((r) => isNumber(r[x.id])).length });
    else if (x.type === 'single_choice') {
      const counts = new Map<string, number>();
      for (const r of rows) if (typeof r[x.id] === 'string') counts.set(r[x.id] as string, (counts.get(r[x.id] as string) ?? 0) + 1);
      // Most chosen first: it is the base category, the others become dummies.
      const options = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([o]) => o);
      candidates.push({ q: x, type: 'single_choice', coverage: [...counts.values()].reduce((s, n) => s + n, 0), options });
    }
  }
  candidates.sort((a, b) => b.coverage - a.coverage);
  const kept: Candidate[] = [];
  for (const c of candidates) {
    if (c.coverage < MIN_COVERAGE * rows.length || c.coverage === 0) excluded.push({ key: c.q.id, reason: `answered by ${c.coverage} of ${rows.length} NPS respondents (under half)` });
    else if (c.options && c.options.length < 2) excluded.push({ key: c.q.id, reason: 'every respondent chose the same option' });
    else if (kept.length >= MAX_GROUPS) excluded.push({ key: c.q.id, reason: `only the ${MAX_GROUPS} most answered questions enter the model` });
    else kept.push(c);
  }

  const complete = rows.filter((r) => kept.every((c) => (c.options ? typeof r[c.q.id] === 'string' : isNumber(r[c.q.id]))));
  const groups: PredictorGroup[] = [];
  let col = 0;
  for (const c of kept) {
    const width = c.options ? c.options.length - 1 : 1;
    groups.push({ key: c.q.id, columns: Array.from({ length: width }, (_, i) => col + i) });
    col += width;
  }
  const y = complete.map((r) => r[target.id] as number);
  const x = complete.map((r) => kept.flatMap((c) => (c.options ? c.options.slice(1).map((o) => (r[c.q.id] === o ? 1 : 0)) : [r[c.q.id] as number])));
  const enough = complete.length >= 3 && kept.length > 0;
  const fit = enough ? lmgImportance(y, x, groups) : { r2: 0, importances: [] };
  const corr = (j: number): 'positive' | 'negative' | null => {
    const n = y.length;
    const my = y.reduce((s, v) => s + v, 0) / n;
    const mx = x.reduce((s, r) => s + r[j], 0) / n;
    const sxy = x.reduce((s, r, i) => s + (r[j] - mx) * (y[i] - my), 0);
    return sxy > 0 ? 'positive' : sxy < 0 ? 'negative' : null;
  };
  const drivers = fit.importances
    .map((imp, i) => {
      const c = kept[i];
      return {
        key: c.q.id, label: labelOf(c.q), type: c.type, coverage: c.coverage,
        importance: round(fit.r2 > 0 ? (100 * imp.lmg) / fit.r2 : 0), r2Points: round(imp.lmg, 4), r2Alone: round(imp.r2Alone, 4),
        direction: c.options ? null : corr(groups[i].columns[0]),
      };
    })
    .sort((a, b) => b.r2Points - a.r2Points);
  return {
    surveyId: q.surveyId, questionId: target.id,
    method: 'LMG (Shapley) decomposition of R² from a linear regression of the NPS score (0–10) on the drivers; complete cases; choice questions as dummies',
    n: enough ? complete.length : 0, responses: rows.length, r2: enough ? round(fit.r2, 4) : null, smallSample: complete.length < MIN_N, drivers, excluded,
  };
}
