import type { ModelInputRow } from '../../customers/analytics-export.service.js';
import type { ChurnFeatureSpec } from './churn.tables.js';

/**
 * How customers become model inputs. Typed custom attributes (numbers, booleans, text as one-hot
 * categories), profile fields, computed traits, survey scores and event counts by type. Every column
 * is standardised with the training rows' mean and sd, so coefficients compare as importances and a
 * missing value (imputed with the mean) adds nothing to a score.
 */

export type AttributeTypes = ReadonlyMap<string, 'string' | 'number' | 'boolean' | 'date'>;
type Raw = string | number | boolean | null;

export const CATEGORY_FIELDS = { country: 'country', language: 'language', gender: 'gender', age_band: 'ageBand', income_band: 'incomeBand', lifecycle_stage: 'lifecycleStage' } as const;
/** Counts and money: skewed, so they enter as log(1 + x). */
export const LOG_TRAITS = { order_count: 'orderCount', total_spend: 'totalSpend', avg_order_value: 'avgOrderValue', refund_total: 'refundTotal', support_cases: 'supportCases', open_support_cases: 'openSupportCases', event_count: 'eventCount' } as const;
export const NUMBER_TRAITS = { nps_score: 'npsScore', csat_score: 'csatScore', ces_score: 'cesScore', days_since_activity: 'daysSinceLastActivity', days_since_purchase: 'daysSinceLastPurchase' } as const;
type CategoryField = keyof typeof CATEGORY_FIELDS;
type TraitKey = keyof typeof LOG_TRAITS | keyof typeof NUMBER_TRAITS;

const MAX_CATEGORIES = 12;
const MAX_EVENT_TYPES = 20;

export interface FeatureOptions {
  /** Sources left out: the label attribute, and what defines "lost" when that is the label. */
  exclude: ReadonlySet<string>;
}

/** The raw value a spec reads from a customer (null when missing). */
export function rawValue(row: ModelInputRow, spec: Pick<ChurnFeatureSpec, 'source' | 'key'>): Raw {
  switch (spec.source) {
    case 'attribute':
      return row.attributes[spec.key] ?? null;
    case 'field':
      return row[spec.key as CategoryField] ?? null;
    case 'trait':
      return row[spec.key as TraitKey] ?? null;
    case 'event':
      return row.event_counts?.[spec.key] ?? 0;
  }
}

const isMissing = (v: Raw) => v === null || (typeof v === 'string' && v.trim() === '');

/** The number one spec makes of a customer before standardising (NaN: missing, imputed later). */
function numeric(row: ModelInputRow, spec: Pick<ChurnFeatureSpec, 'source' | 'key' | 'kind' | 'category'>): number {
  const v = rawValue(row, spec);
  if (spec.kind === 'missing') return isMissing(v) ? 1 : 0;
  if (spec.kind === 'category') return isMissing(v) ? 0 : String(v).trim() === spec.category ? 1 : 0;
  if (isMissing(v)) return Number.NaN;
  if (spec.kind === 'boolean') return typeof v === 'boolean' ? (v ? 1 : 0) : Number.NaN;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) return Number.NaN;
  return spec.kind === 'log' ? Math.log1p(Math.max(0, n)) : n;
}

type Candidate = Omit<ChurnFeatureSpec, 'mean' | 'sd' | 'coefficient'>;

function categoryCandidates(rows: ModelInputRow[], source: 'attribute' | 'field', key: string, group: string): Candidate[] {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const v = rawValue(r, { source, key });
    if (!isMissing(v)) counts.set(String(v).trim(), (counts.get(String(v).trim()) ?? 0) + 1);
  }
  // A category seen by fewer than 1 % (at least 5) of customers is noise, and ids are all such.
  const floor = Math.max(5, rows.length * 0.01);
  return [...counts.entries()]
    .filter(([, n]) => n >= floor)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_CATEGORIES)
    .map(([category]) => ({ name: `${group} = ${category}`, group, source, key, kind: 'category', category }));
}

/** A numeric source, plus a "missing" indicator when it is missing for a real share of customers. */
function numberCandidates(rows: ModelInputRow[], c: Candidate): Candidate[] {
  const missing = rows.filter((r) => Number.isNaN(numeric(r, c))).length / Math.max(1, rows.length);
  const out = missing < 0.98 ? [c] : [];
  if (missing > 0.02 && missing < 0.98) out.push({ ...c, name: `${c.group} (missing)`, kind: 'missing' });
  return out;
}

