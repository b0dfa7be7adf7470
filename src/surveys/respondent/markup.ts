import type { Answer } from '../answers.js';
import type { TEnding, TQuestion } from '../survey-definition.js';
import type { TLocalized } from '../survey-conditions.js';

/*
 * The respondent's markup, written once against a tiny `h()` so the server renders it as HTML (hosted
 * page without script, first paint) and the browser builds the same DOM (next questions, the website
 * widget). Texts go in as children, which both backends treat as text, never as HTML. This file is
 * bundled into widget.js: no imports but types, and every byte counts.
 */

export type Attrs = Record<string, string | number | boolean | null | undefined>;
export type Kid<N> = N | string | null | undefined | false | Kid<N>[];
export type H<N> = (tag: string, attrs: Attrs | null, ...kids: Kid<N>[]) => N;

/** The built-in strings the respondent sees, in one language. */
export type RespondentText = {
  next: string;
  back: string;
  submit: string;
  required: string;
  invalidEmail: string;
  other: string;
  typeHere: string;
  progress: string; // "Question {n} of {total}"
  npsLow: string;
  npsHigh: string;
  low: string;
  high: string;
  cesLow: string;
  cesHigh: string;
  thanks: string;
  thanksBody: string;
  saveFailed: string;
  close: string;
  feedback: string;
  closed: string;
  quotaFull: string;
  name: string;
  email: string;
  phone: string;
  company: string;
};

export interface Screen {
  /** The language the texts are shown in, and the survey's default for missing ones. */
  lang: string;
  fallback: string;
  text: RespondentText;
  /** 1-based position and the current estimate of questions on this respondent's path. */
  position: number;
  total: number;
  canGoBack: boolean;
  isLast: boolean;
  showProgress: boolean;
  value?: Answer;
  error?: string;
  /** Prefix for ids, so two surveys on one page (widget + page) never share one. */
  idp: string;
}

export const tr = (rec: TLocalized | undefined, s: Pick<Screen, 'lang' | 'fallback'>): string =>
  rec ? (rec[s.lang] ?? rec[s.fallback] ?? Object.values(rec)[0] ?? '') : '';

const EMOJI = ['😠', '🙁', '😐', '🙂', '😍'];

function scaleOf(q: TQuestion): [number, number] {
  if (q.type === 'nps') return [0, 10];
  return 'scale' in q ? [q.scale.min, q.scale.max] : [1, 5];
}

function choiceIds(v: Answer | undefined): string[] {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.map((x) => (typeof x === 'object' && x && 'other' in x ? '__other' : String(x)));
}

function otherText(v: Answer | undefined): string {
  const list = Array.isArray(v) ? v : [v];
  for (const x of list) if (x && typeof x === 'object' && 'other' in x) return String(x.other);
  return '';
}

function body<N>(h: H<N>, q: TQuestion, s: Screen): Kid<N> {
  const id = s.idp;
  if (q.type === 'nps' || q.type === 'csat' || q.type === 'ces' || q.type === 'rating') {
    const [min, max] = scaleOf(q);
    const style = 'style' in q ? q.style : 'numbers';
    const opts: N[] = [];
    for (let v = min; v <= max; v++) {
      const face = style === 'stars' ? '★' : style === 'emoji' ? EMOJI[Math.round(((v - min) / Math.max(1, max - min)) * 4)] : String(v);
      opts.push(
        h(
          'label',
          { class: 'k-o' },
          h('input', { type: 'radio', name: 'a', value: v, checked: s.value === v, required: q.required }),
          h('span', { 'aria-hidden': style === 'numbers' ? null : 'true' }, face),
          style === 'numbers' ? null : h('span', { class: 'k-sr' }, String(v)),
        ),
      );
    }
    const t = s.text;
    const low = tr(q.labels?.low, s) || (q.type === 'nps' ? t.npsLow : q.type === 'ces' ? t.cesLow : t.low);
    const high = tr(q.labels?.high, s) || (q.type === 'nps' ? t.npsHigh : q.type === 'ces' ? t.cesHigh : t.high);
    return [
      h('div', { class: `k-scale k-${style} k-n${max - min + 1}` }, opts),
      h('p', { class: 'k-ends', id: `${id}-ends` }, h('span', null, `${min} = ${low}`), h('span', null, `${max} = ${high}`)),
    ];
  }
  if (q.type === 'single_choice' || q.type === 'multiple_choice') {
    const type = q.type === 'single_choice' ? 'radio' : 'checkbox';
    const chosen = choiceIds(s.value);
    const opts = q.options.map((o) => h('label', { class: 'k-c' }, h('input', { type, name: 'a', value: o.id, checked: chosen.includes(o.id) }), h('span', null, tr(o.label, s))));
    if (q.allowOther) {
      opts.push(
        h(
          'label',
          { class: 'k-c' },
          h('input', { type, name: 'a', value: '__other', checked: chosen.includes('__other') }),
          h('span', null, tr(q.otherLabel, s) || s.text.other),
        ),
        h('input', { class: 'k-in k-other', name: 'other', 'aria-label': tr(q.otherLabel, s) || s.text.other, value: otherText(s.value), maxlength: 1000 }),
      );
    }
    return h('div', { class: 'k-choices', 'data-shuffle': q.randomize ? '1' : null }, opts);
  }
  if (q.type === 'text') {
    const attrs = { class: 'k-in', name: 'a', id: `${id}-in`, 'aria-labelledby': `${id}-t`, maxlength: q.maxLength, required: q.required, placeholder: tr(q.placeholder, s) || s.text.typeHere };
    const value = typeof s.value === 'string' ? s.value : '';
    return q.multiline ? h('textarea', { ...attrs, rows: 4 }, value) : h('input', { ...attrs, value });
  }
  const given = s.value && typeof s.value === 'object' && !Array.isArray(s.value) ? (s.value as Record<string, string>) : {};
  const auto: Record<string, string> = { name: 'name', email: 'email', phone: 'tel', company: 'organization' };
  return q.fields.map((f) =>
    h(
      'label',
      { class: 'k-f' },
      h('span', null, s.text[f]),
      h('input', { class: 'k-in', name: `c_${f}`, type: f === 'email' ? 'email' : f === 'phone' ? 'tel' : 'text', autocomplete: auto[f], value: given[f] ?? '', maxlength: 320 }),
    ),
  );
}

