import type { TEventInput } from '../customers/customers.schemas.js';
import type { CommentSource, Sentiment } from './demo-comments.js';
import { CANCEL_REASONS, PRODUCTS, SUPPORT_TEAMS, SUPPORT_TOPICS } from './demo-markets.js';
import { PURCHASES, type DemoPerson } from './demo-people.js';
import type { Random } from './demo-random.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface PersonHistory {
  /** Everything but the sign-up of a visitor who browsed anonymously first. */
  events: TEventInput[];
  /** That sign-up: it names the visitor id and the customer, so it merges the two profiles. */
  identify?: TEventInput;
}

const SITE_PAGES = ['/', '/new-arrivals', '/women/jackets', '/men/sweaters', '/sale', '/stores', '/help/returns', '/account/orders', '/product/kb-312', '/product/kb-118'];
const PURCHASE_CHANNELS = [['web', 55], ['app', 25], ['store', 20]] as const;
const SUPPORT_CHANNELS = [['email', 40], ['chat', 30], ['phone', 20], ['social', 10]] as const;

const clampScore = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

function sentimentOf(metric: 'nps' | 'csat' | 'ces', score: number): Sentiment {
  if (metric === 'nps') return score >= 9 ? 'positive' : score <= 6 ? 'negative' : 'neutral';
  if (metric === 'csat') return score >= 4 ? 'positive' : score <= 2 ? 'negative' : 'neutral';
  return score >= 5 ? 'positive' : score <= 3 ? 'negative' : 'neutral';
}

/**
 * A customer's history as events: sign-up, page views, purchases (some refunded), subscriptions,
 * support cases opened and resolved by a team, survey invitations and NPS/CSAT/CES answers with
 * comments in the customer's language. Times stay inside the person's active windows, before `now`.
 */
