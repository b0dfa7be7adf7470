import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { Actor, AppContext } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import type { Sentiment } from './engine/sentiment.js';
import { addExamples, sentimentOfRating } from './text.service.js';
import { MAX_TEXTS_PER_CALL } from './text.schemas.js';

export const EXAMPLE_FIELDS = ['text', 'sentiment', 'language', 'rating', 'ignore'] as const;

export interface ExampleImportOptions {
  /** column → field (text, sentiment, language, rating) */
  mapping: Record<string, string>;
  /** a language for every row without one */
  language?: string;
  /** how a rating column reads: NPS 0–10 or CSAT 1–5 (passives and 3s are skipped) */
  scale?: 'nps' | 'csat';
  /** label values per sentiment, case-insensitive; defaults cover positive/pos/1, negative/neg/0/-1, neutral/neu */
  labels?: Partial<Record<Sentiment, string[]>>;
}

export interface ExampleImportResult {
  rows: number;
  stored: number;
  skipped: number;
  languages: Record<string, number>;
}

const DEFAULT_LABELS: Record<Sentiment, string[]> = { positive: ['positive', 'pos', '1', '+1'], negative: ['negative', 'neg', '0', '-1'], neutral: ['neutral', 'neu'] };

/**
 * Labelled texts from a CSV (e.g. rated reviews exported from another system) become training examples, in
 * batches of 1,000 through the same use case as the API. Rows without text or a clear label are skipped
 * and counted.
 */
export async function importTextExamples(ctx: AppContext, actor: Actor, file: string, opts: ExampleImportOptions): Promise<ExampleImportResult> {
  const byField = new Map<string, string>();
  for (const [column, field] of Object.entries(opts.mapping)) {
    if (!(EXAMPLE_FIELDS as readonly string[]).includes(field)) throw new AppError('validation_failed', `--map ${column}=${field}: the field must be one of ${EXAMPLE_FIELDS.join(', ')}.`);
    byField.set(field, column);
  }
  if (!byField.has('text')) throw new AppError('validation_failed', 'Map a column to text, e.g. --map review=text.');
  if (!byField.has('sentiment') && !byField.has('rating')) throw new AppError('validation_failed', 'Map a column to sentiment (--map label=sentiment) or to rating with --scale nps|csat.');
  if (byField.has('rating') && !opts.scale) throw new AppError('validation_failed', 'A rating column needs --scale nps or --scale csat.');
  const labels = new Map<string, Sentiment>();
  for (const s of ['positive', 'negative', 'neutral'] as const) for (const v of opts.labels?.[s] ?? DEFAULT_LABELS[s]) labels.set(v.trim().toLowerCase(), s);

  const result: ExampleImportResult = { rows: 0, stored: 0, skipped: 0, languages: {} };
  let batch: { text: string; sentiment: Sentiment; language?: string }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const r = await addExamples(ctx, actor, batch, 'import');
    result.stored += r.stored;
    for (const [l, n] of Object.entries(r.languages)) result.languages[l] = (result.languages[l] ?? 0) + n;
    batch = [];
  };
  const parser = createReadStream(file).pipe(parse({ columns: true, bom: true, relax_quotes: true, skip_empty_lines: true, relax_column_count: true }));
  let checkedHeader = false;
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    if (!checkedHeader) {
      const missing = [...byField.values()].filter((c) => !(c in record));
      if (missing.length) throw new AppError('validation_failed', `The file has no column ${missing.map((c) => `"${c}"`).join(', ')}; it has ${Object.keys(record).join(', ')}.`);
      checkedHeader = true;
    }
    result.rows++;
    const text = (record[byField.get('text') ?? ''] ?? '').trim().slice(0, 20_000);
    const ratingColumn = byField.get('rating');
    const rating = ratingColumn !== undefined ? Number(record[ratingColumn]) : NaN;
    const sentimentColumn = byField.get('sentiment');
    const sentiment =
      sentimentColumn !== undefined
        ? labels.get((record[sentimentColumn] ?? '').trim().toLowerCase())
        : Number.isFinite(rating) && opts.scale
          ? sentimentOfRating({ scale: opts.scale, value: rating })
          : null;
    if (!text || !sentiment || text === 'NA') {
      result.skipped++;
      continue;
    }
    const languageColumn = byField.get('language');
    const language = (languageColumn !== undefined ? record[languageColumn]?.trim() : '') || opts.language;
    batch.push({ text, sentiment, ...(language && /^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})?$/.test(language) ? { language } : {}) });
    if (batch.length >= MAX_TEXTS_PER_CALL) await flush();
  }
  await flush();
  return result;
}
