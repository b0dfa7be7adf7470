import { AppError } from '../../platform/errors.js';
import { normaliseHeader } from '../../imports/header-synonyms.js';
import { checkAnswer, type Answer, type Answers } from '../answers.js';
import type { TQuestion } from '../survey-definition.js';

/** Where a column of a historical-responses file can go besides a question. */
export const RESPONSE_FIELDS = ['submittedAt', 'email', 'externalId', 'language', 'ignore'] as const;
const FIELD_ALIASES: Record<string, string> = { date: 'submittedAt', submittedat: 'submittedAt', submitted_at: 'submittedAt', externalid: 'externalId', external_id: 'externalId', email: 'email', language: 'language', lang: 'language' };

export type ColumnTarget = { kind: 'question'; question: TQuestion } | { kind: 'field'; field: (typeof RESPONSE_FIELDS)[number] } | { kind: 'hidden'; name: string };

export interface ResponsePlan {
  headers: string[];
  /** One target per column; columns without one are ignored. */
  targets: (ColumnTarget | null)[];
}

/** Spreadsheet and R exports write these for "no answer"; in a text question they are not a comment. */
const MISSING_MARKERS = new Set(['na', 'n/a', '#n/a', 'null', 'nan', '-']);

function targetFor(name: string, questions: TQuestion[]): ColumnTarget | undefined {
  const q = questions.find((x) => x.id === name) ?? questions.find((x) => x.id.toLowerCase() === name.toLowerCase());
  if (q) return { kind: 'question', question: q };
  if (name.startsWith('hidden.') && name.length > 7) return { kind: 'hidden', name: name.slice(7) };
  const wanted = FIELD_ALIASES[name.toLowerCase()] ?? name;
  const field = RESPONSE_FIELDS.find((f) => f === wanted);
  return field ? { kind: 'field', field } : undefined;
}

/**
 * Resolves `--map column=target` pairs against the header row: a target is a question id, a field
 * (submittedAt/date, email, externalId, language), `hidden.<name>` or `ignore`. Columns not mapped
 * are taken when their header names a question or a field, ignored otherwise. Mistakes name the
 * column and the choices, before any row is read.
 */
export function buildResponsePlan(headers: string[], questions: TQuestion[], mapping: Record<string, string> = {}): ResponsePlan {
  const targets: (ColumnTarget | null)[] = headers.map(() => null);
  const problems: string[] = [];
  for (const [column, target] of Object.entries(mapping)) {
    let at = headers.indexOf(column);
    if (at < 0) at = headers.findIndex((h) => normaliseHeader(h) === normaliseHeader(column));
    if (at < 0) {
      problems.push(`--map ${column}=${target}: the file has no column "${column}" (columns: ${headers.join(', ')})`);
      continue;
    }
    const t = targetFor(target, questions);
    if (!t) {
      problems.push(`--map ${column}=${target}: "${target}" is neither a question (${questions.map((q) => q.id).join(', ')}) nor one of ${RESPONSE_FIELDS.join(', ')}, hidden.<name>`);
      continue;
    }
    targets[at] = t;
  }
  headers.forEach((h, i) => {
    if (targets[i] || Object.keys(mapping).some((c) => c === h)) return;
    const t = targetFor(h, questions);
    if (t && !(t.kind === 'field' && t.field === 'ignore')) targets[i] = t;
  });
  for (const [i, t] of targets.entries()) {
    if (t?.kind === 'field' && t.field === 'ignore') targets[i] = null;
    if (t?.kind === 'question' && t.question.type === 'contact') problems.push(`column "${headers[i]}": contact questions cannot be imported from one column`);
  }
  const used = targets.filter((t): t is ColumnTarget & { kind: 'question' } => t?.kind === 'question').map((t) => t.question.id);
  const twice = used.find((id, i) => used.indexOf(id) !== i);
  if (twice) problems.push(`two columns go to question ${twice}`);
  if (used.length === 0 && problems.length === 0) problems.push(`no column goes to a question; map one, e.g. --map ${headers[0] ?? 'score'}=${questions[0]?.id ?? 'q1'}`);
  if (problems.length) throw new AppError('validation_failed', problems.join('; '), { errors: problems.map((message) => ({ path: 'mapping', message })) });
  return { headers, targets };
}

/** A cell turned into an answer of its question, as the respondent would have given it. */
function parseCell(q: TQuestion, raw: string): unknown {
  switch (q.type) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'rating': {
      const m = /^([+-]?\d+)(?:[.,]0+)?$/.exec(raw);
      return m ? Number(m[1]) : raw;
    }
    case 'single_choice':
    case 'multiple_choice': {
      const one = (v: string) => {
        const lower = v.toLowerCase();
        const o = q.options.find((x) => x.id.toLowerCase() === lower || Object.values(x.label).some((l) => l.toLowerCase() === lower));
        return o ? o.id : q.allowOther ? { other: v } : v;
      };
      return q.type === 'single_choice' ? one(raw) : raw.split(/[;|]/).map((v) => v.trim()).filter(Boolean).map(one);
    }
    default:
      return raw;
  }
}

