import type { TDigest } from './reports.schemas.js';
import { digestStrings } from './digest-strings.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const UNIT: Record<TDigest['headline'][number]['metric'], string> = { nps: '', csat: ' %', ces: '', 'response-rate': ' %', churn: ' %' };
const signed = (v: number) => (v > 0 ? `+${v}` : `${v}`);
const show = (v: number | null, unit: string) => (v === null ? '–' : `${v}${unit}`);

/**
 * The digest as a plain-text and an HTML e-mail in the workspace's language. Touchpoint names are
 * workspace data: escaped in the HTML part, never interpreted.
 */
export function renderDigest(d: TDigest, workspaceName: string, language: string) {
  const s = digestStrings(language);
  const headline = d.headline.map((h) => {
    const unit = UNIT[h.metric];
    const delta = h.change === null ? '' : ` (${signed(h.change)} ${s.previous}: ${show(h.previous, unit)})`;
    return { label: s.metrics[h.metric], text: `${show(h.value, unit)}${delta}`, n: h.n };
  });
  const movers = d.movers.map((m) => ({ label: `${m.touchpoint} · ${s.metrics[m.metric]}`, text: `${signed(m.change)} → ${show(m.value, UNIT[m.metric])}`, n: m.n }));
  const intro = s.intro(d.period.frequency, d.period.from, d.period.to);
  const lines = [
    intro, '',
    `${s.headline}:`, ...headline.map((h) => `- ${h.label}: ${h.text}, n = ${h.n}`), '',
    `${s.movers}:`, ...(movers.length ? movers.map((m) => `- ${m.label}: ${m.text}, n = ${m.n}`) : [s.noMovers]), '',
    s.footer,
  ];
  const rows = (items: { label: string; text: string; n: number }[]) =>
    items.map((i) => `<tr><th scope="row" align="left">${escapeHtml(i.label)}</th><td>${escapeHtml(i.text)}</td><td>n = ${i.n}</td></tr>`).join('');
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<p>${escapeHtml(intro)}</p>
<h2>${escapeHtml(s.headline)}</h2><table cellpadding="4">${rows(headline)}</table>
<h2>${escapeHtml(s.movers)}</h2>${movers.length ? `<table cellpadding="4">${rows(movers)}</table>` : `<p>${escapeHtml(s.noMovers)}</p>`}
<p style="color:#666">${escapeHtml(s.footer)}</p></body></html>`;
  return { subject: s.subject(workspaceName, d.period.from, d.period.to), text: lines.join('\n'), html };
}
