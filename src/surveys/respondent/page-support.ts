import type { AppContext } from '../../platform/context.js';
import { safeEqual, sha256 } from '../../platform/ids.js';
import type { Answer, Answers } from '../answers.js';
import { invitationResolver } from '../invitation-tokens.js';
import type { TQuestion } from '../survey-definition.js';
import { findResponse, findSurveyPublic } from '../surveys.queries.js';

/** A urlencoded form body: every name with all its values (checkboxes repeat). */
export type FormBody = Record<string, string[]>;

/** The answer a plain form gives for a question (the same encoding page.js sends), or undefined when empty. */
export function answerFromForm(q: TQuestion, form: FormBody): Answer | undefined {
  const values = (form.a ?? []).map((v) => v.trim()).filter(Boolean);
  const other = (form.other?.[0] ?? '').trim();
  const choice = (v: string) => (v === '__other' ? { other } : v);
  switch (q.type) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'rating':
      return values.length && /^\d+$/.test(values[0]) ? Number(values[0]) : undefined;
    case 'single_choice':
      return values.length ? choice(values[0]) : undefined;
    case 'multiple_choice':
      return values.length ? values.map(choice) : undefined;
    case 'text':
      return values[0] || undefined;
    case 'contact': {
      const c: Record<string, string> = {};
      for (const f of q.fields) if (form[`c_${f}`]?.[0]?.trim()) c[f] = form[`c_${f}`][0].trim();
      return Object.keys(c).length ? c : undefined;
    }
  }
}

/** Accept-Language tags by preference ("da, en;q=0.8" → ["da", "en"]). */
export function acceptedLanguages(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? 1);
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(x.tag) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((x) => x.tag);
}

/** The first wish the survey speaks (exactly or by base language), or undefined. */
export function matchLanguage(languages: string[], wishes: string[]): string | undefined {
  for (const w of wishes) {
    const exact = languages.find((l) => l.toLowerCase() === w.toLowerCase());
    if (exact) return exact;
    const base = languages.find((l) => l.split('-')[0].toLowerCase() === w.split('-')[0].toLowerCase());
    if (base) return base;
  }
  return undefined;
}

/**
 * The respondent's language when the link names none: the invitation's (the customer's language),
 * else the browser's Accept-Language, among the survey's languages.
 */
export async function preferredLanguage(ctx: AppContext, languages: string[], token: string | undefined, acceptLanguage: string | undefined): Promise<string | undefined> {
  const invited = token ? (await invitationResolver()?.resolve(ctx.db, token).catch(() => undefined))?.language : undefined;
  return matchLanguage(languages, [...(invited ? [invited] : []), ...acceptedLanguages(acceptLanguage)]);
}

/** The response a no-script respondent started (cookie "id.secret"), if the secret still matches. */
export async function readOwnResponse(ctx: AppContext, surveyId: string, cookie: string | undefined): Promise<{ id: string; secret: string; answers: Answers; finished: boolean } | undefined> {
  const m = /^([0-9a-f-]{36})\.([\w-]{16,100})$/.exec(cookie ?? '');
  if (!m) return undefined;
  const survey = await findSurveyPublic(ctx.db, surveyId);
  const row = survey ? await findResponse(ctx.db, survey.workspaceId, survey.id, m[1]) : undefined;
  if (!row || !safeEqual(row.secretHash, sha256(m[2]))) return undefined;
  return { id: row.id, secret: m[2], answers: row.answers, finished: row.status === 'finished' };
}
