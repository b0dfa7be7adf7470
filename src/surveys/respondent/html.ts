import type { Attrs, H, Kid } from './markup.js';

/** Server-side backend of the respondent markup: HTML with every text and attribute escaped. */
export interface Html {
  html: string;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]);

const VOID = new Set(['input', 'br', 'img', 'meta', 'link']);

function kids(list: Kid<Html>[]): string {
  let out = '';
  for (const k of list) {
    if (k === null || k === undefined || k === false) continue;
    if (Array.isArray(k)) out += kids(k);
    else out += typeof k === 'string' ? escapeHtml(k) : k.html;
  }
  return out;
}

function attrs(a: Attrs | null): string {
  let out = '';
  for (const [k, v] of Object.entries(a ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    out += v === true ? ` ${k}` : ` ${k}="${escapeHtml(String(v))}"`;
  }
  return out;
}

export const html: H<Html> = (tag, a, ...children) => {
  const open = `<${tag}${attrs(a)}>`;
  // A textarea's value is its text content; everything else void has none.
  return { html: VOID.has(tag) ? open : `${open}${kids(children)}</${tag}>` };
};

/** Marks trusted, already-built markup (the document skeleton) as HTML. */
export const raw = (s: string): Html => ({ html: s });
