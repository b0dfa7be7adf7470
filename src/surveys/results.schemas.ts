import { z } from 'zod';
import { QUESTION_TYPES } from './survey-definition.js';
import { RESPONSE_STATUSES } from './surveys.tables.js';

/** Filters of GET /surveys/{id}/responses, …/responses.csv and …/summary. */
export const ZResponseFilterQuery = z.object({
  status: z.enum(RESPONSE_STATUSES).optional().describe('finished or partial'),
  from: z.iso.datetime({ offset: true }).optional().describe('Created at or after'),
  to: z.iso.datetime({ offset: true }).optional().describe('Created before'),
  language: z.string().max(35).optional(),
  touchpoint: z.string().max(100).optional(),
  channel: z.string().max(100).optional(),
  team: z.string().max(100).optional(),
  version: z.coerce.number().int().min(1).max(1_000_000).optional(),
  question: z.string().max(64).optional().describe('Question id the score range applies to'),
  scoreMin: z.coerce.number().min(-1000).max(1000).optional(),
  scoreMax: z.coerce.number().min(-1000).max(1000).optional(),
  q: z.string().trim().min(1).max(200).optional().describe('A text answer contains'),
});

export const ZResponseListQuery = ZResponseFilterQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const ZSummaryQuery = ZResponseFilterQuery.extend({ lang: z.string().max(35).optional().describe('Language of question and option texts') });

export const ZSurveyResponse = z.object({
  id: z.uuid(),
  surveyId: z.uuid(),
  version: z.number().int(),
  status: z.enum(RESPONSE_STATUSES),
  answers: z.record(z.string(), z.unknown()),
  hidden: z.record(z.string(), z.string()),
  language: z.string(),
  touchpoint: z.string(),
  channel: z.string(),
  team: z.string().nullable(),
  customer: z.object({ id: z.string().nullable(), email: z.string().nullable(), externalId: z.string().nullable() }),
  invitationId: z.string().nullable(),
  source: z.string().nullable().describe('Where a shared link or QR code was placed (?source= on the link)'),
  createdAt: z.date(),
  updatedAt: z.date(),
  finishedAt: z.date().nullable(),
});
export const ZResponseList = z.object({ data: z.array(ZSurveyResponse), nextCursor: z.string().nullable() });

const n = z.number();
export const ZQuestionSummary = z.object({
  id: z.string(),
  type: z.enum(QUESTION_TYPES),
  text: z.string(),
  answered: n,
  reached: n.describe('Responses that answered this question or a later one (got at least this far)'),
  dropOffs: n.describe('Partial responses whose last answer was this question'),
  nps: n.nullable().optional().describe('−100…100: % promoters (9–10) − % detractors (0–6)'),
  promoters: n.optional(),
  passives: n.optional(),
  detractors: n.optional(),
  mean: n.nullable().optional(),
  satisfiedPercent: n.nullable().optional().describe('CSAT: share of the two top boxes'),
  easyPercent: n.nullable().optional().describe('CES: share above the midpoint of the scale'),
  distribution: z.array(z.object({ value: n, count: n })).optional(),
  options: z.array(z.object({ id: z.string(), label: z.string(), count: n, percent: n.nullable() })).optional(),
  other: n.optional(),
});
export const ZSurveySummary = z.object({
  surveyId: z.uuid(),
  version: n,
  responseCount: z.object({ total: n, finished: n, partial: n }),
  completionRate: n.nullable().describe('% of responses finished'),
  questions: z.array(ZQuestionSummary),
  distribution: z
    .object({
      invited: n,
      responded: n,
      responseRate: n.nullable(),
      byWave: z.array(z.object({ waveId: z.uuid(), name: z.string(), kind: z.string(), createdAt: z.date(), invited: n, responded: n, responseRate: n.nullable() })),
      byChannel: z.array(z.object({ channel: z.string(), responses: n, finished: n, invited: n.nullable(), responseRate: n.nullable() })),
    })
    .describe('Response rate overall, per e-mail wave and per channel (invited = delivered invitations; not narrowed by the filters)'),
});
