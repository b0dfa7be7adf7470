import type { TCondition, TConditionGroup } from './survey-conditions.js';
import type { TEnding, TQuestion } from './survey-definition.js';
import type { FieldError } from '../platform/errors.js';

/** An answer as stored: a score, an option id or {other}, a list of those, a text, contact fields. */
export type Answer = number | string | { other: string } | (string | { other: string })[] | Record<string, string>;
export type Answers = Record<string, Answer>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks one answer against its question; returns the normalised answer or why it is not valid. */
export function checkAnswer(q: TQuestion, value: unknown): { ok: true; value: Answer } | { ok: false; message: string } {
  const bad = (message: string) => ({ ok: false as const, message });
  switch (q.type) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'rating': {
      const [min, max] = q.type === 'nps' ? [0, 10] : [q.scale.min, q.scale.max];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        return bad(`must be a whole number from ${min} to ${max}`);
      }
      return { ok: true, value };
    }
    case 'single_choice':
    case 'multiple_choice': {
      const ids = new Set(q.options.map((o) => o.id));
      const one = (v: unknown): string | { other: string } | string => {
        if (typeof v === 'string') return ids.has(v) ? v : `"${v}" is not one of the options (${[...ids].join(', ')})`;
        if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { other?: unknown }).other === 'string') {
          if (!q.allowOther) return 'this question has no "other" option';
          const other = (v as { other: string }).other.trim().slice(0, 1000);
          return other ? { other } : '"other" needs a text';
        }
        return 'must be an option id or {"other": "…"}';
      };
      if (q.type === 'single_choice') {
        const r = one(value);
        return typeof r === 'string' && !ids.has(r) ? bad(r) : { ok: true, value: r };
      }
      if (!Array.isArray(value)) return bad('must be a list of option ids');
      const out: (string | { other: string })[] = [];
      for (const v of value) {
        const r = one(v);
        if (typeof r === 'string' && !ids.has(r)) return bad(r);
        if (typeof r === 'string' ? out.includes(r) : out.some((x) => typeof x !== 'string')) return bad('lists an option twice');
        out.push(r);
      }
      if (q.minSelected !== undefined && out.length < q.minSelected) return bad(`needs at least ${q.minSelected} options`);
      if (q.maxSelected !== undefined && out.length > q.maxSelected) return bad(`allows at most ${q.maxSelected} options`);
      return { ok: true, value: out };
    }
    case 'text':
      if (typeof value !== 'string') return bad('must be a text');
      if (value.length > q.maxLength) return bad(`must be at most ${q.maxLength} characters`);
      return { ok: true, value: value.trim() };
    case 'contact': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return bad(`must be an object with ${q.fields.join(', ')}`);
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(value)) {
        if (!(q.fields as readonly string[]).includes(k)) return bad(`has "${k}", which this question does not ask for`);
        if (typeof v !== 'string' || v.length > 320) return bad(`${k} must be a text of at most 320 characters`);
        if (k === 'email' && v.trim() && !EMAIL.test(v.trim())) return bad('email must be an e-mail address');
        if (v.trim()) out[k] = v.trim();
      }
      return { ok: true, value: out };
    }
  }
}

/** An answer counts as given unless it is empty text, an empty list or an empty contact form. */
export function isAnswered(a: Answer | undefined | null): boolean {
  if (a === undefined || a === null || a === '') return false;
  if (Array.isArray(a)) return a.length > 0;
  if (typeof a === 'object' && !('other' in a)) return Object.keys(a).length > 0;
  return true;
}

const asText = (a: Answer): string[] =>
  Array.isArray(a) ? a.map((x) => (typeof x === 'string' ? x : x.other)) : typeof a === 'object' ? Object.values(a) : [String(a)];

