import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { getLostCustomers } from '../../customers/analytics-export.service.js';
import { getLatestAnswers } from '../../surveys/score-facts.js';
import type { TQuestion } from '../../surveys/survey-definition.js';
import { MIN_N, wilson } from '../metrics/statistics.js';
import type { TChurnReasons, TChurnReasonQuery } from './churn-reasons.schemas.js';

type Reason = TChurnReasons['cancellations']['reasons'][number];

const r2 = (x: number) => Math.round(x * 100) / 100;
/** Free-text reasons compare equal regardless of case and spacing ("Too expensive " = "too  expensive"). */
export const reasonKey = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Counts reasons: each respondent's list of reasons (one for a cancellation, several for a multiple-choice
 * answer) adds one to each distinct reason; a share is its customers ÷ respondents × 100 with a Wilson
 * interval. Most frequent first, ties by key so the order is stable.
 */
export function countReasons(perCustomer: { key: string; label: string }[][]): Reason[] {
  const counts = new Map<string, { label: string; customers: number }>();
  for (const reasons of perCustomer) {
    for (const key of new Set(reasons.map((x) => x.key))) {
      const c = counts.get(key) ?? { label: reasons.find((x) => x.key === key)!.label, customers: 0 };
      c.customers++;
      counts.set(key, c);
    }
  }
  const n = perCustomer.length;
  return [...counts.entries()]
    .map(([key, c]) => {
      const w = wilson(c.customers, n);
      return { key, label: c.label, customers: c.customers, share: r2((100 * c.customers) / n), low: w ? r2(w.low) : null, high: w ? r2(w.high) : null };
    })
    .sort((a, b) => b.customers - a.customers || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** An answer as reasons: a choice by its option (id, label), several for multiple choice, else its text. */
function answerReasons(q: TQuestion, value: unknown): { key: string; label: string }[] {
  const options = 'options' in q ? q.options : [];
  const one = (v: unknown) => {
    const option = options.find((o) => o.id === v);
    if (option) return { key: option.id, label: Object.values(option.label)[0] ?? option.id };
    const text = typeof v === 'string' ? v.trim().replace(/\s+/g, ' ') : typeof v === 'number' ? String(v) : '';
    return { key: reasonKey(text), label: text };
  };
  return (Array.isArray(value) ? value : [value]).map(one).filter((x) => x.key !== '');
}

/**
 * Why customers left: the reasons on the cancellation events of the customers lost in the period (under
 * the lifecycle rule the churn rate uses), and — given an exit survey question — those customers' newest
 * answers to it, each counted with its share and interval.
 */
export async function getChurnReasons(ctx: AppContext, workspaceId: string, q: TChurnReasonQuery): Promise<TChurnReasons> {
  const to = q.to ? new Date(q.to) : new Date();
  const from = q.from ? new Date(q.from) : new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth(), to.getUTCDate()));
  const bad = (path: string, message: string) => new AppError('bad_request', message, { errors: [{ path: `querystring.${path}`, message }] });
  if (!(from < to)) throw bad('from', 'from must be before to');
  if (!!q.surveyId !== !!q.questionId) throw bad(q.surveyId ? 'questionId' : 'surveyId', 'surveyId and questionId go together');
  const lost = await getLostCustomers(ctx.db, workspaceId, { from, to });
  const cancelled = lost.filter((c) => c.reason !== null).map((c) => [{ key: reasonKey(c.reason!), label: c.reason!.trim().replace(/\s+/g, ' ') }]);
  let exitSurvey: TChurnReasons['exitSurvey'] = null;
  if (q.surveyId && q.questionId) {
    const found = await getLatestAnswers(ctx, workspaceId, { surveyId: q.surveyId, questionId: q.questionId, customerIds: lost.map((c) => c.customerId) });
    const answered = found.answers.map((a) => answerReasons(found.question, a.value)).filter((r) => r.length > 0);
    exitSurvey = { surveyId: q.surveyId, questionId: q.questionId, answered: answered.length, answers: countReasons(answered) };
  }
  return {
    metric: 'churn-reasons',
    formula: 'share of a reason = lost customers giving it ÷ lost customers giving any reason × 100 (95 % Wilson interval)',
    from, to, lost: lost.length,
    smallSample: Math.max(cancelled.length, exitSurvey?.answered ?? 0) < MIN_N,
    cancellations: { withReason: cancelled.length, reasons: countReasons(cancelled) },
    exitSurvey,
  };
}
