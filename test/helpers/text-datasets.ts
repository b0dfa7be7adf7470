import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

/*
 * Real labelled reviews from ../shared/datasets (beside the repository, never copied into it). Most have no
 * stated licence: use them to evaluate and as a test workspace's own data, never to build shipped data.
 * Every set is split by row position: even rows are "train", odd rows "test", so a model is never
 * judged on a text it learned from.
 */
// KUNDE_DATASETS_DIR serves a checkout that does not sit beside shared/ (a git worktree elsewhere).
export const DATASETS_DIR = process.env.KUNDE_DATASETS_DIR?.replace(/\/?$/, '/') ?? fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));
export const hasDatasets = () => existsSync(`${DATASETS_DIR}zh_waimai_10k.dev.csv`);

export type Polarity = 'positive' | 'negative' | 'neutral';
export interface LabelledText {
  text: string;
  label: Polarity;
}
export interface LabelledSet {
  name: string;
  language: string;
  /** whether the shipped model may be trained on it (its licence allows shipping what is derived) */
  isShippable: boolean;
  train: LabelledText[];
  test: LabelledText[];
}

type Row = Record<string, string>;
const rows = (file: string): Row[] =>
  parse(readFileSync(`${DATASETS_DIR}${file}`), { columns: true, relax_quotes: true, skip_empty_lines: true, bom: true }) as Row[];

function split(name: string, language: string, isShippable: boolean, items: (LabelledText | null)[]): LabelledSet {
  const all = items.filter((x): x is LabelledText => x !== null && x.text.trim().length > 0);
  return { name, language, isShippable, train: all.filter((_, i) => i % 2 === 0), test: all.filter((_, i) => i % 2 === 1) };
}

const zhSet = (name: string, file: string) =>
  split(name, 'zh', false, rows(file).map((r) => ({ text: r.review ?? '', label: r.label === '1' ? 'positive' : 'negative' })));

/** Every labelled set; binary ones keep only clearly polar rows (Olist 1–2 vs 4–5, NPS 0–6 vs 9–10). */
export function loadLabelledSets(): LabelledSet[] {
  const tr = rows('tr_magaza_yorumlari_duygu.dev.csv').map((r): LabelledText | null => {
    const label = r['Durum'] === 'Olumlu' ? 'positive' : r['Durum'] === 'Olumsuz' ? 'negative' : r['Durum'] === 'Tarafsız' ? 'neutral' : null;
    return label ? { text: r['Görüş'] ?? '', label } : null;
  });
  const olist = rows('olist_order_reviews_head6k.dev.csv').map((r): LabelledText | null => {
    const s = Number(r.review_score);
    const text = [r.review_comment_title, r.review_comment_message].filter(Boolean).join('. ');
    if (!text) return null;
    return { text, label: s >= 4 ? 'positive' : s <= 2 ? 'negative' : 'neutral' };
  });
  const fr = rows('nps_fr.utf8.dev.csv').map((r): LabelledText | null => {
    const s = Number(r.nps);
    if (!r.explication || r.explication === 'NA' || !Number.isFinite(s)) return null;
    return { text: r.explication, label: s >= 9 ? 'positive' : s <= 6 ? 'negative' : 'neutral' };
  });
  return [
    zhSet('zh_waimai', 'zh_waimai_10k.dev.csv'),
    zhSet('zh_ChnSentiCorp', 'zh_ChnSentiCorp_htl_all.dev.csv'),
    split('tr_magaza', 'tr', false, tr),
    split('pt_olist', 'pt', false, olist),
    split('fr_nps', 'fr', true, fr),
  ];
}

/** Binary accuracy: only clearly polar texts count, and "neutral" answers count as wrong. */
export function binaryAccuracy(items: LabelledText[], predict: (t: string) => Polarity): number {
  const polar = items.filter((x) => x.label !== 'neutral');
  if (polar.length === 0) return 0;
  return polar.filter((x) => predict(x.text) === x.label).length / polar.length;
}