export function makeHistory(r: Random, p: DemoPerson, comments: CommentSource, now: number, seed: number): PersonHistory {
  const events: TEventInput[] = [];
  const who = { externalId: p.profile.externalId };
  const latest = now - HOUR;
  let n = 0;
  const add = (type: string, at: number, rest: Omit<TEventInput, 'type' | 'customer' | 'occurredAt' | 'id'> = {}, customer: TEventInput['customer'] = who) => {
    const e: TEventInput = { id: `demo-${seed}-${p.index}-${n++}`, type, customer, occurredAt: new Date(Math.min(at, latest)).toISOString(), ...rest };
    events.push(e);
    return e;
  };
  const inWindow = () => {
    const [a, b] = r.pick(p.windows);
    return r.between(a, b);
  };
  const lastActive = p.windows[p.windows.length - 1][1];
  const { market } = p;
  const plan = p.profile.attributes.plan as string;
  const source = p.profile.attributes.signupSource as string;
  const survey = (metric: 'nps' | 'csat' | 'ces', at: number, surveyName: string, touchpoint: string, bias = 0) => {
    if (!p.profile.surveyConsent) return;
    add('survey_invitation', at, { channel: 'email', touchpoint, properties: { surveyName, metric } });
    if (!r.chance(0.7)) return;
    const h = Math.min(1, Math.max(0, p.happiness + bias + r.around(0, 0.15)));
    const score = metric === 'nps' ? clampScore(h * 10.4 - 0.2, 0, 10) : metric === 'csat' ? clampScore(1 + h * 4.3, 1, 5) : clampScore(1 + h * 6.3, 1, 7);
    const properties: Record<string, unknown> = { metric, score, surveyName };
    if (r.chance(metric === 'nps' ? 0.55 : 0.35)) properties.comment = comments.pick(market.language, sentimentOf(metric, score), r.next);
    add('survey_response', at + r.between(0.1, 2.5) * DAY, { channel: 'email', touchpoint, properties });
  };

  // Browsing before sign-up: anonymous for visitors we later recognise.
  const visitor = p.anonymousId ? { anonymousId: p.anonymousId } : who;
  for (let i = p.anonymousId ? r.int(2, 4) : r.int(0, 1); i > 0; i--) {
    add('page_view', p.signupAt - r.between(0.2, 6) * DAY, { channel: 'web', touchpoint: 'website', properties: { url: r.pick(SITE_PAGES) } }, visitor);
  }
  const signupChannel = source === 'store' ? 'store' : r.chance(0.3) ? 'app' : 'web';
  add('signup', p.signupAt, { channel: signupChannel, touchpoint: 'onboarding', properties: { source, plan } }, p.anonymousId ? { ...who, anonymousId: p.anonymousId } : who);
  // Held back and sent after the anonymous browsing is stored, so it links two existing profiles.
  const identify = p.anonymousId ? events.pop() : undefined;
  if (plan !== 'free') add('subscription_started', p.signupAt + r.between(0, 3) * DAY, { channel: signupChannel, touchpoint: 'onboarding', properties: { plan } });

  for (let i = r.int(1, 5); i > 0; i--) {
    add('page_view', inWindow(), { channel: r.chance(0.7) ? 'web' : 'app', touchpoint: 'website', properties: { url: r.pick(SITE_PAGES) } });
  }
  // The last thing an active customer did, so lifecycle stages follow the archetype.
  add('page_view', lastActive, { channel: 'web', touchpoint: 'website', properties: { url: r.pick(SITE_PAGES) } });

  let orders = 0;
  for (const [a, b] of p.windows) {
    const [lo, hi] = PURCHASES[p.archetype];
    for (let i = r.int(lo, hi); i > 0; i--) {
      const at = i === 1 && b === lastActive && r.chance(0.6) ? lastActive : r.between(a, b);
      const first = r.int(0, PRODUCTS.length - 1);
      // Distinct products: consecutive ones from a random start.
      const items = Array.from({ length: r.weighted([[1, 60], [2, 30], [3, 10]] as const) }, (_, k) => PRODUCTS[(first + k * 3) % PRODUCTS.length]);
      const major = items.reduce((s, item) => s + r.between(market.orderValue.min, market.orderValue.max) * item.share, 0);
      const amount = Math.round(major) * 100 - (r.chance(0.6) ? 5 : 0);
      const orderId = `SO-${seed}-${p.index}-${++orders}`;
      const channel = r.weighted(PURCHASE_CHANNELS);
      add('purchase', at, {
        channel,
        touchpoint: channel === 'store' ? 'store_checkout' : 'checkout',
        properties: { orderId, amount, currency: market.currency, items: items.map((it) => ({ sku: it.sku, name: it.name, quantity: 1 })) },
      });
      if (r.chance(0.06)) {
        add('refund', at + r.between(4, 20) * DAY, { channel: 'web', touchpoint: 'returns', properties: { orderId, amount: r.chance(0.7) ? amount : Math.round(amount / 2), currency: market.currency, reason: r.pick(['wrong_size', 'damaged', 'changed_mind']) } });
      }
      if (r.chance(0.45)) survey('nps', at + r.between(1, 4) * DAY, 'Post-purchase NPS', 'delivery');
    }
  }

  const supportChance = p.archetype === 'at_risk' || p.archetype === 'churned' ? 0.55 : 0.3;
  if (r.chance(supportChance)) {
    for (let i = r.int(1, 3); i > 0; i--) {
      const opened = inWindow();
      const caseId = `CASE-${seed}-${p.index}-${i}`;
      const team = r.pick(SUPPORT_TEAMS);
      const channel = r.weighted(SUPPORT_CHANNELS);
      add('support_case_opened', opened, { channel, touchpoint: 'support', properties: { caseId, team, topic: r.pick(SUPPORT_TOPICS), contacts: 1 } });
      // Recent cases may still be open; older ones were resolved within days.
      if (now - opened < 5 * DAY && r.chance(0.5)) continue;
      const resolved = opened + r.between(0.1, 6) * DAY;
      add('support_case_resolved', resolved, { channel, touchpoint: 'support', properties: { caseId, team, contacts: r.int(1, 5) } });
      const bias = p.happiness < 0.5 ? -0.1 : 0;
      if (r.chance(0.6)) survey('csat', resolved + 0.2 * DAY, 'Support satisfaction', 'support', bias);
      if (r.chance(0.35)) survey('ces', resolved + 0.3 * DAY, 'Customer effort', 'support', bias);
    }
  }

  if (p.archetype === 'churned' && plan !== 'free') {
    add('subscription_cancelled', lastActive - r.between(0, 3) * DAY, { channel: 'web', touchpoint: 'account', properties: { reason: r.pick(CANCEL_REASONS) } });
  }
  // Points follow what was spent; very loyal, well-spending customers are flagged VIP.
  const spent = events.filter((e) => e.type === 'purchase').reduce((s, e) => s + Number(e.properties?.amount ?? 0), 0) / 100;
  p.profile.attributes.loyaltyPoints = Math.round(spent / (market.orderValue.min / 10));
  p.profile.attributes.vip = orders >= 6 && p.happiness > 0.7;
  return { events, identify };
}