/** Chooses and standardises the columns from the training rows (coefficients are filled in by the fit). */
export function buildFeatureSpecs(rows: ModelInputRow[], types: AttributeTypes, opts: FeatureOptions): ChurnFeatureSpec[] {
  const candidates: Candidate[] = [];
  for (const [key, type] of [...types.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (opts.exclude.has(key)) continue;
    if (type === 'string') candidates.push(...categoryCandidates(rows, 'attribute', key, key));
    if (type === 'number' || type === 'boolean') {
      candidates.push(...numberCandidates(rows, { name: key, group: key, source: 'attribute', key, kind: type }));
    }
  }
  for (const [key, group] of Object.entries(CATEGORY_FIELDS)) {
    if (!opts.exclude.has(group)) candidates.push(...categoryCandidates(rows, 'field', key, group));
  }
  for (const [key, group] of [...Object.entries(LOG_TRAITS), ...Object.entries(NUMBER_TRAITS)]) {
    if (opts.exclude.has(group)) continue;
    const kind = key in LOG_TRAITS ? 'log' : 'number';
    candidates.push(...numberCandidates(rows, { name: group, group, source: 'trait', key, kind }));
  }
  const eventTypes = new Map<string, number>();
  for (const r of rows) for (const t of Object.keys(r.event_counts ?? {})) eventTypes.set(t, (eventTypes.get(t) ?? 0) + 1);
  for (const [type] of [...eventTypes.entries()].filter(([, n]) => n >= rows.length * 0.01).sort((a, b) => b[1] - a[1]).slice(0, MAX_EVENT_TYPES)) {
    const group = `events: ${type}`;
    if (!opts.exclude.has(group)) candidates.push({ name: group, group, source: 'event', key: type, kind: 'log' });
  }
  const specs: ChurnFeatureSpec[] = [];
  for (const c of candidates) {
    let sum = 0;
    let sumSq = 0;
    let n = 0;
    for (const r of rows) {
      const v = numeric(r, c);
      if (Number.isNaN(v)) continue;
      sum += v;
      sumSq += v * v;
      n++;
    }
    if (n === 0) continue;
    const mean = sum / n;
    const sd = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
    // A column that never varies carries no information and would make the fit singular.
    if (sd > 1e-9) specs.push({ ...c, mean, sd, coefficient: 0 });
  }
  return specs;
}

/** The standardised input vector of one customer (missing values sit at the mean, i.e. 0). */
export function encode(row: ModelInputRow, specs: readonly ChurnFeatureSpec[]): Float64Array {
  const x = new Float64Array(specs.length);
  for (let j = 0; j < specs.length; j++) {
    const v = numeric(row, specs[j]);
    x[j] = Number.isNaN(v) ? 0 : (v - specs[j].mean) / specs[j].sd;
  }
  return x;
}

export interface Factor {
  factor: string;
  value: Raw;
  effect: number;
}

/**
 * Why a customer scored as they did: each source's summed contribution (coefficient × standardised
 * value, in log-odds against an average customer), the largest `top` in absolute size.
 */
export function explain(row: ModelInputRow, specs: readonly ChurnFeatureSpec[], x: ArrayLike<number>, top = 3): Factor[] {
  const byGroup = new Map<string, { spec: ChurnFeatureSpec; effect: number }>();
  for (let j = 0; j < specs.length; j++) {
    const g = byGroup.get(specs[j].group);
    const effect = specs[j].coefficient * x[j];
    if (g) g.effect += effect;
    else byGroup.set(specs[j].group, { spec: specs[j], effect });
  }
  return [...byGroup.entries()]
    .filter(([, g]) => Math.abs(g.effect) > 1e-6)
    .sort((a, b) => Math.abs(b[1].effect) - Math.abs(a[1].effect))
    .slice(0, top)
    .map(([group, g]) => ({ factor: group, value: rawValue(row, g.spec), effect: Math.round(g.effect * 1000) / 1000 }));
}

/** Importance of each source: the sum of its columns' absolute standardised coefficients, as shares of the total. */
export function importances(specs: readonly ChurnFeatureSpec[]): { name: string; importance: number; direction: 'raises' | 'lowers' | 'mixed' }[] {
  const groups = new Map<string, { sum: number; pos: number; neg: number }>();
  for (const s of specs) {
    const g = groups.get(s.group) ?? { sum: 0, pos: 0, neg: 0 };
    g.sum += Math.abs(s.coefficient);
    if (s.coefficient > 0) g.pos += s.coefficient;
    else g.neg -= s.coefficient;
    groups.set(s.group, g);
  }
  const total = [...groups.values()].reduce((a, g) => a + g.sum, 0) || 1;
  return [...groups.entries()]
    .map(([name, g]) => ({
      name,
      importance: Math.round((g.sum / total) * 10000) / 10000,
      direction: (g.neg === 0 ? 'raises' : g.pos === 0 ? 'lowers' : s(g)) as 'raises' | 'lowers' | 'mixed',
    }))
    .sort((a, b) => b.importance - a.importance);
}

// A one-hot group with both signs: call it by the larger side only when it clearly dominates.
const s = (g: { pos: number; neg: number }) => (g.pos > 2 * g.neg ? 'raises' : g.neg > 2 * g.pos ? 'lowers' : 'mixed');
