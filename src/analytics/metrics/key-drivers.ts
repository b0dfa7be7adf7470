import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { getWorkspace } from '../../accounts/workspaces.service.js';
import { getAnswerRows } from '../../surveys/score-facts.js';
import type { TQuestion } from '../../surveys/survey-definition.js';
import { getCustomerIdsIn } from '../../customers/customer-groups.js';
import { boundToInstant } from './periods.js';
import { attributeCandidates, type DriverCandidate } from './key-driver-attributes.js';
import { lmgImportance, MAX_GROUPS, type PredictorGroup } from './relative-importance.js';
import { MIN_N, round } from './statistics.js';
import type { TKeyDriverQuery, TKeyDrivers } from './key-drivers.schemas.js';

const NUMERIC = new Set(['csat', 'ces', 'rating']);
/** Newest responses read: enough for stable shares, bounded memory. */
const MAX_ROWS = 20_000;
/** A candidate answered by fewer than this share of NPS respondents would shrink the complete cases too far. */
const MIN_COVERAGE = 0.5;


const labelOf = (q: TQuestion) => Object.values(q.text)[0] ?? q.id;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Which CSAT, CES, rating and single-choice questions of a survey move its NPS most: the LMG (Shapley)
 * decomposition of R² of NPS regressed on them, over responses that answered all kept questions. A choice
 * question enters as its options' dummies (the most chosen option is the base). Questions answered by fewer
 * than half of the NPS respondents, or beyond the 12 most answered, are listed as excluded with the reason.
 * Asked-for customer attributes of the respondents join as drivers (key-driver-attributes.ts).
 */
export async function getKeyDrivers(ctx: AppContext, workspaceId: string, q: TKeyDriverQuery): Promise<TKeyDrivers> {
  const { timeZone } = await getWorkspace(ctx.db, workspaceId);
  const from = q.from ? boundToInstant(q.from, timeZone, 'from') : undefined;
  const to = q.to ? boundToInstant(q.to, timeZone, 'to') : undefined;
  if (from && to && from >= to) throw new AppError('validation_failed', 'The period ends before it starts.', { errors: [{ path: 'querystring.to', message: 'must be after from' }] });
  const inScope = q.segmentId || q.personaId ? await getCustomerIdsIn(ctx.db, workspaceId, { segmentId: q.segmentId, personaId: q.personaId }) : undefined;
  // The survey first (404 for another workspace's), then its NPS question.
  const probe = await getAnswerRows(ctx, workspaceId, { surveyId: q.surveyId, questionId: q.questionId ?? '', limit: 0, timeZone });
  const target = probe.questions.find((x) => x.type === 'nps' && (!q.questionId || x.id === q.questionId));
  if (!target) {
    throw new AppError('validation_failed', q.questionId ? `No NPS question "${q.questionId}" in this survey.` : 'This survey has no NPS question.', {
      errors: [{ path: 'querystring.questionId', message: 'must name an NPS question' }],
    });
  }
  const answers = await getAnswerRows(ctx, workspaceId, {
    surveyId: q.surveyId, questionId: target.id, limit: MAX_ROWS, timeZone, from, to,
    touchpoint: q.touchpoint, channel: q.channel, team: q.team, language: q.language, customerIds: inScope,
  });

  const { rows, customerIds } = answers;
  const excluded: TKeyDrivers['excluded'] = [];
  // Asked-for attributes come first: the caller chose them, so they are not crowded out by questions.
  const fromAttributes = q.attributes?.length ? await attributeCandidates(ctx.db, workspaceId, [...new Set(q.attributes)], customerIds) : { candidates: [], excluded: [] };
  excluded.push(...fromAttributes.excluded);
  const questions: DriverCandidate[] = [];
  for (const x of probe.questions) {
    if (x.id === target.id) continue;
    if (NUMERIC.has(x.type)) {
      const read = (i: number) => (isNumber(rows[i][x.id]) ? [rows[i][x.id] as number] : null);
      questions.push({ key: x.id, label: labelOf(x), type: x.type as DriverCandidate['type'], source: 'question', coverage: rows.filter((r) => isNumber(r[x.id])).length, hasDirection: true, cols: read });
    } else if (x.type === 'single_choice') {
      const counts = new Map<string, number>();
      for (const r of rows) if (typeof r[x.id] === 'string') counts.set(r[x.id] as string, (counts.get(r[x.id] as string) ?? 0) + 1);
      // Most chosen first: it is the base category, the others become dummies.
      const options = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([o]) => o);
      const read = (i: number) => (typeof rows[i][x.id] === 'string' ? options.slice(1).map((o) => (rows[i][x.id] === o ? 1 : 0)) : null);
      const c: DriverCandidate = { key: x.id, label: labelOf(x), type: 'single_choice', source: 'question', coverage: [...counts.values()].reduce((s, n) => s + n, 0), hasDirection: false, cols: read };
      if (options.length < 2 && c.coverage >= MIN_COVERAGE * rows.length && c.coverage > 0) excluded.push({ key: c.key, reason: 'every respondent chose the same option' });
      else questions.push(c);
    }
  }
  questions.sort((a, b) => b.coverage - a.coverage);
  const kept: DriverCandidate[] = [];
  for (const c of [...fromAttributes.candidates, ...questions]) {
    if (c.coverage < MIN_COVERAGE * rows.length || c.coverage === 0) excluded.push({ key: c.key, reason: `${c.source === 'attribute' ? 'known for' : 'answered by'} ${c.coverage} of ${rows.length} NPS respondents (under half)` });
    else if (kept.length >= MAX_GROUPS) excluded.push({ key: c.key, reason: `only ${MAX_GROUPS} drivers enter the model (asked-for attributes first, then the most answered questions)` });
    else kept.push(c);
  }

  const complete: number[][][] = [];
  const y: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const cols = kept.map((c) => c.cols(i));
    if (cols.every((v) => v !== null)) {
      complete.push(cols as number[][]);
      y.push(rows[i][target.id] as number);
    }
  }
  const groups: PredictorGroup[] = [];
  let col = 0;
  for (const [k, c] of kept.entries()) {
    const width = complete[0]?.[k].length ?? 0;
    groups.push({ key: c.key, columns: Array.from({ length: width }, (_, i) => col + i) });
    col += width;
  }
  const x = complete.map((r) => r.flat());
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
        key: c.key, label: c.label, type: c.type, source: c.source, reference: c.reference ?? null, coverage: c.coverage,
        importance: round(fit.r2 > 0 ? (100 * imp.lmg) / fit.r2 : 0), r2Points: round(imp.lmg, 4), r2Alone: round(imp.r2Alone, 4),
        direction: c.hasDirection && groups[i].columns.length ? corr(groups[i].columns[0]) : null,
      };
    })
    .sort((a, b) => b.r2Points - a.r2Points);
  return {
    surveyId: q.surveyId, questionId: target.id,
    method: 'LMG (Shapley) decomposition of R² from a linear regression of the NPS score (0–10) on the drivers; complete cases; choice questions as dummies; text attributes as one dummy per level against the most common',
    n: enough ? complete.length : 0, responses: rows.length, r2: enough ? round(fit.r2, 4) : null, smallSample: complete.length < MIN_N, drivers, excluded,
  };
}
