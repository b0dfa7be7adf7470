import { questionPath } from '../answers.js';
import { escapeHtml } from '../respondent/html.js';
import type { SurveyDefinition } from '../surveys.schemas.js';
import type { TQuestion } from '../survey-definition.js';
import { textDirection } from '../respondent-strings/index.js';
import { invitationText, mailText } from './invitation-strings.js';
import type { WaveMessage } from './distribution.tables.js';

/** Everything one invitation e-mail is made of. */
export interface InvitationMailInput {
  publicUrl: string;
  survey: { slug: string; definition: SurveyDefinition };
  company: string;
  language: string;
  recipient: { email: string; name?: string | null; hidden?: Record<string, string> };
  /** The invitation token; links without it (preview) still open the survey but cannot answer as the invitee. */
  token: string;
  kind: 'invitation' | 'reminder';
  message?: WaveMessage;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  links: { survey: string; unsubscribe: string; scores: { score: number; url: string }[] };
}

const SCORED = new Set(['nps', 'csat', 'ces', 'rating']);

/** The scale an e-mail can show as one-click links: the first question the survey asks, when it is scored. */
export function oneClickScale(def: SurveyDefinition): { question: TQuestion; min: number; max: number } | undefined {
  const first = questionPath(def.questions, {})[0];
  if (!first || !SCORED.has(first.type)) return undefined;
  const scale = 'scale' in first ? first.scale : { min: 0, max: 10 };
  // The hosted page takes ?score= from 0 to 10.
  if (scale.min < 0 || scale.max > 10) return undefined;
  return { question: first, ...scale };
}

const fill = (s: string, values: Record<string, string>) => s.replace(/\{([\w.]+)\}/g, (m, k: string) => (k in values ? values[k] : m));

/**
 * Renders a localised, personalised invitation or reminder: greeting by name, the order it is about
 * (hidden field orderId), the first question with its scale as one-click links
 * (`/s/<slug>?t=<token>&score=9`, which only preselect — the page records on a deliberate action),
 * and an unsubscribe link that is also offered as RFC 8058 one-click List-Unsubscribe headers.
 * Everything the customer or sender wrote is escaped.
 */
export function renderInvitationMail(input: InvitationMailInput): RenderedMail {
  const { language: lang, survey, recipient } = input;
  const def = survey.definition;
  const hidden = recipient.hidden ?? {};
  const firstName = recipient.name?.trim().split(/\s+/)[0];
  const values: Record<string, string> = { company: input.company, name: firstName ?? '', email: recipient.email, ...Object.fromEntries(Object.entries(hidden).map(([k, v]) => [`hidden.${k}`, v])), ...(hidden.orderId ? { orderId: hidden.orderId } : {}) };
  const base = `${input.publicUrl}/s/${survey.slug}?t=${encodeURIComponent(input.token)}`;
  const unsubscribe = `${input.publicUrl}/unsubscribe/${encodeURIComponent(input.token)}`;
  const scale = oneClickScale(def);
  const scores = scale ? Array.from({ length: scale.max - scale.min + 1 }, (_, i) => ({ score: scale.min + i, url: `${base}&score=${scale.min + i}` })) : [];

  const customSubject = input.message?.subject?.[lang];
  // A reminder always says it is one, in the built-in wording; a custom subject is for the first mail.
  const subject = input.kind === 'reminder' ? mailText(lang, 'reminderSubject', values) : customSubject ? fill(customSubject, values) : mailText(lang, 'emailSubject', values);
  const greeting = firstName ? mailText(lang, 'emailGreeting', values) : invitationText(lang, 'greetingNoName');
  const customBody = input.message?.body?.[lang];
  const paragraphs = [
    ...(input.kind === 'reminder' ? [invitationText(lang, 'reminderIntro')] : []),
    customBody ? fill(customBody, values) : mailText(lang, 'emailBody', values),
    ...(hidden.orderId ? [invitationText(lang, 'orderLine', values)] : []),
  ];
  const question = scale ? (scale.question.text[lang] ?? Object.values(scale.question.text)[0] ?? '') : '';
  const family = scale?.question.type === 'nps' ? 'nps' : scale?.question.type === 'ces' ? 'ces' : 'csat';
  const lowKey = `${family}Low` as const;
  const highKey = `${family}High` as const;
  const low = scale ? ((scale.question as { labels?: { low?: Record<string, string> } }).labels?.low?.[lang] ?? mailText(lang, lowKey)) : '';
  const high = scale ? ((scale.question as { labels?: { high?: Record<string, string> } }).labels?.high?.[lang] ?? mailText(lang, highKey)) : '';
  const button = mailText(lang, 'emailButton');
  const footer = invitationText(lang, 'footer', values);
  const unsubscribeLabel = mailText(lang, 'unsubscribe');

  const text = [
    greeting,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    ...(scale ? [question, `${mailText(lang, 'emailOneClickHint')} (${low} ${scale.min} – ${scale.max} ${high}):`, ...scores.map((s) => `${s.score}: ${s.url}`), ''] : []),
    `${button}: ${base}`,
    '',
    '--',
    footer,
    `${unsubscribeLabel}: ${unsubscribe}`,
  ].join('\n');

  const dir = textDirection(lang);
  const cell = (s: { score: number; url: string }) =>
    `<td style="padding:2px"><a href="${escapeHtml(s.url)}" style="display:inline-block;min-width:28px;padding:8px 4px;border:1px solid #c9ced6;border-radius:4px;color:#1b2330;text-decoration:none;text-align:center;font-weight:600">${s.score}</a></td>`;
  const scaleHtml = scale
    ? `<p style="margin:20px 0 6px;font-weight:600">${escapeHtml(question)}</p>
<p style="margin:0 0 6px;color:#555;font-size:13px">${escapeHtml(mailText(lang, 'emailOneClickHint'))}</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse"><tr>${scores.map(cell).join('')}</tr></table>
<table role="presentation" width="100%" style="font-size:12px;color:#555"><tr><td>${escapeHtml(low)}</td><td style="text-align:${dir === 'rtl' ? 'left' : 'right'}">${escapeHtml(high)}</td></tr></table>`
    : '';
  const html = `<!doctype html>
<html lang="${escapeHtml(lang)}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f5f6f8;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1b2330;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:24px">
<p>${escapeHtml(greeting)}</p>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${scaleHtml}
<p style="margin:24px 0"><a href="${escapeHtml(base)}" style="display:inline-block;padding:10px 18px;background:#2453d4;color:#fff;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(button)}</a></p>
<p style="font-size:12px;color:#666;border-top:1px solid #eee;padding-top:12px">${escapeHtml(footer)}<br><a href="${escapeHtml(unsubscribe)}" style="color:#666">${escapeHtml(unsubscribeLabel)}</a></p>
</div></body></html>`;

  return {
    subject,
    text,
    html,
    headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    links: { survey: base, unsubscribe, scores },
  };
}
