/*
 * Builds the sentiment weights that ship in src/text/engine/shipped/. Only data whose licence allows
 * shipping what is derived from it may be used here (docs/text-analytics.md): today the CC0 French NPS
 * comments (BenaventC/NPSgame), train half only, so the bench can judge on the other half.
 * Usage: node --import tsx scripts/train-shipped-models.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hasDatasets, loadLabelledSets } from '../test/helpers/text-datasets.js';
import { serializeModel, trainSentimentModel } from '../src/text/engine/classifier.js';

if (!hasDatasets()) {
  console.error('../shared/datasets not found (set KUNDE_DATASETS_DIR)');
  process.exit(1);
}
const out = fileURLToPath(new URL('../src/text/engine/shipped/', import.meta.url));
mkdirSync(out, { recursive: true });
for (const set of loadLabelledSets().filter((s) => s.isShippable)) {
  const examples = set.train.filter((x) => x.label !== 'neutral').map((x) => ({ text: x.text, sentiment: x.label }));
  const model = trainSentimentModel(set.language, examples);
  const bytes = serializeModel(model, 0.02);
  writeFileSync(`${out}${set.language}.bin`, bytes);
  console.log(`${set.language}: ${examples.length} examples from ${set.name} → ${bytes.length} bytes (classes ${model.classes.join(',')})`);
}
