import type { TNewPersona } from '../customers/personas/personas.schemas.js';
import type { TNewSegment } from '../customers/segments/segments.schemas.js';

/**
 * The segments a demo workspace starts with. Money thresholds are in minor units of the
 * workspace's base currency, so `dkk` converts a Danish-krone amount to it.
 */
export function demoSegments(dkk: (minor: number) => number): TNewSegment[] {
  return [
    {
      name: 'High-value Danish customers',
      description: 'Customers in Denmark who have spent more than 5,000 kr.',
      rules: { all: [{ field: 'country', op: 'eq', value: 'DK' }, { field: 'totalSpend', op: 'gte', value: dkk(500_000) }] },
    },
    {
      name: 'Detractors',
      description: 'Gave 0–6 in their latest NPS answer: reach out before they leave.',
      rules: { all: [{ field: 'npsCategory', op: 'eq', value: 'detractor' }] },
    },
    {
      name: 'At risk with 2+ orders',
      description: 'Valuable customers who have gone quiet: no activity for 90 days.',
      rules: { all: [{ field: 'lifecycleStage', op: 'eq', value: 'at_risk' }, { field: 'orderCount', op: 'gte', value: 2 }] },
    },
    {
      name: 'Frequent buyers',
      description: 'Two or more purchases in the last 90 days.',
      rules: { all: [{ event: { type: 'purchase', withinDays: 90 }, measure: 'count', op: 'gte', value: 2 }] },
    },
    {
      name: 'Open support cases',
      description: 'Customers waiting for an answer from support right now.',
      rules: { all: [{ field: 'openSupportCases', op: 'gt', value: 0 }] },
    },
    {
      name: 'Premium plan, survey-friendly',
      description: 'Premium subscribers who agreed to surveys — the panel for new-feature research.',
      rules: { all: [{ attribute: 'plan', op: 'eq', value: 'premium' }, { field: 'surveyConsent', op: 'eq', value: true }] },
    },
  ];
}

export const DEMO_PERSONAS: TNewPersona[] = [
  {
    name: 'Loyal Lærke',
    description: 'A regular who buys several times a year, recommends the brand to friends and expects to be recognised.',
    avatar: 'preset:loyalist',
    demographics: { ageBand: '35-44', gender: 'female', incomeBand: 'medium', location: 'Aarhus, Denmark', occupation: 'Teacher', familyStatus: 'Married, two children' },
    goals: ['Find durable clothes for the whole family', 'Save time with quick re-orders'],
    motivations: ['Quality that lasts', 'Member benefits and early access'],
    painPoints: ['Out-of-stock sizes', 'Having to repeat herself to support'],
    preferredChannels: ['email', 'app', 'store'],
    rules: { all: [{ field: 'orderCount', op: 'gte', value: 4 }, { not: { field: 'npsCategory', op: 'eq', value: 'detractor' } }] },
  },
  {
    name: 'Busy Burak',
    description: 'A mobile-first professional who shops in short breaks and wants everything to just work.',
    avatar: 'preset:busy-professional',
    demographics: { ageBand: '25-34', gender: 'male', incomeBand: 'high', location: 'İstanbul, Türkiye', occupation: 'Software engineer' },
    goals: ['Order in under two minutes', 'Track deliveries without calling anyone'],
    motivations: ['Convenience', 'Fast delivery'],
    painPoints: ['Long checkout forms', 'Slow answers in chat'],
    preferredChannels: ['app', 'chat'],
    rules: { all: [{ attribute: 'preferredChannel', op: 'in', value: ['app', 'chat'] }, { field: 'incomeBand', op: 'eq', value: 'high' }] },
  },
  {
    name: 'Sceptical Sophie',
    description: 'Had a bad experience with a delivery or a refund and now doubts whether to stay.',
    avatar: 'preset:skeptic',
    demographics: { ageBand: '45-54', gender: 'female', incomeBand: 'medium', location: 'Lyon, France', occupation: 'Accountant' },
    goals: ['Get problems solved the first time', 'Be kept informed'],
    motivations: ['Fairness', 'Reliability'],
    painPoints: ['Late deliveries', 'Slow refunds', 'Being passed between teams'],
    preferredChannels: ['email', 'phone'],
    rules: {
      all: [
        { field: 'supportCases', op: 'gte', value: 1 },
        { any: [{ field: 'npsCategory', op: 'eq', value: 'detractor' }, { field: 'lifecycleStage', op: 'in', value: ['at_risk', 'churned'] }] },
      ],
    },
  },
  {
    name: 'Newcomer Mei',
    description: 'Signed up in the last month and is still finding out what the shop has to offer.',
    avatar: 'preset:newcomer',
    demographics: { ageBand: '18-24', gender: 'female', incomeBand: 'low', location: 'Shanghai, China', occupation: 'Student' },
    goals: ['Discover styles that fit her budget', 'Understand delivery and returns'],
    motivations: ['Trends', 'Welcome discounts'],
    painPoints: ['Unclear sizing', 'Shipping costs'],
    preferredChannels: ['social', 'app'],
    rules: { all: [{ field: 'lifecycleStage', op: 'eq', value: 'new' }] },
  },
];
