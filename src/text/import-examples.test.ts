import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
import { systemActor } from '../platform/context.js';
import { importTextExamples } from './import-examples.js';
import { countExamplesByLanguage } from './text.queries.js';

// The use case behind `kunde import text-examples FILE --map …` (src/cli/text-examples.ts only parses flags).
let t: TestApp;
let a: TestWorkspace;
const dir = mkdtempSync(join(tmpdir(), 'kunde-text-import-'));

beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Text import');
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

describe('importTextExamples', () => {
  it('stores labelled rows with custom label values, rows by rating scale, and refuses bad mappings', async () => {
    const actor = systemActor(a.workspaceId, 'test');
    const labelled = join(dir, 'reviews.csv');
    writeFileSync(labelled, 'Görüş,Durum\n"Ürün harika, çok memnun kaldım",Olumlu\nBerbat bir ürün,Olumsuz\nidare eder,Tarafsız\n,Olumlu\nNe bileyim,?\n');
    const r = await importTextExamples(t.rt.ctx, actor, labelled, {
      mapping: { Görüş: 'text', Durum: 'sentiment' },
      language: 'tr',
      labels: { positive: ['Olumlu'], negative: ['Olumsuz'], neutral: ['Tarafsız'] },
    });
    expect(r).toEqual({ rows: 5, stored: 3, skipped: 2, languages: { tr: 3 } });

    const rated = join(dir, 'nps.csv');
    writeFileSync(rated, 'score,comment\n10,Fantastic service\n8,Fine\n2,Terrible wait\n');
    expect(await importTextExamples(t.rt.ctx, actor, rated, { mapping: { comment: 'text', score: 'rating' }, scale: 'nps', language: 'en' })).toMatchObject({ rows: 3, stored: 2, skipped: 1 });
    expect(await countExamplesByLanguage(t.rt.ctx.db, a.workspaceId)).toEqual([{ language: 'en', n: 2 }, { language: 'tr', n: 3 }]);

    await expect(importTextExamples(t.rt.ctx, actor, rated, { mapping: { comment: 'text' } })).rejects.toThrow('Map a column to sentiment');
    await expect(importTextExamples(t.rt.ctx, actor, rated, { mapping: { comment: 'text', score: 'rating' } })).rejects.toThrow('--scale');
    await expect(importTextExamples(t.rt.ctx, actor, rated, { mapping: { review: 'text', score: 'rating' }, scale: 'nps' })).rejects.toThrow('no column "review"');
  });
});
