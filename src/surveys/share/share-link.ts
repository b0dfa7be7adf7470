import { AppError, type FieldError } from '../../platform/errors.js';
import type { TLinkQuery } from './share.schemas.js';

/** The hosted page's channel when a link names none and carries no invitation token. */
export const DEFAULT_LINK_CHANNEL = 'link';

export interface LinkSurvey {
  slug: string;
  touchpoint: string;
  languages: string[];
  hiddenFields: string[];
}

export interface LinkParams {
  channel: string;
  touchpoint: string;
  source: string | null;
  lang: string | null;
  hidden: Record<string, string>;
}

/**
 * The parameters a link stands for, checked against the survey: only declared hidden fields and the
 * survey's languages (anything else is a 422 naming the parameter, so a typo never prints on a poster).
 */
export function linkParams(s: LinkSurvey, q: TLinkQuery): LinkParams {
  const errors: FieldError[] = [];
  const hidden: Record<string, string> = {};
  for (const [key, value] of Object.entries(q)) {
    if (!key.startsWith('hidden.') || typeof value !== 'string') continue;
    const name = key.slice('hidden.'.length);
    if (!s.hiddenFields.includes(name)) errors.push({ path: `querystring.${key}`, message: `"${name}" is not a hidden field of this survey` });
    else if (value.trim()) hidden[name] = value.trim();
  }
  if (q.lang && !s.languages.includes(q.lang)) errors.push({ path: 'querystring.lang', message: `the survey is not written in "${q.lang}"` });
  if (errors.length) throw new AppError('validation_failed', 'The link parameters do not fit this survey.', { errors });
  return { channel: q.channel ?? DEFAULT_LINK_CHANNEL, touchpoint: q.touchpoint ?? s.touchpoint, source: q.source ?? null, lang: q.lang ?? null, hidden };
}

/**
 * The short public link: `<base>/s/<slug>` plus only what differs from what the page assumes anyway
 * (channel "link", the survey's own touchpoint), so a plain link stays ~40 characters and a QR code
 * stays small enough to scan from across a shop.
 */
export function surveyLinkUrl(publicUrl: string, s: LinkSurvey, p: LinkParams): string {
  const params = new URLSearchParams();
  if (p.lang) params.set('lang', p.lang);
  if (p.channel !== DEFAULT_LINK_CHANNEL) params.set('channel', p.channel);
  if (p.touchpoint !== s.touchpoint) params.set('touchpoint', p.touchpoint);
  if (p.source) params.set('source', p.source);
  for (const [name, value] of Object.entries(p.hidden)) params.set(`hidden.${name}`, value);
  const query = params.toString();
  return `${publicUrl.replace(/\/$/, '')}/s/${s.slug}${query ? `?${query}` : ''}`;
}

/** Hidden fields from a page URL's `hidden.<name>=value` parameters (undeclared names are dropped later). */
export function hiddenFromQuery(query: Record<string, unknown>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    const name = key.startsWith('hidden.') ? key.slice(7) : '';
    if (/^[A-Za-z][\w-]{0,63}$/.test(name) && typeof value === 'string' && value.length <= 500) out[name] = value;
  }
  return Object.keys(out).length ? out : undefined;
}
