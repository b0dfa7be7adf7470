import { createRequire } from 'node:module';
import { analyzeText } from '../src/text/engine/analyze.js';
import { predictSentiment, trainSentimentModel } from '../src/text/engine/classifier.js';
import { detectLanguage } from '../src/text/engine/languages.js';
import { shippedSentiment } from '../src/text/engine/shipped.js';
import { isFeatureRequest } from '../src/text/engine/themes.js';
import { hasDatasets, loadLabelledSets, type LabelledText, type Polarity } from '../test/helpers/text-datasets.js';
import { runIfMain, type BenchContext, type BenchRow } from './bench.js';
import { FEATURE_REQUEST_SET } from './lib/feature-requests.js';

/**
 * Text analytics quality and speed on real reviews it never learnt from (odd rows of ../shared/datasets):
 * per set, binary accuracy (clearly polar texts; neutral counts as wrong) and 3-class macro-F1 where the
 * labels have a neutral class, for the shipped model against @nlpjs/sentiment (the naive lexicon baseline)
 * in the same run; then a model trained on the set's even rows (a workspace's own labelled texts) against
 * the shipped model; feature-request precision/recall on a hand-written set; throughput on one core.
 */
export const name = 'text';

const require = createRequire(import.meta.url);

interface NlpjsResult { sentiment: { vote: string; score: number } }
interface NlpjsAnalyzer { process(input: { locale: string; text: string }): Promise<NlpjsResult> }

/** @nlpjs/sentiment as its README sets it up: one container with every language package. */
async function nlpjsBaseline(): Promise<NlpjsAnalyzer> {
  const { containerBootstrap } = require('@nlpjs/core') as { containerBootstrap: () => Promise<{ use: (x: unknown) => void }> };
  const { LangAll } = require('@nlpjs/lang-all') as { LangAll: unknown };
  const { SentimentAnalyzer } = require('@nlpjs/sentiment') as { SentimentAnalyzer: new (s: { container: unknown }) => NlpjsAnalyzer };
  const container = await containerBootstrap();
  container.use(LangAll);
  return new SentimentAnalyzer({ container });
}

const toPolarity = (vote: string): Polarity => (vote === 'positive' ? 'positive' : vote === 'negative' ? 'negative' : 'neutral');

function binary(items: LabelledText[], predictions: Polarity[]): number {
  let n = 0;
  let right = 0;
  items.forEach((x, i) => {
    if (x.label === 'neutral') return;
    n++;
    if (predictions[i] === x.label) right++;
  });
  return n ? right / n : 0;
}

function macroF1(items: LabelledText[], predictions: Polarity[]): number {
  const classes: Polarity[] = ['positive', 'neutral', 'negative'];
  const f1s = classes.map((c) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    items.forEach((x, i) => {
      if (predictions[i] === c && x.label === c) tp++;
      else if (predictions[i] === c) fp++;
      else if (x.label === c) fn++;
    });
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  return f1s.reduce((a, b) => a + b, 0) / classes.length;
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const row = (metric: string, value: number, unit: string, extra: Partial<BenchRow> = {}): BenchRow => ({ bench: name, engine: ctx.engine, metric, value, unit, ...extra });
  const rows: BenchRow[] = [];
  const nlpjs = await nlpjsBaseline();

  const fr = FEATURE_REQUEST_SET.map(([text, want]) => ({ want, got: isFeatureRequest(text, detectLanguage(text)) }));
  const tp = fr.filter((x) => x.want && x.got).length;
  rows.push(row('feature-request precision (hand-written set)', tp / Math.max(1, fr.filter((x) => x.got).length), 'ratio', { note: `${fr.length} texts, 11 languages` }));
  rows.push(row('feature-request recall (hand-written set)', tp / Math.max(1, fr.filter((x) => x.want).length), 'ratio'));

  if (!hasDatasets()) {
    rows.push(row('accuracy', 0, 'skipped', { note: '../shared/datasets not found (KUNDE_DATASETS_DIR)' }));
    return rows;
  }
  const sets = loadLabelledSets();
  const shippedByLang = new Map<string, number[]>();
  const baselineByLang = new Map<string, number[]>();
  const trainedByLang = new Map<string, number[]>();
  const push = (m: Map<string, number[]>, k: string, v: number) => m.set(k, [...(m.get(k) ?? []), v]);
  for (const set of sets) {
    const shipped = set.test.map((x) => shippedSentiment(x.text, set.language).sentiment);
    const base: Polarity[] = [];
    for (const x of set.test) base.push(toPolarity((await nlpjs.process({ locale: set.language, text: x.text })).sentiment.vote));
    const s = binary(set.test, shipped);
    const b = binary(set.test, base);
    push(shippedByLang, set.language, s);
    push(baselineByLang, set.language, b);
    rows.push(row(`${set.name}: binary accuracy, shipped vs @nlpjs/sentiment`, s, 'ratio', { baseline: b, note: `${set.test.filter((x) => x.label !== 'neutral').length} held-out texts; @nlpjs ${b.toFixed(3)}` }));
    if (set.test.some((x) => x.label === 'neutral')) {
      rows.push(row(`${set.name}: 3-class macro-F1, shipped vs @nlpjs/sentiment`, macroF1(set.test, shipped), 'F1', { baseline: macroF1(set.test, base) }));
    }
    // Binary figure, so the workspace model learns the clearly polar texts (as scored comments feed it).
    const polar = set.train.filter((x) => x.label !== 'neutral');
    const model = trainSentimentModel(set.language, polar.map((x) => ({ text: x.text, sentiment: x.label })));
    const trained = set.test.map((x) => predictSentiment(model, x.text).sentiment);
    const t = binary(set.test, trained);
    push(trainedByLang, set.language, t);
    rows.push(row(`${set.name}: binary accuracy, trained on ${polar.length} own texts vs shipped`, t, 'ratio', { baseline: s }));
  }
  const mean = (m: Map<string, number[]>) => {
    const per = [...m.values()].map((v) => v.reduce((a, b) => a + b, 0) / v.length);
    return per.reduce((a, b) => a + b, 0) / per.length;
  };
  rows.push(row('mean binary accuracy zh/tr/pt/fr, shipped vs @nlpjs/sentiment', mean(shippedByLang), 'ratio', { baseline: mean(baselineByLang), target: '≥ 0.80' }));
  rows.push(row('mean binary accuracy zh/tr/pt/fr, trained per workspace vs shipped', mean(trainedByLang), 'ratio', { baseline: mean(shippedByLang), target: '≥ 0.90' }));

  // Throughput: the same number of held-out texts from every set (so no one language's speed dominates),
  // languages detected, on this one thread.
  const texts = sets.flatMap((s) => s.test.slice(0, 1200).map((x) => x.text));
  for (const t of texts.slice(0, 300)) analyzeText({ text: t });
  let t0 = performance.now();
  for (const t of texts) analyzeText({ text: t });
  const ours = texts.length / ((performance.now() - t0) / 1000);
  const langs = texts.map((t) => detectLanguage(t));
  t0 = performance.now();
  for (let i = 0; i < texts.length; i++) await nlpjs.process({ locale: langs[i], text: texts[i] });
  const theirs = texts.length / ((performance.now() - t0) / 1000);
  rows.push(row('throughput: analyze (language, sentiment, themes, requests) vs @nlpjs/sentiment', ours, 'texts/s', { baseline: theirs, target: '≥ 5,000', note: `one core, ${texts.length} real reviews, 1,200 per set, languages detected` }));
  return rows;
}

runIfMain(import.meta.url, run);
