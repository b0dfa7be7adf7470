import type { TEnding, TQuestion } from '../survey-definition.js';
import type { z } from 'zod';
import type { ZWidgetSettings } from '../survey-settings.js';
import type { RespondentText } from './markup.js';

type TWidgetSettings = z.output<typeof ZWidgetSettings>;

/** What the respondent's script needs of a published survey (a subset of the public survey). */
export interface RunnerSurvey {
  id: string;
  slug: string;
  language: string;
  defaultLanguage: string;
  direction: 'ltr' | 'rtl';
  questions: TQuestion[];
  endings: TEnding[];
  settings: { allowBack: boolean; showProgress: boolean };
}

/** The data block the hosted page embeds for its script (JSON in a non-executed script element). */
export interface PageData {
  survey: RunnerSurvey;
  text: RespondentText;
  token?: string;
  hidden?: Record<string, string>;
  channel?: string;
  /** From a shared link (?touchpoint=&source=): stored on the response. */
  touchpoint?: string;
  source?: string;
  preselect?: { q: string; value: number };
  /** The current question when the page was rendered for a resumed (no-script) response. */
  start?: string;
}

/** One website survey as the widget receives it: the survey, its built-in strings, its widget settings. */
export interface WidgetSurvey {
  survey: RunnerSurvey & { name: string };
  text: RespondentText;
  widget: TWidgetSettings;
}

/** GET /api/v1/public/widget/{workspaceId}/surveys. */
export interface WidgetConfig {
  /** The workspace has a website chat: the widget loads /chat.js. */
  chat: boolean;
  surveys: WidgetSurvey[];
}
