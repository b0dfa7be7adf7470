/**
 * Built-in texts respondents see (hosted page, widget, invitation e-mails), for every language
 * Kunde ships. A survey's own texts come from its definition; these fill in buttons, scale-end
 * labels, errors and e-mail wording. Placeholders in braces ({current}, {max}, {company}, {name})
 * are filled by `respondentText`. The catalogue is split by language group, one file per group.
 */

/** The languages with built-in strings; ar and he are written right to left. */
export const RESPONDENT_LANGUAGES = ['en', 'da', 'de', 'fr', 'es', 'pt', 'nl', 'sv', 'nb', 'tr', 'zh', 'ar', 'he'] as const;
export type RespondentLanguage = (typeof RESPONDENT_LANGUAGES)[number];
export const RTL_LANGUAGES: readonly RespondentLanguage[] = ['ar', 'he'];

export interface RespondentStrings {
  next: string;
  back: string;
  submit: string;
  close: string;
  progress: string;
  required: string;
  optional: string;
  npsLow: string;
  npsHigh: string;
  csatLow: string;
  csatHigh: string;
  cesLow: string;
  cesHigh: string;
  ratingLabel: string;
  other: string;
  otherPlaceholder: string;
  textPlaceholder: string;
  selectUpTo: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  contactCompany: string;
  errorRequired: string;
  errorEmail: string;
  errorTooLong: string;
  errorNetwork: string;
  errorClosed: string;
  /** The end screen of a respondent whose quota is full (screened out, thanked). */
  quotaFull: string;
  errorNotFound: string;
  errorAlreadyAnswered: string;
  thankYouTitle: string;
  thankYouBody: string;
  feedbackButton: string;
  confirmScore: string;
  emailSubject: string;
  emailGreeting: string;
  emailBody: string;
  emailButton: string;
  emailOneClickHint: string;
  reminderSubject: string;
  unsubscribe: string;
  languageName: string;
}