/** One question as a form: progress, the question as fieldset/legend, its error, the buttons. */
export function questionForm<N>(h: H<N>, q: TQuestion, s: Screen, extra?: Kid<N>): N {
  const id = s.idp;
  const progressLabel = s.text.progress.replace('{n}', String(s.position)).replace('{total}', String(s.total));
  const scored = q.type === 'nps' || q.type === 'csat' || q.type === 'ces' || q.type === 'rating';
  const desc = tr(q.description, s);
  return h(
    'form',
    { class: 'k-form', method: 'post', 'data-q': q.id, 'data-type': q.type },
    s.showProgress ? h('progress', { class: 'k-prog', max: s.total, value: s.position - 1, 'aria-hidden': 'true' }) : null,
    h('p', { class: 'k-sr', 'aria-live': 'polite' }, progressLabel),
    h(
      'fieldset',
      { class: 'k-q', 'aria-describedby': [desc ? `${id}-d` : '', scored ? `${id}-ends` : '', s.error ? `${id}-e` : ''].filter(Boolean).join(' ') || null },
      h('legend', { class: 'k-t', id: `${id}-t`, tabindex: -1 }, tr(q.text, s), q.required ? h('span', { class: 'k-req', 'aria-hidden': 'true' }, ' *') : null),
      desc ? h('p', { class: 'k-d', id: `${id}-d` }, desc) : null,
      body(h, q, s),
    ),
    h('p', { class: 'k-err', id: `${id}-e`, role: 'alert' }, s.error ?? ''),
    h('input', { class: 'k-hp', name: 'website', tabindex: -1, autocomplete: 'off', 'aria-hidden': 'true' }),
    extra,
    h(
      'div',
      { class: 'k-nav' },
      s.canGoBack ? h('button', { type: 'submit', name: 'go', value: 'back', class: 'k-b k-back', formnovalidate: true }, s.text.back) : null,
      h('button', { type: 'submit', name: 'go', value: 'next', class: 'k-b k-next' }, s.isLast ? s.text.submit : s.text.next),
    ),
  );
}

/** The thank-you screen (the survey's ending for these answers, or the built-in one). */
export function endingView<N>(h: H<N>, ending: TEnding | undefined, s: Pick<Screen, 'lang' | 'fallback' | 'text'>): N {
  const title = (ending && tr(ending.title, s)) || s.text.thanks;
  const text = ending ? tr(ending.body, s) : s.text.thanksBody;
  return h(
    'div',
    { class: 'k-end', tabindex: -1, role: 'status' },
    h('div', { class: 'k-check', 'aria-hidden': 'true' }, '✓'),
    h('h2', { class: 'k-t' }, title),
    text ? h('p', { class: 'k-d' }, text) : null,
    ending?.button && /^https?:\/\//i.test(ending.button.url) ? h('a', { class: 'k-b k-next', href: ending.button.url, rel: 'noopener' }, tr(ending.button.label, s)) : null,
  );
}
