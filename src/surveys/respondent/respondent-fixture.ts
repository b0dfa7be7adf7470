import type { TSurveyInput } from '../surveys.schemas.js';

/**
 * The survey the respondent tests answer: NPS with logic (promoters jump to the end, "what should we
 * improve" only for 0–6), a multiple choice with "other", two endings, in English, Danish and
 * Arabic, with markup in a question text that must come out as text. Its widget shows on the custom
 * event "checkout_done" and keeps a feedback button.
 */
export const RESPONDENT_SURVEY: TSurveyInput = {
  name: 'Checkout NPS',
  touchpoint: 'website',
  channel: 'link',
  languages: ['en', 'da', 'ar'],
  questions: [
    {
      id: 'q1',
      type: 'nps',
      required: true,
      text: { en: 'How likely are you to recommend <b>us</b>?', da: 'Hvor sandsynligt er det, at du vil anbefale <b>os</b>?', ar: 'ما مدى احتمال أن توصي بنا؟' },
      logic: { jumps: [{ when: { match: 'all', conditions: [{ question: 'q1', op: 'gte', value: 9 }] }, to: 'end' }] },
    },
    {
      id: 'q2',
      type: 'text',
      text: { en: 'What should we improve?', da: 'Hvad kan vi gøre bedre?', ar: 'ما الذي يمكننا تحسينه؟' },
      logic: { show: { match: 'all', conditions: [{ question: 'q1', op: 'lte', value: 6 }] }, jumps: [] },
    },
    {
      id: 'q3',
      type: 'multiple_choice',
      text: { en: 'What matters most to you?', da: 'Hvad betyder mest for dig?', ar: 'ما الأهم بالنسبة لك؟' },
      options: [
        { id: 'price', label: { en: 'Price', da: 'Pris', ar: 'السعر' } },
        { id: 'speed', label: { en: 'Delivery speed', da: 'Hurtig levering', ar: 'سرعة التوصيل' } },
        { id: 'service', label: { en: 'Service', da: 'Service', ar: 'الخدمة' } },
      ],
      allowOther: true,
    },
  ],
  endings: [
    { id: 'fans', when: { match: 'all', conditions: [{ question: 'q1', op: 'gte', value: 9 }] }, title: { en: 'Thanks, fan!', da: 'Tak, du er fantastisk!', ar: 'شكرًا لك!' } },
    { id: 'all', title: { en: 'Thank you for your answers', da: 'Tak for dine svar', ar: 'شكرًا على إجاباتك' }, body: { en: 'We read every one.', da: 'Vi læser dem alle.', ar: 'نقرأها جميعًا.' } },
  ],
  settings: {
    widget: { enabled: true, triggers: [{ type: 'event', name: 'checkout_done' }], feedbackButton: { enabled: true, position: 'right' } },
  },
};
