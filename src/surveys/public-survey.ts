import type { AppContext } from '../platform/context.js';
import { closedReason, directionOf, pickLanguage, requirePublicSurvey } from './responses.service.js';
import type { TPublicSurvey } from './surveys.schemas.js';

/**
 * The published definition for rendering: questions, hidden field names, endings and the settings a
 * page or widget needs — never distribution settings, quotas or who built it. Texts stay maps of
 * every language, so a page can switch language without another request; `language` is the pick
 * for ?lang= (exact, then base language, then the survey's default).
 */
export async function getPublicSurvey(ctx: AppContext, idOrSlug: string, lang?: string): Promise<TPublicSurvey> {
  const s = await requirePublicSurvey(ctx.db, idOrSlug);
  const d = s.definition;
  const language = pickLanguage(d, lang);
  return {
    id: s.id,
    slug: s.slug,
    version: s.version,
    name: s.name,
    language,
    languages: d.languages,
    defaultLanguage: d.defaultLanguage ?? d.languages[0],
    direction: directionOf(language),
    questions: d.questions,
    hiddenFields: d.hiddenFields,
    endings: d.endings,
    settings: { allowBack: d.settings.allowBack, showProgress: d.settings.showProgress, widget: d.settings.widget },
    isOpen: (await closedReason(ctx.db, s)) === null,
  };
}
