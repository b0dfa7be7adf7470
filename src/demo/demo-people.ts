import type { TCustomerInput } from '../customers/customers.schemas.js';
import { asciiName, MARKETS, PLANS, SIGNUP_SOURCES, type Market } from './demo-markets.js';
import type { Random } from './demo-random.js';

const DAY = 86_400_000;

/**
 * How a demo customer behaves over the ~18 months of history; the mix is chosen so every lifecycle
 * stage (new, active, at risk, churned, reactivated) shows up with a realistic share.
 */
export type Archetype = 'new' | 'loyal' | 'regular' | 'browser' | 'at_risk' | 'churned' | 'reactivated';

const ARCHETYPES: [Archetype, number][] = [
  ['new', 8], ['loyal', 18], ['regular', 24], ['browser', 10], ['at_risk', 14], ['churned', 20], ['reactivated', 6],
];

/** Mean satisfaction (0–1) per archetype: loyal customers are mostly promoters, churned ones detractors. */
const HAPPINESS: Record<Archetype, number> = { new: 0.78, loyal: 0.9, regular: 0.76, browser: 0.66, at_risk: 0.55, churned: 0.38, reactivated: 0.72 };

/** Purchases per active window, by archetype. */
export const PURCHASES: Record<Archetype, [number, number]> = { new: [0, 2], loyal: [4, 12], regular: [1, 4], browser: [0, 0], at_risk: [1, 5], churned: [0, 3], reactivated: [1, 3] };

export interface DemoPerson {
  index: number;
  market: Market;
  archetype: Archetype;
  /** 0–1: drives survey scores and how often comments are positive. */
  happiness: number;
  signupAt: number;
  /** Periods in which the customer was active (ms timestamps); a reactivated customer has two. */
  windows: [number, number][];
  /** Visitor id of browsing before sign-up, linked (and the profiles merged) when they sign up. */
  anonymousId?: string;
  profile: TCustomerInput & { externalId: string; attributes: Record<string, string | number | boolean> };
}

const ageBandOf = (age: number) => (age < 25 ? '18-24' : age < 35 ? '25-34' : age < 45 ? '35-44' : age < 55 ? '45-54' : age < 65 ? '55-64' : '65+');
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Sign-up time and active periods, in ms, for an archetype; all end before `now`. */
function activity(r: Random, archetype: Archetype, now: number): { signupAt: number; windows: [number, number][] } {
  const daysAgo = (lo: number, hi: number) => now - r.between(lo, hi) * DAY;
  switch (archetype) {
    case 'new': {
      const signupAt = daysAgo(2, 27);
      return { signupAt, windows: [[signupAt, Math.max(signupAt, daysAgo(0.05, 2))]] };
    }
    case 'loyal':
      return { signupAt: daysAgo(150, 540), windows: [] };
    case 'regular':
      return { signupAt: daysAgo(70, 540), windows: [] };
    case 'browser':
      return { signupAt: daysAgo(40, 360), windows: [] };
    case 'at_risk':
      return { signupAt: daysAgo(170, 540), windows: [] };
    case 'churned':
      return { signupAt: daysAgo(220, 540), windows: [] };
    case 'reactivated': {
      const signupAt = daysAgo(420, 540);
      const comeback = daysAgo(2, 25);
      return { signupAt, windows: [[signupAt, signupAt + r.between(20, 120) * DAY], [comeback, Math.min(now - 0.05 * DAY, comeback + r.between(0, 2) * DAY)]] };
    }
  }
}

/** How long ago each archetype was last active (days); new and reactivated set their windows above. */
const LAST_ACTIVE: Record<Exclude<Archetype, 'new' | 'reactivated'>, [number, number]> = {
  loyal: [0.1, 35], regular: [1, 80], browser: [0.2, 60], at_risk: [95, 170], churned: [190, 420],
};

function phoneOf(r: Random, m: Market): string {
  const lead = r.pick(m.phone.lead);
  const rest = Array.from({ length: m.phone.digits - (lead.length - 1) }, () => r.int(0, 9)).join('');
  return `${m.phone.prefix}${lead}${rest}`;
}

/**
 * Makes `count` people with culturally fitting names, cities, phones and e-mail addresses, a
 * behaviour archetype and custom attributes. Deterministic for a seed; e-mails are unique.
 */
export function makePeople(r: Random, count: number, now: number, seed: number): DemoPerson[] {
  const usedEmails = new Set<string>();
  const marketWeights = MARKETS.map((m) => [m, m.weight] as const);
  const people: DemoPerson[] = [];
  for (let index = 0; index < count; index++) {
    const market = r.weighted(marketWeights);
    const archetype = r.weighted(ARCHETYPES);
    const gender = r.weighted([['female', 49], ['male', 49], ['non-binary', 2]] as const);
    const firstNames = gender === 'male' ? market.firstNames.male : gender === 'female' ? market.firstNames.female : r.pick([market.firstNames.female, market.firstNames.male]);
    const first = r.pick(firstNames);
    const last = r.pick(market.lastNames);
    const name = market.familyFirst ? `${last}${first}` : `${first} ${last}`;
    const roman = (s: string) => market.romanised?.[s] ?? asciiName(s);
    const domain = r.pick(market.emailDomains);
    let local = market.familyFirst ? `${roman(last)}.${roman(first)}` : `${roman(first)}.${roman(last)}`;
    if (r.chance(0.35)) local += String(r.int(1, 99));
    while (usedEmails.has(`${local}@${domain}`)) local += String(r.int(0, 9));
    const email = `${local}@${domain}`;
    usedEmails.add(email);

    const { signupAt, windows } = activity(r, archetype, now);
    if (windows.length === 0) {
      const [lo, hi] = LAST_ACTIVE[archetype as keyof typeof LAST_ACTIVE];
      windows.push([signupAt, Math.max(signupAt + DAY, now - r.between(lo, hi) * DAY)]);
    }
    const age = Math.round(Math.min(82, Math.max(18, r.around(40, 22))));
    const birth = now - (age * 365.25 + r.between(0, 364)) * DAY;
    const plan = archetype === 'loyal' ? r.weighted([['basic', 2], ['plus', 4], ['premium', 4]] as const) : r.weighted(PLANS.map((p, i) => [p, [40, 25, 20, 15][i]] as const));
    const social = r.chance(0.3) ? { [r.pick(market.socialNetworks)]: `@${roman(first)}${roman(last).slice(0, 3)}${r.int(1, 999)}` } : undefined;

    people.push({
      index,
      market,
      archetype,
      happiness: Math.min(1, Math.max(0, r.around(HAPPINESS[archetype], 0.3))),
      signupAt,
      windows,
      anonymousId: r.chance(0.05) ? `anon-${seed}-${r.hex(12)}` : undefined,
      profile: {
        externalId: `C${String(10_000 + index)}`,
        email,
        phone: r.chance(0.7) ? phoneOf(r, market) : undefined,
        name,
        language: market.language,
        country: market.country,
        city: r.pick(market.cities),
        birthDate: r.chance(0.6) ? isoDate(birth) : undefined,
        ageBand: ageBandOf(age),
        gender,
        incomeBand: r.weighted([['low', 30], ['medium', 50], ['high', 20]] as const),
        marketingConsent: r.chance(0.62),
        surveyConsent: r.chance(0.9),
        social,
        attributes: {
          plan,
          signupSource: r.pick(SIGNUP_SOURCES),
          memberSince: isoDate(signupAt),
          preferredChannel: r.weighted([['email', 45], ['sms', 15], ['app', 20], ['phone', 8], ['chat', 12]] as const),
        },
      },
    });
  }
  return people;
}
