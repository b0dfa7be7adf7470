import type { Db } from '../../platform/db/client.js';
import { getCustomerAttributeValues } from '../../customers/customer-groups.js';

/** A categorical attribute with more values than this would spread the answers over too many dummies. */
export const MAX_LEVELS = 8;

/** One candidate predictor group of the key-driver regression, whatever it comes from. */
export interface DriverCandidate {
  key: string;
  label: string;
  type: 'csat' | 'ces' | 'rating' | 'single_choice' | 'number' | 'boolean' | 'category';
  source: 'question' | 'attribute';
  /** Responses that have a value for it. */
  coverage: number;
  /** For an attribute level's dummy: the level every other level is compared with. */
  reference?: string;
  /** Whether a direction (sign of the correlation) means something: not for a multi-dummy choice question. */
  hasDirection: boolean;
  /** The predictor columns of response i, or null when it has no value. */
  cols: (i: number) => number[] | null;
}

/**
 * Candidate drivers from typed custom attributes of the respondents: a number as it is, a boolean as 0/1,
 * a text attribute with at most MAX_LEVELS values as one dummy per level except the most common one (the
 * reference), each its own driver named "Plan = Pro" so its share and direction read against the reference.
 * Dates, and text with more levels, are excluded with the reason. Unknown keys are a 422 (customers domain).
 */
export async function attributeCandidates(db: Db, workspaceId: string, keys: string[], customerIds: (string | null)[]): Promise<{ candidates: DriverCandidate[]; excluded: { key: string; reason: string }[] }> {
  const ids = [...new Set(customerIds.filter((c): c is string => c !== null))];
  const { definitions, values } = await getCustomerAttributeValues(db, workspaceId, keys, ids);
  const valueAt = (i: number, key: string) => {
    const c = customerIds[i];
    return c === null ? undefined : values.get(c)?.[key];
  };
  const n = customerIds.length;
  const candidates: DriverCandidate[] = [];
  const excluded: { key: string; reason: string }[] = [];
  for (const d of definitions) {
    const key = `attribute:${d.key}`;
    if (d.type === 'date') {
      excluded.push({ key, reason: 'date attributes are not drivers (use a number such as months since)' });
    } else if (d.type === 'number' || d.type === 'boolean') {
      const read = (i: number): number[] | null => {
        const v = valueAt(i, d.key);
        if (d.type === 'number') return typeof v === 'number' && Number.isFinite(v) ? [v] : null;
        return typeof v === 'boolean' ? [v ? 1 : 0] : null;
      };
      let coverage = 0;
      for (let i = 0; i < n; i++) if (read(i)) coverage++;
      candidates.push({ key, label: d.label, type: d.type, source: 'attribute', coverage, hasDirection: true, cols: read });
    } else {
      const counts = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        const v = valueAt(i, d.key);
        if (typeof v === 'string') counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      if (counts.size > MAX_LEVELS) {
        excluded.push({ key, reason: `${counts.size} different values (at most ${MAX_LEVELS} enter as categories)` });
        continue;
      }
      // Most common first (ties by name, so the reference is stable): it is the reference level.
      const levels = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([l]) => l);
      const coverage = [...counts.values()].reduce((s, c) => s + c, 0);
      if (levels.length < 2) {
        excluded.push({ key, reason: coverage ? 'every respondent has the same value' : `no respondent has a value` });
        continue;
      }
      for (const level of levels.slice(1)) {
        candidates.push({
          key: `${key}=${level}`, label: `${d.label} = ${level}`, type: 'category', source: 'attribute', coverage, reference: levels[0], hasDirection: true,
          cols: (i) => {
            const v = valueAt(i, d.key);
            return typeof v === 'string' ? [v === level ? 1 : 0] : null;
          },
        });
      }
    }
  }
  return { candidates, excluded };
}
