import { respondentStrings } from '../respondent-strings/index.js';
import type { RespondentText } from './markup.js';

/** The built-in strings the hosted page and the widget need, from the respondent catalogue. */
export type PageText = RespondentText & { notFound: string };

/** The page's and widget's strings in a language (exact, then base language, then English). */
export function pageText(lang: string): PageText {
  const s = respondentStrings(lang);
  return {
    next: s.next,
    back: s.back,
    submit: s.submit,
    required: s.errorRequired,
    invalidEmail: s.errorEmail,
    other: s.other,
    typeHere: s.textPlaceholder,
    progress: s.progress.replace('{current}', '{n}'),
    npsLow: s.npsLow,
    npsHigh: s.npsHigh,
    low: s.csatLow,
    high: s.csatHigh,
    cesLow: s.cesLow,
    cesHigh: s.cesHigh,
    thanks: s.thankYouTitle,
    thanksBody: s.thankYouBody,
    saveFailed: s.errorNetwork,
    close: s.close,
    feedback: s.feedbackButton,
    closed: s.errorClosed,
    quotaFull: s.quotaFull,
    name: s.contactName,
    email: s.contactEmail,
    phone: s.contactPhone,
    company: s.contactCompany,
    notFound: s.errorNotFound,
  };
}