export function conditionHolds(c: TCondition, answers: Answers): boolean {
  const a = answers[c.question];
  if (c.op === 'answered') return isAnswered(a);
  if (c.op === 'not_answered') return !isAnswered(a);
  if (!isAnswered(a)) return false;
  const v = c.value;
  const n = typeof a === 'number' ? a : NaN;
  switch (c.op) {
    case 'lt': return n < Number(v);
    case 'lte': return n <= Number(v);
    case 'gt': return n > Number(v);
    case 'gte': return n >= Number(v);
    case 'between': return Array.isArray(v) && n >= Number(v[0]) && n <= Number(v[1]);
    case 'eq': return typeof a === 'number' ? n === Number(v) : asText(a).includes(String(v));
    case 'neq': return typeof a === 'number' ? n !== Number(v) : !asText(a).includes(String(v));
    case 'in': return Array.isArray(v) && asText(a).some((x) => v.map(String).includes(x));
    case 'not_in': return Array.isArray(v) && !asText(a).some((x) => v.map(String).includes(x));
    case 'contains': return asText(a).some((x) => x.toLowerCase().includes(String(v).toLowerCase()));
  }
}

export const groupHolds = (g: TConditionGroup | undefined, answers: Answers): boolean =>
  !g || (g.match === 'any' ? g.conditions.some((c) => conditionHolds(c, answers)) : g.conditions.every((c) => conditionHolds(c, answers)));

/**
 * The questions a respondent sees given their answers so far, in order: a question is skipped when
 * its `show` conditions fail or a jump passed over it; a jump to "end" ends the survey there.
 * Unanswered questions on the path stop nothing (a partial response is walked to the end).
 */
export function questionPath(questions: TQuestion[], answers: Answers): TQuestion[] {
  const path: TQuestion[] = [];
  const at = new Map(questions.map((q, i) => [q.id, i]));
  for (let i = 0; i < questions.length; ) {
    const q = questions[i];
    if (!groupHolds(q.logic?.show, answers)) {
      i++;
      continue;
    }
    path.push(q);
    const jump = isAnswered(answers[q.id]) ? q.logic?.jumps.find((j) => groupHolds(j.when, answers)) : undefined;
    if (jump?.to === 'end') break;
    i = jump ? (at.get(jump.to) ?? i + 1) : i + 1;
  }
  return path;
}

/** The thank-you screen for these answers: the first whose conditions hold. */
export const endingFor = (endings: TEnding[], answers: Answers): TEnding | undefined => endings.find((e) => groupHolds(e.when, answers));

/**
 * Validates `given` answers merged over `previous` ones: each answer against its question, each new
 * answer only for a question the branching shows, and, for a finished response, every required
 * question on the path answered. Earlier answers the new ones route around are dropped.
 */
export function validateAnswers(
  questions: TQuestion[],
  previous: Answers,
  given: Record<string, unknown>,
  finished: boolean,
): { answers: Answers; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  const merged: Answers = { ...previous };
  for (const [id, raw] of Object.entries(given)) {
    const q = byId.get(id);
    if (!q) {
      errors.push({ path: `body.answers.${id}`, message: 'is not a question of this survey' });
      continue;
    }
    if (raw === null) {
      delete merged[id];
      continue;
    }
    const r = checkAnswer(q, raw);
    if (r.ok) merged[id] = r.value;
    else errors.push({ path: `body.answers.${id}`, message: `${id} (${q.type}) ${r.message}` });
  }
  if (errors.length) return { answers: merged, errors };
  const path = questionPath(questions, merged);
  const onPath = new Set(path.map((q) => q.id));
  for (const id of Object.keys(merged)) {
    if (onPath.has(id)) continue;
    if (id in given) errors.push({ path: `body.answers.${id}`, message: `${id} is not asked after these answers (survey logic)` });
    delete merged[id];
  }
  if (finished) {
    for (const q of path) {
      if (q.required && !isAnswered(merged[q.id])) errors.push({ path: `body.answers.${q.id}`, message: `${q.id} is required` });
    }
  }
  return { answers: merged, errors };
}
