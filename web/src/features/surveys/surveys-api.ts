import { client, ok, type ApiBody, type ApiData, type ApiItem } from '../../lib/api';

// Shapes of the surveys endpoints, generated from src/surveys/*.schemas.ts.

export type Survey = ApiData<'get', '/surveys/{id}'>;
export type SurveyListItem = ApiItem<'/surveys'>;
export type SurveyInput = ApiBody<'post', '/surveys'>;
export type SurveyPatch = ApiBody<'patch', '/surveys/{id}'>;
export type Question = Survey['questions'][number];
export type QuestionType = Question['type'];
export type Template = ApiItem<'/survey-templates'>;
export type Summary = ApiData<'get', '/surveys/{id}/summary'>;
export type QuestionSummary = Summary['questions'][number];
export type SurveyResponse = ApiItem<'/surveys/{id}/responses'>;

export const surveyKeys = {
  all: ['surveys'] as const,
  list: (status: string) => ['surveys', 'list', status] as const,
  detail: (id: string) => ['surveys', 'detail', id] as const,
  summary: (id: string) => ['surveys', 'summary', id] as const,
  responses: (id: string, status: string) => ['surveys', 'responses', id, status] as const,
  templates: (lang: string) => ['surveys', 'templates', lang] as const,
};

export const fetchSurvey = (id: string, signal?: AbortSignal) => ok(client.GET('/surveys/{id}', { params: { path: { id } }, signal }));

export const QUESTION_TYPES = ['nps', 'csat', 'ces', 'rating', 'single_choice', 'multiple_choice', 'text', 'contact'] as const satisfies readonly QuestionType[];
export const TOUCHPOINTS = ['post-purchase', 'delivery', 'support', 'onboarding', 'webinar', 'sales', 'website', 'product', 'churn', 'renewal', 'event', 'other'];
export const CHANNELS = ['email', 'link', 'qr', 'website', 'in_app', 'sms', 'api', 'import'];
/** Languages a survey can be written in from the dashboard; respondents get built-in strings in each. */
export const SURVEY_LANGUAGES = ['en', 'da', 'de', 'fr', 'es', 'pt', 'nl', 'sv', 'nb', 'tr', 'zh', 'ar', 'he'];

/** The text of a localised field in `lang`, falling back to the first language that has one. */
export function localized(text: Record<string, string> | undefined, lang: string): string {
  if (!text) return '';
  return text[lang] || Object.values(text).find((v) => v) || '';
}

/** A new question of a type, with the survey's languages filled with empty texts to be written. */
export function blankQuestion(type: QuestionType, id: string, languages: string[]): Question {
  const text = Object.fromEntries(languages.map((l) => [l, '']));
  const base = { id, text, required: type === 'nps' || type === 'csat' || type === 'ces' };
  switch (type) {
    case 'nps':
      return { ...base, type };
    case 'csat':
      return { ...base, type, scale: { min: 1, max: 5 }, style: 'numbers' };
    case 'ces':
      return { ...base, type, scale: { min: 1, max: 7 } };
    case 'rating':
      return { ...base, type, scale: { min: 1, max: 5 }, style: 'stars' };
    case 'single_choice':
    case 'multiple_choice':
      return { ...base, type, options: [{ id: 'o1', label: { ...text } }, { id: 'o2', label: { ...text } }], allowOther: false, randomize: false };
    case 'text':
      return { ...base, type, multiline: true, maxLength: 2000 };
    case 'contact':
      return { ...base, type, fields: ['name', 'email'] };
  }
}

/** The next free id of the form q1, q2, … */
export function nextQuestionId(questions: { id: string }[]): string {
  let n = questions.length + 1;
  while (questions.some((q) => q.id === `q${n}`)) n++;
  return `q${n}`;
}

/** The editable part of a survey, as PATCH takes it. */
export function toPatch(s: Survey): SurveyPatch {
  return {
    name: s.name,
    touchpoint: s.touchpoint,
    channel: s.channel,
    team: s.team,
    languages: s.languages,
    defaultLanguage: s.defaultLanguage,
    questions: s.questions,
    hiddenFields: s.hiddenFields,
    endings: s.endings,
  };
}
