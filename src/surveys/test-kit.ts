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

const both = (en: string, da: string) => ({ en, da });

/** Every question type, a follow-up shown only to detractors, promoters jumping to their own ending. */
export const BRANCHING_SURVEY: TSurveyInput = {
  name: 'Branching',
  touchpoint: 'support',
  channel: 'link',
  team: 'Support DK',
  languages: ['en', 'da'],
  hiddenFields: ['orderId'],
  questions: [
    { id: 'nps', type: 'nps', text: both('Recommend us?', 'Anbefale os?'), required: true, logic: { jumps: [{ when: { match: 'all', conditions: [{ question: 'nps', op: 'gte', value: 9 }] }, to: 'end' }] } },
    { id: 'improve', type: 'text', text: both('What should we improve?', 'Hvad kan vi gøre bedre?'), logic: { show: { match: 'all', conditions: [{ question: 'nps', op: 'lte', value: 6 }] } } },
    { id: 'csat', type: 'csat', text: both('Satisfied?', 'Tilfreds?'), required: true },
    { id: 'ces', type: 'ces', text: both('Easy?', 'Nemt?') },
    { id: 'stars', type: 'rating', text: both('Stars?', 'Stjerner?'), scale: { min: 1, max: 10 } },
    { id: 'reason', type: 'single_choice', text: both('Why?', 'Hvorfor?'), allowOther: true, options: [{ id: 'price', label: both('Price', 'Pris') }, { id: 'quality', label: both('Quality', 'Kvalitet') }] },
    { id: 'features', type: 'multiple_choice', text: both('Which?', 'Hvilke?'), maxSelected: 2, options: [{ id: 'api', label: both('API', 'API') }, { id: 'reports', label: both('Reports', 'Rapporter') }, { id: 'sso', label: both('SSO', 'SSO') }] },
    { id: 'contact', type: 'contact', text: both('Contact?', 'Kontakt?'), fields: ['name', 'email'] },
  ],
  endings: [
    { id: 'promoters', when: { match: 'all', conditions: [{ question: 'nps', op: 'gte', value: 9 }] }, title: both('Thanks, fan!', 'Tak, fan!') },
    { id: 'default', title: both('Thank you', 'Tak') },
  ],
};
