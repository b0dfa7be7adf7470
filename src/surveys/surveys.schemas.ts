import { z } from 'zod';
import { definitionFields, ZLanguage } from './survey-definition.js';
import { ZWidgetSettings } from './survey-settings.js';
import { definitionProblems } from './definition-rules.js';
import { RESPONSE_STATUSES, SURVEY_STATUSES } from './surveys.tables.js';

export * from './survey-definition.js';
export * from './survey-settings.js';

const withRules = <T extends z.ZodType<Parameters<typeof definitionProblems>[0]>>(schema: T) =>
  schema.superRefine((def, c) => {
    for (const e of definitionProblems(def)) c.addIssue({ code: 'custom', path: e.path.replace(/^body\./, '').split('.'), message: e.message });
  });

/** POST /surveys: the pinned body `{name, touchpoint, channel, team?, languages, questions, …}`. */
export const ZSurveyInput = withRules(z.object(definitionFields));
export type TSurveyInput = z.input<typeof ZSurveyInput>;

/** What a survey version freezes (everything of the input but the name, which is the survey's). */
export const ZSurveyDefinition = z.object(definitionFields).omit({ name: true, touchpoint: true, channel: true, team: true });
export type SurveyDefinition = z.output<typeof ZSurveyDefinition>;

/** PATCH /surveys/{id} takes a subset of the input; the merged result is validated as a whole. */
export const ZSurveyPatch = z
  .object(definitionFields)
  .partial()
  // Without their defaults: an absent field must stay absent, or a PATCH of the settings alone would
  // reset the hidden fields and endings to [] (and the settings to defaults when only a name changes).
  .extend({
    hiddenFields: definitionFields.hiddenFields.unwrap().optional(),
    endings: definitionFields.endings.unwrap().optional(),
    settings: definitionFields.settings.unwrap().optional(),
  });
export type TSurveyPatch = z.output<typeof ZSurveyPatch>;

export const ZSurvey = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  touchpoint: z.string(),
  channel: z.string(),
  team: z.string().nullable(),
  status: z.enum(SURVEY_STATUSES),
  version: z.number().int(),
  languages: z.array(z.string()),
  defaultLanguage: z.string(),
  questions: definitionFields.questions,
  hiddenFields: z.array(z.string()),
  endings: definitionFields.endings,
  settings: definitionFields.settings,
  templateKey: z.string().nullable(),
  publicUrl: z.string().describe('The hosted survey page /s/<slug>'),
  createdBy: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
  publishedAt: z.date().nullable(),
  closedAt: z.date().nullable(),
});
export type TSurvey = z.infer<typeof ZSurvey>;

export const ZSurveyListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
  status: z.enum(SURVEY_STATUSES).optional(),
  touchpoint: z.string().max(100).optional(),
  q: z.string().trim().max(200).optional().describe('Name contains'),
});
export const ZSurveyListItem = ZSurvey.omit({ questions: true, endings: true, settings: true, hiddenFields: true }).extend({
  questionCount: z.number().int(),
  responseCount: z.number().int().describe('Finished responses'),
});
export const ZSurveyList = z.object({ data: z.array(ZSurveyListItem), nextCursor: z.string().nullable() });
export const ZSurveyParams = z.object({ id: z.uuid() });

/** A public survey is named by its id or its slug (8–12 letters and digits). */
export const ZPublicSurveyParams = z.object({ idOrSlug: z.string().regex(/^([0-9a-f-]{36}|[A-Za-z0-9]{6,16})$/, 'must be a survey id or slug') });
export const ZPublicResponseParams = z.object({ idOrSlug: ZPublicSurveyParams.shape.idOrSlug, responseId: z.uuid() });
export const ZPublicSurveyQuery = z.object({ lang: z.string().max(35).optional() });

