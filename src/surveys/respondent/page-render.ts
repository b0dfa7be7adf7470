import type { Answers } from '../answers.js';
import { endingFor, questionPath } from '../answers.js';
import { endingView, questionForm, type RespondentText } from './markup.js';
import { html, raw, escapeHtml, type Html } from './html.js';
import { assetUrl, type RespondentAssets } from './assets.js';
import type { PageData, RunnerSurvey } from './view.js';

/** The HTML document around a screen: no inline script or style, so the strict CSP holds. */
export function pageDocument(o: { lang: string; dir: string; title: string; main: Html; assets: RespondentAssets; data?: PageData }): string {
  const { pageCss, pageJs } = o.assets;
  // JSON inside a script element: "<" escaped so no text in it can close the element.
  const data = o.data ? `<script type="application/json" id="kunde-data">${JSON.stringify(o.data).replace(/</g, '\\u003c')}</script>` : '';
  return (
    `<!doctype html><html lang="${escapeHtml(o.lang)}" dir="${o.dir === 'rtl' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex,nofollow">` +
    `<meta name="referrer" content="no-referrer"><link rel="icon" href="data:,"><title>${escapeHtml(o.title)}</title>` +
    (pageCss ? `<link rel="stylesheet" href="${assetUrl(pageCss)}">` : '') +
    (pageJs && o.data ? `<script src="${assetUrl(pageJs)}" defer></script>` : '') +
    `</head><body><main class="k-card" id="k-main">${o.main.html}</main><p class="k-brand">Kunde</p>${data}</body></html>`
  );
}

export const messageScreen = (text: string): Html => html('p', { class: 'k-msg', role: 'status' }, text);

/** The end screen of a respondent the survey can take no more from (closed, full, quota full). */
export const stoppedScreen = (text: RespondentText, lang: string, message: string): Html =>
  endingView(html, undefined, { lang, fallback: lang, text: { ...text, thanks: message, thanksBody: '' } });

export interface ScreenInput {
  survey: RunnerSurvey;
  text: RespondentText;
  answers: Answers;
  /** The question to show; the first on the path when absent or not on it. */
  questionId?: string;
  value?: number;
  error?: string;
  /** Hidden form fields for the plain-form fallback (language, token, render time). */
  fields: Record<string, string | undefined>;
}

/** The current question (or the ending, when `questionId` is "end") as server-rendered HTML. */
export function renderScreen(s: ScreenInput): Html {
  const lang = s.survey.language;
  const fallback = s.survey.defaultLanguage;
  if (s.questionId === 'end') return endingView(html, endingFor(s.survey.endings, s.answers), { lang, fallback, text: s.text });
  const path = questionPath(s.survey.questions, s.answers);
  const i = Math.max(0, path.findIndex((q) => q.id === s.questionId));
  const q = path[i];
  const hidden = Object.entries(s.fields)
    .filter(([, v]) => v !== undefined)
    .map(([name, value]) => html('input', { type: 'hidden', name, value }));
  return questionForm(
    html,
    q,
    {
      lang,
      fallback,
      text: s.text,
      position: i + 1,
      total: path.length,
      canGoBack: i > 0 && s.survey.settings.allowBack,
      isLast: i === path.length - 1,
      showProgress: s.survey.settings.showProgress,
      value: s.answers[q.id] ?? s.value,
      error: s.error,
      idp: `k${s.survey.id.slice(-6)}`,
    },
    [html('input', { type: 'hidden', name: 'q', value: q.id }), ...hidden],
  );
}

export { raw };