export interface MappedRow {
  answers: Answers;
  submittedAt?: Date;
  email?: string;
  externalId?: string;
  language?: string;
  hidden: Record<string, string>;
  /** Values that were dropped and why; the rest of the row is kept. */
  problems: { column: string; message: string }[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Day-first dates as European exports write them (31/12/2023, 31.12.2023), else anything Date.parse reads. */
function parseDate(raw: string): Date | undefined {
  const eu = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(raw);
  const d = eu ? new Date(Date.UTC(+eu[3], +eu[2] - 1, +eu[1], +(eu[4] ?? 0), +(eu[5] ?? 0))) : new Date(raw);
  return Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1970 || d.getTime() > Date.now() + 86_400_000 ? undefined : d;
}

/**
 * Converts one record. An invalid value (e.g. "NA" for an NPS question) leaves that answer or field
 * empty and is listed in `problems`; text questions treat the usual missing markers as empty. Branching
 * is not applied: historical answers predate the survey's logic.
 */
export function mapResponseRow(plan: ResponsePlan, values: string[]): MappedRow {
  const out: MappedRow = { answers: {}, hidden: {}, problems: [] };
  plan.targets.forEach((t, i) => {
    const raw = (values[i] ?? '').trim();
    if (!t || raw === '') return;
    const column = plan.headers[i];
    if (t.kind === 'hidden') out.hidden[t.name] = raw.slice(0, 500);
    else if (t.kind === 'question') {
      if (t.question.type === 'text' && MISSING_MARKERS.has(raw.toLowerCase())) return;
      const r = checkAnswer(t.question, parseCell(t.question, raw));
      if (r.ok) out.answers[t.question.id] = r.value satisfies Answer;
      else out.problems.push({ column, message: `${t.question.id} (${t.question.type}): "${raw.slice(0, 40)}" ${r.message}; answer left empty` });
    } else if (t.field === 'submittedAt') {
      const d = parseDate(raw);
      if (d) out.submittedAt = d;
      else out.problems.push({ column, message: `"${raw.slice(0, 40)}" is not a date; the import time is used` });
    } else if (t.field === 'email') {
      if (EMAIL.test(raw)) out.email = raw.toLowerCase();
      else out.problems.push({ column, message: `"${raw.slice(0, 60)}" is not an e-mail address; left empty` });
    } else if (t.field === 'externalId') out.externalId = raw.slice(0, 200);
    else if (t.field === 'language') {
      if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(raw)) out.language = raw;
      else out.problems.push({ column, message: `"${raw.slice(0, 20)}" is not a language tag; the survey's default is used` });
    }
  });
  return out;
}

/** Header words that name what a column holds, in the languages exports come in (en, da, fr, de, …). */
const HINTS: { test: RegExp; target: { type: TQuestion['type'] } | { field: 'submittedAt' | 'email' | 'externalId' | 'language' } }[] = [
  { test: /\bnps\b|recommend|anbefal|recommand|empfehl|\bscore\b/, target: { type: 'nps' } },
  { test: /\bcsat\b|satisf|tilfreds|zufrieden/, target: { type: 'csat' } },
  { test: /\bces\b|effort|indsats|aufwand/, target: { type: 'ces' } },
  { test: /\b(rating|stars?|stjerner|note)\b/, target: { type: 'rating' } },
  { test: /comment|explication|why|hvorfor|pourquoi|warum|feedback|reason|verbatim|remark|kommentar|begrund/, target: { type: 'text' } },
  { test: /^(date|dato|datum|created|submitted|answered|timestamp|time)( at)?$/, target: { field: 'submittedAt' } },
  { test: /mail|courriel/, target: { field: 'email' } },
  { test: /^(external ?id|customer ?id|kunde ?id|client ?id|externalid|customerid)$/, target: { field: 'externalId' } },
  { test: /^(lang|language|sprog|langue|sprache|locale)$/, target: { field: 'language' } },
];

/**
 * A first guess at the mapping for the dashboard: a header naming a question id or a field exactly
 * wins, then words in the header ("nps", "explication", "date", "e-mail") pick the first question
 * of that type or the field. Each question and field is suggested once; everything else is ignored.
 */
export function suggestResponseMapping(headers: string[], questions: TQuestion[]): Record<string, string> {
  const out: Record<string, string> = {};
  const taken = new Set<string>();
  const take = (column: string, target: string) => {
    if (taken.has(target) || out[column]) return;
    out[column] = target;
    taken.add(target);
  };
  for (const h of headers) {
    const t = targetFor(h, questions);
    if (t?.kind === 'question' && t.question.type !== 'contact') take(h, t.question.id);
    else if (t?.kind === 'field' && t.field !== 'ignore') take(h, t.field);
  }
  for (const h of headers) {
    if (out[h]) continue;
    const name = h.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^\p{L}\p{N}-]+/gu, ' ').trim();
    for (const hint of HINTS) {
      if (!hint.test.test(name)) continue;
      const target = 'field' in hint.target ? hint.target.field : questions.find((q) => q.type === (hint.target as { type: string }).type && !taken.has(q.id))?.id;
      if (target && !taken.has(target)) {
        take(h, target);
        break;
      }
    }
  }
  return Object.fromEntries(headers.map((h) => [h, out[h] ?? 'ignore']));
}
