import { gzipSync } from 'node:zlib';
import { ensureBundle } from '../src/cli/web-build.js';
import { createTestApp } from '../test/helpers/app.js';
import { buildWorkspace } from '../test/factories.js';
import { runIfMain, type BenchContext, type BenchRow } from './bench.js';

/*
 * What a respondent downloads, gzipped, against the budgets: the hosted survey page (HTML +
 * its CSS + its script) under 30 kB, and /widget.js at most 6 kB (its stylesheet, fetched beside
 * the configuration, is listed apart). Bytes, not time: the same on every machine.
 */
export const name = 'respondent bytes';

const PAGE_BUDGET = 30 * 1024;
const WIDGET_BUDGET = 6 * 1024;

const SURVEY = {
  name: 'Post-purchase NPS',
  touchpoint: 'post-purchase',
  channel: 'link',
  languages: ['en', 'da'],
  questions: [
    { id: 'q1', type: 'nps', required: true, text: { en: 'How likely are you to recommend us to a friend?', da: 'Hvor sandsynligt er det, at du vil anbefale os til en ven?' } },
    { id: 'q2', type: 'text', text: { en: 'What is the main reason for your score?', da: 'Hvad er den vigtigste grund til din score?' } },
  ],
  settings: { widget: { enabled: true, triggers: [{ type: 'time_on_page', seconds: 5 }] } },
};

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  ensureBundle('widget', () => {});
  const t = await createTestApp();
  try {
    const ws = await buildWorkspace(t.rt.ctx);
    const headers = { authorization: `Bearer ${ws.keys.admin}` };
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/surveys', headers, payload: SURVEY });
    const survey = created.json() as { id: string; slug: string };
    await t.app.inject({ method: 'POST', url: `/api/v1/surveys/${survey.id}/publish`, headers, payload: {} });
    const get = async (url: string) => {
      const res = await t.app.inject({ method: 'GET', url, headers: { 'accept-language': 'da' } });
      if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode}`);
      return { body: res.body, gz: gzipSync(res.rawPayload).length };
    };
    const html = await get(`/s/${survey.slug}`);
    const assets = [...html.body.matchAll(/(?:src|href)="(\/s\/assets\/[^"]+)"/g)].map((m) => m[1]);
    const parts = await Promise.all(assets.map(get));
    const page = html.gz + parts.reduce((sum, p) => sum + p.gz, 0);
    const widget = await get('/widget.js');
    const widgetCss = await get('/widget.css');
    const chat = await get('/chat.js');
    const row = (metric: string, value: number, budget: number | undefined, note: string): BenchRow => ({
      bench: name,
      engine: ctx.engine,
      metric,
      value,
      unit: 'B gz',
      ...(budget ? { baseline: budget, target: `≤ ${budget} B (÷ budget)` } : {}),
      note,
    });
    return [
      row('hosted page /s/<slug>: HTML + CSS + JS', page, PAGE_BUDGET, `HTML ${html.gz} B + ${parts.map((p) => p.gz).join(' + ')} B`),
      row('/widget.js (loader, triggers, all question types)', widget.gz, WIDGET_BUDGET, 'Formbricks: 1.7 kB loader + 52 kB survey bundle'),
      row('/widget.css (fetched with the configuration)', widgetCss.gz, undefined, 'adopted as a constructed stylesheet'),
      row('/chat.js (website chat, styles inlined)', chat.gz, undefined, 'fetched by widget.js only for workspaces with a chat inbox; outside the widget budget'),
    ];
  } finally {
    await t.close();
  }
}

runIfMain(import.meta.url, run);
