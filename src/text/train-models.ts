import type { Db } from '../platform/db/client.js';
import { serializeModel, predictSentiment, trainSentimentModelChunked, type TrainingExample } from './engine/classifier.js';
import { shippedSentiment } from './engine/shipped.js';
import { countExamplesByLanguage, findExamples, findModelInfos, upsertModel } from './text.queries.js';
import type { TTrainedModel } from './text.schemas.js';

/** Below this many examples of a language a held-out figure means nothing; the shipped model stays. */
export const MIN_EXAMPLES = 30;
/** Every fifth example is held out to judge the trained model against the shipped one. */
const HOLDOUT_EVERY = 5;

const accuracy = (items: TrainingExample[], predict: (t: string) => string) =>
  items.length === 0 ? 0 : items.filter((e) => predict(e.text) === e.sentiment).length / items.length;

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Trains one model per language on everything the workspace has (examples, scored comments,
 * corrections). Each is judged on held-out examples it never saw, against the shipped model on the same
 * texts, and is active only where it is better; the stored weights are then retrained on all examples.
 */
export async function trainWorkspaceModels(db: Db, workspaceId: string): Promise<TTrainedModel[]> {
  const out: TTrainedModel[] = [];
  for (const { language, n } of await countExamplesByLanguage(db, workspaceId)) {
    const examples = await findExamples(db, workspaceId, language);
    const classes = new Set(examples.map((e) => e.sentiment));
    if (n < MIN_EXAMPLES || classes.size < 2) {
      const baseline = accuracy(examples, (t) => shippedSentiment(t, language).sentiment);
      out.push({ language, examples: n, accuracy: round(baseline), baselineAccuracy: round(baseline), active: false });
      continue;
    }
    const train = examples.filter((_, i) => i % HOLDOUT_EVERY !== 0);
    const heldOut = examples.filter((_, i) => i % HOLDOUT_EVERY === 0);
    const candidate = await trainSentimentModelChunked(language, train);
    const trainedAccuracy = accuracy(heldOut, (t) => predictSentiment(candidate, t).sentiment);
    const baselineAccuracy = accuracy(heldOut, (t) => shippedSentiment(t, language).sentiment);
    await new Promise((resolve) => setImmediate(resolve));
    const active = trainedAccuracy > baselineAccuracy;
    const final = await trainSentimentModelChunked(language, examples);
    await upsertModel(db, {
      workspaceId,
      language,
      classes: final.classes,
      weights: serializeModel(final),
      examples: n,
      accuracy: round(trainedAccuracy),
      baselineAccuracy: round(baselineAccuracy),
      active,
    });
    out.push({ language, examples: n, accuracy: round(trainedAccuracy), baselineAccuracy: round(baselineAccuracy), active });
  }
  const stored = new Map((await findModelInfos(db, workspaceId)).map((m) => [m.language, m.trainedAt]));
  return out.map((m) => ({ ...m, ...(stored.has(m.language) ? { trainedAt: stored.get(m.language) } : {}) }));
}
