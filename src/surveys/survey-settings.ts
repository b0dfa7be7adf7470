import { z } from 'zod';
import { ZConditionGroup } from './survey-conditions.js';

/**
 * Survey settings consumed across the surveys domain: closing rules and quotas (the response path),
 * anonymous-link limits (hosted page), website widget (widget), fatigue and reminders (distribution).
 * Every field has a default, so `{}` is a valid settings object and older surveys gain new settings.
 */

const ZLocalizedText = z.record(z.string(), z.string().trim().max(200));

/** Closes the survey at a time or after a number of finished responses, whichever comes first. */
export const ZClosing = z.object({
  closesAt: z.iso.datetime({ offset: true }).nullable().default(null),
  maxResponses: z.number().int().min(1).max(100_000_000).nullable().default(null),
});

/**
 * A quota: once `limit` finished responses match `when` (same condition shape as question logic),
 * further respondents matching it are ended early (`end`) or the whole survey closes (`close`).
 */
export const ZQuota = z.object({
  id: z.string().trim().regex(/^[A-Za-z][\w-]{0,63}$/),
  name: z.string().trim().min(1).max(200),
  when: ZConditionGroup,
  limit: z.number().int().min(1),
  action: z.enum(['end', 'close']).default('end'),
});

export const ZAnonymousLimit = z.object({
  /** One response per browser (cookie) and device fingerprint-free key for anonymous link surveys. */
  onePerDevice: z.boolean().default(false),
});

export const WIDGET_TRIGGER_TYPES = ['url', 'event', 'time_on_page', 'scroll_depth', 'exit_intent'] as const;
export const ZWidgetTrigger = z.discriminatedUnion('type', [
  z.object({ type: z.literal('url'), match: z.enum(['contains', 'exact', 'starts_with', 'regex']).default('contains'), value: z.string().min(1).max(500) }),
  z.object({ type: z.literal('event'), name: z.string().trim().min(1).max(64) }),
  z.object({ type: z.literal('time_on_page'), seconds: z.number().int().min(0).max(3600) }),
  z.object({ type: z.literal('scroll_depth'), percent: z.number().int().min(1).max(100) }),
  z.object({ type: z.literal('exit_intent') }),
]);
export type TWidgetTrigger = z.infer<typeof ZWidgetTrigger>;

export const ZWidgetSettings = z.object({
  enabled: z.boolean().default(false),
  /** Any trigger shows the survey (or). */
  triggers: z.array(ZWidgetTrigger).max(20).default([]),
  targeting: z
    .object({
      segmentId: z.uuid().nullable().default(null),
      visitors: z.enum(['all', 'new', 'returning']).default('all'),
      /** Empty: every language of the survey. */
      languages: z.array(z.string()).max(30).default([]),
      /** Empty: every device. */
      devices: z.array(z.enum(['desktop', 'mobile', 'tablet'])).max(3).default([]),
    })
    .default({ segmentId: null, visitors: 'all', languages: [], devices: [] }),
  /** Share of matching visitors who see it, 0–100. */
  samplingPercent: z.number().min(0).max(100).default(100),
  /** Days before the same visitor may see this survey again after answering or dismissing it. */
  recontactDays: z.number().int().min(0).max(3650).default(30),
  position: z.enum(['bottom-right', 'bottom-left', 'center']).default('bottom-right'),
  feedbackButton: z
    .object({
      enabled: z.boolean().default(false),
      label: ZLocalizedText.optional(),
      position: z.enum(['right', 'left', 'bottom-right', 'bottom-left']).default('right'),
    })
    .default({ enabled: false, position: 'right' }),
});

/** Per-survey override of the workspace's fatigue rules. */
export const ZFatigueSettings = z.object({
  /** false: this survey ignores the workspace's "at most one survey every N days" (e.g. transactional CSAT). */
  respectWorkspaceRules: z.boolean().default(true),
  /** Overrides the workspace's N for this survey; null uses the workspace's. */
  minDaysBetweenSurveys: z.number().int().min(0).max(3650).nullable().default(null),
});

export const ZReminderSettings = z.object({
  enabled: z.boolean().default(false),
  afterDays: z.number().int().min(1).max(60).default(3),
  max: z.number().int().min(0).max(5).default(1),
});

export const ZSurveySettings = z.object({
  closing: ZClosing.default({ closesAt: null, maxResponses: null }),
  quotas: z.array(ZQuota).max(20).default([]),
  anonymous: ZAnonymousLimit.default({ onePerDevice: false }),
  widget: ZWidgetSettings.default(() => ZWidgetSettings.parse({})),
  fatigue: ZFatigueSettings.default({ respectWorkspaceRules: true, minDaysBetweenSurveys: null }),
  reminders: ZReminderSettings.default({ enabled: false, afterDays: 3, max: 1 }),
  /** Respondents may go back to earlier questions on the hosted page and widget. */
  allowBack: z.boolean().default(true),
  showProgress: z.boolean().default(true),
});
export type TSurveySettings = z.infer<typeof ZSurveySettings>;
