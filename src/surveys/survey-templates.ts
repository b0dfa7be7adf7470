import type { TLocalized, TSurveyInput } from './surveys.schemas.js';

/**
 * The standard CX surveys, ready to create in English and Danish (German too for the scored ones).
 * A template is a survey input whose texts carry every language it ships; creating from it keeps
 * the languages asked for.
 */
export interface SurveyTemplate {
  key: string;
  name: TLocalized;
  description: TLocalized;
  survey: TSurveyInput;
}

const t = (en: string, da: string, de?: string): TLocalized => ({ en, da, ...(de ? { de } : {}) });
const lte = (question: string, value: number) => ({ match: 'all' as const, conditions: [{ question, op: 'lte' as const, value }] });
const gte = (question: string, value: number) => ({ match: 'all' as const, conditions: [{ question, op: 'gte' as const, value }] });
const thanks = { id: 'thanks', title: t('Thank you!', 'Tak!', 'Vielen Dank!'), body: t('Your answer helps us get better.', 'Dit svar hjælper os med at blive bedre.', 'Ihre Antwort hilft uns, besser zu werden.') };

export const SURVEY_TEMPLATES: SurveyTemplate[] = [
  {
    key: 'post-purchase-nps',
    name: t('Post-purchase NPS', 'NPS efter køb', 'NPS nach dem Kauf'),
    description: t('Net Promoter Score after an order, with a follow-up by score.', 'Net Promoter Score efter en ordre, med opfølgning efter score.', 'Net Promoter Score nach einer Bestellung, mit Nachfrage je nach Wert.'),
    survey: {
      name: 'Post-purchase NPS', touchpoint: 'post-purchase', channel: 'email', languages: ['en', 'da', 'de'], hiddenFields: ['orderId'],
      questions: [
        { id: 'nps', type: 'nps', required: true, text: t('How likely are you to recommend us to a friend or colleague?', 'Hvor sandsynligt er det, at du vil anbefale os til en ven eller kollega?', 'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?') },
        { id: 'improve', type: 'text', text: t('What could we do better?', 'Hvad kunne vi gøre bedre?', 'Was könnten wir besser machen?'), logic: { show: lte('nps', 8), jumps: [] } },
        { id: 'love', type: 'text', text: t('What did you like most?', 'Hvad kunne du bedst lide?', 'Was hat Ihnen am besten gefallen?'), logic: { show: gte('nps', 9), jumps: [] } },
      ],
      endings: [thanks],
    },
  },
  {
    key: 'support-csat',
    name: t('Support CSAT', 'Support-tilfredshed (CSAT)', 'Support-Zufriedenheit (CSAT)'),
    description: t('Customer satisfaction after a support case.', 'Kundetilfredshed efter en supportsag.', 'Kundenzufriedenheit nach einem Supportfall.'),
    survey: {
      name: 'Support CSAT', touchpoint: 'support', channel: 'email', languages: ['en', 'da', 'de'], hiddenFields: ['caseId', 'agent', 'team'],
      questions: [
        { id: 'csat', type: 'csat', required: true, text: t('How satisfied are you with the help you received?', 'Hvor tilfreds er du med den hjælp, du fik?', 'Wie zufrieden sind Sie mit der erhaltenen Hilfe?') },
        { id: 'resolved', type: 'single_choice', text: t('Was your issue resolved?', 'Blev dit problem løst?', 'Wurde Ihr Problem gelöst?'),
          options: [{ id: 'yes', label: t('Yes', 'Ja', 'Ja') }, { id: 'partly', label: t('Partly', 'Delvist', 'Teilweise') }, { id: 'no', label: t('No', 'Nej', 'Nein') }] },
        { id: 'comment', type: 'text', text: t('Anything else you want to tell us?', 'Er der andet, du vil fortælle os?', 'Möchten Sie uns noch etwas sagen?') },
      ],
      endings: [thanks],
    },
  },
  {
    key: 'ces-after-case',
    name: t('Customer Effort Score after a case', 'Customer Effort Score efter en sag', 'Customer Effort Score nach einem Fall'),
    description: t('How easy it was to get an issue handled.', 'Hvor nemt det var at få en sag løst.', 'Wie einfach es war, ein Anliegen zu klären.'),
    survey: {
      name: 'CES after a case', touchpoint: 'support', channel: 'email', languages: ['en', 'da', 'de'], hiddenFields: ['caseId', 'agent'],
      questions: [
        { id: 'ces', type: 'ces', required: true, text: t('How easy was it to get your issue handled?', 'Hvor nemt var det at få løst din sag?', 'Wie einfach war es, Ihr Anliegen zu klären?') },
        { id: 'hardest', type: 'text', text: t('What was the hardest part?', 'Hvad var det sværeste?', 'Was war am schwierigsten?'), logic: { show: lte('ces', 4), jumps: [] } },
      ],
      endings: [thanks],
    },
  },
  {
    key: 'exit-churn',
    name: t('Exit survey (churn reasons)', 'Exit-undersøgelse (årsager til opsigelse)'),
    description: t('Why customers leave, asked when they cancel.', 'Hvorfor kunder forlader jer, spurgt når de opsiger.'),
    survey: {
      name: 'Exit survey', touchpoint: 'churn', channel: 'email', languages: ['en', 'da'],
      questions: [
        { id: 'reason', type: 'single_choice', required: true, allowOther: true, randomize: true, text: t('What is the main reason you are leaving?', 'Hvad er hovedårsagen til, at du forlader os?'),
          otherLabel: t('Something else', 'Noget andet'),
          options: [
            { id: 'price', label: t('Too expensive', 'For dyrt') },
            { id: 'competitor', label: t('Switching to a competitor', 'Skifter til en konkurrent') },
            { id: 'features', label: t('Missing features', 'Mangler funktioner') },
            { id: 'quality', label: t('Quality or reliability', 'Kvalitet eller driftssikkerhed') },
            { id: 'service', label: t('Customer service', 'Kundeservice') },
            { id: 'no-need', label: t('No longer needed', 'Har ikke længere brug for det') },
          ] },
        { id: 'winback', type: 'text', text: t('What would have made you stay?', 'Hvad ville have fået dig til at blive?') },
        { id: 'nps', type: 'nps', text: t('How likely are you to recommend us anyway?', 'Hvor sandsynligt er det, at du alligevel vil anbefale os?') },
      ],
      endings: [{ id: 'bye', title: t('Thank you, and goodbye for now', 'Tak, og på gensyn') }],
    },
  },
  {
    key: 'onboarding-usability',
    name: t('Onboarding and usability', 'Onboarding og brugervenlighed'),
    description: t('How the first weeks went, and what was hard.', 'Hvordan de første uger gik, og hvad der var svært.'),
    survey: {
      name: 'Onboarding', touchpoint: 'onboarding', channel: 'email', languages: ['en', 'da'],
      questions: [
        { id: 'ease', type: 'rating', style: 'stars', required: true, text: t('How easy was it to get started?', 'Hvor nemt var det at komme i gang?') },
        { id: 'goal', type: 'single_choice', text: t('Did you achieve what you set out to do?', 'Nåede du det, du ville?'),
          options: [{ id: 'yes', label: t('Yes', 'Ja') }, { id: 'partly', label: t('Partly', 'Delvist') }, { id: 'no', label: t('No', 'Nej') }] },
        { id: 'blockers', type: 'multiple_choice', allowOther: true, text: t('What slowed you down?', 'Hvad forsinkede dig?'),
          options: [
            { id: 'setup', label: t('Setup', 'Opsætning') },
            { id: 'docs', label: t('Documentation', 'Dokumentation') },
            { id: 'ui', label: t('Finding my way around', 'At finde rundt') },
            { id: 'import', label: t('Importing data', 'Import af data') },
          ] },
        { id: 'ces', type: 'ces', text: t('Overall, how easy is the product to use?', 'Alt i alt, hvor nemt er produktet at bruge?') },
        { id: 'contact', type: 'contact', fields: ['name', 'email'], text: t('May we contact you about your answers?', 'Må vi kontakte dig om dine svar?') },
      ],
      endings: [thanks],
    },
  },
  {
    key: 'feature-request',
    name: t('Feature request', 'Ønske om funktion'),
    description: t('What customers want next, and how much it matters.', 'Hvad kunderne ønsker sig, og hvor meget det betyder.'),
    survey: {
      name: 'Feature request', touchpoint: 'product', channel: 'website', languages: ['en', 'da'],
      questions: [
        { id: 'idea', type: 'text', required: true, text: t('What would you like us to build?', 'Hvad vil du gerne have, at vi bygger?') },
        { id: 'importance', type: 'rating', style: 'numbers', scale: { min: 1, max: 5 }, text: t('How important is it to you?', 'Hvor vigtigt er det for dig?') },
        { id: 'area', type: 'single_choice', text: t('Which area is it about?', 'Hvilket område handler det om?'),
          options: [{ id: 'reports', label: t('Reports', 'Rapporter') }, { id: 'integrations', label: t('Integrations', 'Integrationer') }, { id: 'mobile', label: t('Mobile', 'Mobil') }, { id: 'other', label: t('Other', 'Andet') }] },
      ],
      endings: [thanks],
    },
  },
];

/** Keeps only the given languages in every localized text of a template (and drops the others). */
export function templateIn(template: SurveyTemplate, languages: string[]): TSurveyInput {
  const pick = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(pick);
    if (!v || typeof v !== 'object') return v;
    const entries = Object.entries(v as Record<string, unknown>);
    const isLocalized = entries.length > 0 && entries.every(([k, x]) => typeof x === 'string' && /^[a-z]{2}$/.test(k)) && 'en' in (v as object);
    if (isLocalized) return Object.fromEntries(entries.filter(([k]) => languages.includes(k)));
    return Object.fromEntries(entries.map(([k, x]) => [k, pick(x)]));
  };
  const survey = pick(template.survey) as TSurveyInput;
  return { ...survey, languages, defaultLanguage: languages[0] };
}

/** The languages a template ships. */
export const templateLanguages = (template: SurveyTemplate): string[] => template.survey.languages;