/** The published definition, with only what a respondent's page needs (no settings of distribution). */
export const ZPublicSurvey = z.object({
  id: z.uuid(),
  slug: z.string(),
  version: z.number().int(),
  name: z.string(),
  language: z.string().describe('The language chosen for ?lang= (or the default)'),
  languages: z.array(z.string()),
  defaultLanguage: z.string(),
  direction: z.enum(['ltr', 'rtl']),
  questions: definitionFields.questions,
  hiddenFields: z.array(z.string()),
  endings: definitionFields.endings,
  settings: z.object({ allowBack: z.boolean(), showProgress: z.boolean(), widget: ZWidgetSettings }),
  isOpen: z.boolean(),
});
export type TPublicSurvey = z.infer<typeof ZPublicSurvey>;

const ZAnswerValue = z.unknown();
/** POST /public/surveys/{idOrSlug}/responses. */
export const ZResponseInput = z.object({
  answers: z.record(z.string().max(64), ZAnswerValue).default({}),
  language: ZLanguage.optional(),
  finished: z.boolean().default(true),
  /** An invitation token (e-mail link); single use: submitting again updates the same response. */
  token: z.string().trim().min(8).max(200).optional(),
  customer: z
    .object({ email: z.string().trim().max(320).optional(), externalId: z.string().trim().min(1).max(200).optional(), anonymousId: z.string().trim().min(1).max(200).optional() })
    .optional(),
  hidden: z.record(z.string().max(64), z.union([z.string().max(500), z.number(), z.boolean()])).optional(),
  /** The channel the answer came through when it differs from the survey's (link, qr, website…). */
  channel: z.string().trim().min(1).max(50).optional(),
  /** The touchpoint a shared link or QR code stands for, when it differs from the survey's (e.g. "in-store"). */
  touchpoint: z.string().trim().min(1).max(100).optional(),
  /** Where a link or QR code was placed (a campaign, a poster, "receipt"); kept with the response. */
  source: z.string().trim().min(1).max(100).optional(),
  /** One-per-device limit of anonymous links: a random key the page keeps in a cookie or storage. */
  deviceKey: z.string().trim().min(8).max(100).optional(),
  /** Spam guards: a field people never see (must stay empty) and seconds since the page loaded. */
  website: z.string().max(500).optional().describe('Honeypot: leave empty'),
  elapsedSeconds: z.number().min(0).max(1e7).optional(),
  meta: z.object({ referrer: z.string().max(2000).optional(), url: z.string().max(2000).optional() }).optional(),
});
export type TResponseInput = z.output<typeof ZResponseInput>;

/** PATCH /public/surveys/{id}/responses/{responseId}: more answers for a partial response. */
export const ZResponsePatch = z.object({
  secret: z.string().min(16).max(100),
  answers: z.record(z.string().max(64), ZAnswerValue).default({}),
  finished: z.boolean().optional(),
  language: ZLanguage.optional(),
});

export const ZResponseAck = z.object({
  id: z.uuid(),
  surveyId: z.uuid(),
  status: z.enum(RESPONSE_STATUSES),
  secret: z.string().describe('Send it with PATCH to add answers to this response'),
  ending: z.object({ id: z.string(), title: z.string(), body: z.string().nullable() }).nullable(),
});
export type TResponseAck = z.infer<typeof ZResponseAck>;

export const ZSurveyTemplate = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  languages: z.array(z.string()).describe('Languages the template ships'),
  touchpoint: z.string(),
  channel: z.string(),
  questionTypes: z.array(z.string()),
  survey: z.record(z.string(), z.unknown()).describe('The survey input it creates (texts in every shipped language)'),
});
export const ZSurveyTemplateList = z.object({ data: z.array(ZSurveyTemplate) });
export const ZTemplateListQuery = z.object({ lang: z.string().max(35).optional().describe('Language of names and descriptions') });
export const ZFromTemplate = z.object({
  template: z.string().min(1).max(100),
  /** A subset of the template's languages, first one the default; all of them when absent. */
  languages: z.array(ZLanguage).min(1).max(30).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  touchpoint: z.string().trim().min(1).max(100).optional(),
  channel: z.string().trim().min(1).max(100).optional(),
  team: z.string().trim().min(1).max(100).optional(),
});
