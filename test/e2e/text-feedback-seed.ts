import type { AppContext } from '../../src/platform/context.js';
import { analyzeSourceTexts } from '../../src/text/text.service.js';

const DAY = 24 * 60 * 60 * 1000;

/** Survey comments of the last weeks, with NPS scores, in three languages; one holds markup that must stay text. */
export const FEEDBACK_TEXTS = [
  { text: 'The delivery was late and the parcel was damaged', score: 2, days: 1, language: 'en' },
  { text: 'Late delivery again, nobody answered the phone', score: 3, days: 2, language: 'en' },
  { text: 'Levering tog alt for lang tid', score: 4, days: 3, language: 'da' },
  { text: 'Fast delivery and friendly customer service, thank you', score: 10, days: 4, language: 'en' },
  { text: 'Too expensive for what you get', score: 5, days: 5, language: 'en' },
  { text: 'Please add a dark mode to the app', score: 8, days: 6, language: 'en' },
  { text: '<b>Delivery</b> was slow <img src=x onerror="window.__xss=1">', score: 1, days: 9, language: 'en' },
  { text: 'Kargo çok geç geldi, teslimat berbat', score: 2, days: 10, language: 'tr' },
  { text: 'Great price and quick delivery', score: 9, days: 16, language: 'en' },
] as const;

/**
 * Seeds analysed texts through the text domain's exported service — the seam surveys and imports call
 * when comments arrive — so the browser tests see a workspace with real feedback in it.
 */
export async function seedFeedback(ctx: AppContext, workspaceId: string): Promise<void> {
  const now = Date.now();
  await analyzeSourceTexts(
    ctx.db,
    workspaceId,
    FEEDBACK_TEXTS.map((f, i) => ({
      source: 'survey_response',
      sourceId: `seed-${i + 1}`,
      text: f.text,
      language: f.language,
      rating: { scale: 'nps', value: f.score },
      occurredAt: new Date(now - f.days * DAY),
    })),
  );
}
