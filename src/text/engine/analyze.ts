import { predictSentiment, type SentimentModel } from './classifier.js';
import { detectLanguage, type Language } from './languages.js';
import type { Sentiment } from './sentiment.js';
import { shippedSentiment } from './shipped.js';
import { isFeatureRequest, themesOf, type CompiledThemes } from './themes.js';

export interface TextInput {
  text: string;
  language?: string | null;
}

export interface TextAnalysis {
  language: string;
  sentiment: Sentiment;
  score: number;
  themes: string[];
  isFeatureRequest: boolean;
  /** which model decided the sentiment */
  model: 'shipped' | 'workspace';
}

export interface AnalyzeOptions {
  /** the workspace's active trained models by language */
  models?: Map<string, SentimentModel>;
  themes?: CompiledThemes;
  fallbackLanguage?: Language;
}

/**
 * Language, sentiment, themes and feature-request flag of one text. A workspace's trained model for the
 * text's language decides the sentiment where one is active (it beat the shipped model on that
 * workspace's held-out texts); else the shipped lexicons and rules do.
 */
export function analyzeText(input: TextInput, opts: AnalyzeOptions = {}): TextAnalysis {
  const language = detectLanguage(input.text, input.language, opts.fallbackLanguage);
  const model = opts.models?.get(language);
  const verdict = model ? predictSentiment(model, input.text) : shippedSentiment(input.text, language);
  return {
    language,
    sentiment: verdict.sentiment,
    score: verdict.score,
    themes: themesOf(input.text, language, opts.themes),
    isFeatureRequest: isFeatureRequest(input.text, language),
    model: model ? 'workspace' : 'shipped',
  };
}
