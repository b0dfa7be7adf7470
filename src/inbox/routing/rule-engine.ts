import type { TRuleActions, TRuleCondition } from './routing.schemas.js';

export const PRIORITY_ORDER = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITY_ORDER)[number];

/** What rules are evaluated against: one new inbound message, what the text engine read in it, its sender. */
export interface RoutingFacts {
  text: string;
  channel: string;
  language: string | null;
  sentiment: 'negative' | 'neutral' | 'positive';
  /** −1 … +1 */
  score: number;
  themes: string[];
  isFeatureRequest: boolean;
  customer: {
    traits: Record<string, number | string | null>;
    attributes: Record<string, unknown>;
    segmentIds: string[];
  } | null;
  /** Negative messages on the same theme (or channel) in the last hour, this one included. */
  similarInLastHour: number;
}

export interface RuleLike {
  id: string;
  match: 'all' | 'any';
  conditions: TRuleCondition[];
  actions: TRuleActions;
}

export interface RoutingOutcome {
  tags: string[];
  priority: Priority | null;
  team: string | null;
  assigneeId: string | null;
  matched: string[];
}

/** Lower-case without accents, so "Rückerstattung" matches "ruckerstattung" and "Café" matches "cafe". */
export const fold = (s: string): string => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

// Scripts written without spaces between words: there a keyword is found anywhere in the text.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether a keyword or phrase occurs as whole words (any run of spaces between a phrase's words). */
export function containsPhrase(foldedText: string, phrase: string): boolean {
  const p = fold(phrase).trim();
  if (!p) return false;
  if (UNSPACED.test(p)) return foldedText.includes(p);
  const pattern = p.split(/\s+/).map(escape).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${pattern}(?![\\p{L}\\p{N}])`, 'u').test(foldedText);
}

const inList = (value: string | null | undefined, list: string[]) => value != null && list.some((x) => fold(x) === fold(String(value)));
const inRange = (v: unknown, min?: number, max?: number) => typeof v === 'number' && (min === undefined || v >= min) && (max === undefined || v <= max);

export function conditionHolds(c: TRuleCondition, f: RoutingFacts, foldedText = fold(f.text)): boolean {
  switch (c.field) {
    case 'text':
      return c.anyOf.some((p) => containsPhrase(foldedText, p));
    case 'sentiment':
      return f.sentiment === c.is;
    case 'sentimentScore':
      return inRange(f.score, c.min, c.max);
    case 'theme':
      return f.themes.some((t) => inList(t, c.anyOf));
    case 'featureRequest':
      return f.isFeatureRequest === c.is;
    case 'channel':
      return inList(f.channel, c.anyOf);
    case 'language':
      return inList(f.language, c.anyOf);
    case 'trait':
      return inRange(f.customer?.traits[c.key], c.min, c.max);
    case 'traitIs':
      return inList(f.customer?.traits[c.key] as string | null | undefined, c.anyOf);
    case 'attribute': {
      const v = f.customer?.attributes[c.key];
      if (v === undefined || v === null || v === '') return false;
      return c.anyOf ? inList(String(v), c.anyOf) : true;
    }
    case 'segment':
      return !!f.customer && c.anyOf.some((id) => f.customer!.segmentIds.includes(id));
    case 'similarInLastHour':
      return f.similarInLastHour >= c.min;
  }
}

/**
 * Runs the rules in order against one message. Every matching rule adds its tags; priority only ever
 * rises; the first matching rule that names a team (or assignee) decides it, so a later, broader rule
 * cannot take a conversation away from the team an earlier, more specific one chose.
 */
export function evaluateRules(rules: RuleLike[], f: RoutingFacts): RoutingOutcome {
  const out: RoutingOutcome = { tags: [], priority: null, team: null, assigneeId: null, matched: [] };
  const folded = fold(f.text);
  for (const r of rules) {
    const hits = r.conditions.map((c) => conditionHolds(c, f, folded));
    if (!(r.match === 'all' ? hits.every(Boolean) : hits.some(Boolean))) continue;
    out.matched.push(r.id);
    for (const t of r.actions.tags ?? []) if (!out.tags.includes(t.toLowerCase())) out.tags.push(t.toLowerCase());
    if (r.actions.priority && (!out.priority || PRIORITY_ORDER.indexOf(r.actions.priority) > PRIORITY_ORDER.indexOf(out.priority))) out.priority = r.actions.priority;
    out.team ??= r.actions.team ?? null;
    out.assigneeId ??= r.actions.assigneeId ?? null;
  }
  return out;
}

/** The higher of two priorities. */
export const higherPriority = (a: Priority, b: Priority | null): Priority => (b && PRIORITY_ORDER.indexOf(b) > PRIORITY_ORDER.indexOf(a) ? b : a);
