import type { TSurveyInput } from './surveys.schemas.js';

/** The pinned example of the issue: an NPS question and a follow-up text, in English and Danish. */
export const NPS_SURVEY: TSurveyInput = {
  name: 'Post-purchase NPS',
  touchpoint: 'post-purchase',
  channel: 'email',
  languages: ['en', 'da'],
  questions: [
    { id: 'q1', type: 'nps', text: { en: 'How likely are you to recommend us?', da: 'Hvor sandsynligt er det, at du vil anbefale os?' } },
    { id: 'q2', type: 'text', text: { en: 'Why?', da: 'Hvorfor?' } },
  ],
};
