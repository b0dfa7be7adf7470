import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deserializeModel, predictSentiment, type SentimentModel } from './classifier.js';
import { lexiconSentiment, type Sentiment } from './sentiment.js';

/*
 * Weights that ship with Kunde, trained only on data whose licence allows it (see docs/text-analytics.md
 * and scripts/train-shipped-models.ts). A language without shipped weights uses the lexicons alone.
 */
const DIR = fileURLToPath(new URL('./shipped/', import.meta.url));
const MODEL_SHARE = 0.5;
const loaded = new Map<string, SentimentModel | null>();

function shippedModel(language: string): SentimentModel | null {
  if (!loaded.has(language)) {
    const file = `${DIR}${language}.bin`;
    loaded.set(language, /^[a-z]{2,3}$/.test(language) && existsSync(file) ? deserializeModel(language, ['negative', 'positive'], readFileSync(file)) : null);
  }
  return loaded.get(language) ?? null;
}

/**
 * The shipped model's verdict: the shipped weights where a language has them (they include the lexicon's
 * score as a feature), else the lexicons and rules.
 */
export function shippedSentiment(text: string, language: string): { sentiment: Sentiment; score: number } {
  const model = shippedModel(language);
  if (!model) return lexiconSentiment(text, language);
  const m = predictSentiment(model, text);
  const lexicon = lexiconSentiment(text, language);
  // Shipped weights learnt from one kind of feedback (a garden centre's NPS comments); the lexicon keeps a
  // say so a plainly worded complaint is not overruled by that shop's vocabulary.
  const score = Math.round((MODEL_SHARE * m.score + (1 - MODEL_SHARE) * lexicon.score) * 1000) / 1000;
  return { sentiment: score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral', score };
}
