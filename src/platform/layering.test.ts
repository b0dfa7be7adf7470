import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * The platform sits at the bottom: no file of src/platform (tests aside) imports a domain. Where it needs a
 * domain's work it declares an interface (ports.ts) and src/modules.ts registers the implementation. The
 * runtime alone reads that registry — it is where the process is put together.
 */

const PLATFORM = dirname(fileURLToPath(import.meta.url));
const SRC = resolve(PLATFORM, '..');
const COMPOSITION_ROOT = { file: 'runtime.ts', imports: join(SRC, 'modules.ts') };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('layering', () => {
  it('src/platform imports no domain', () => {
    const offending: string[] = [];
    for (const file of sourceFiles(PLATFORM)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
        const target = resolve(dirname(file), m[1]).replace(/\.js$/, '.ts');
        if (!relative(PLATFORM, target).startsWith('..')) continue;
        if (relative(PLATFORM, file) === COMPOSITION_ROOT.file && target === COMPOSITION_ROOT.imports) continue;
        offending.push(`${relative(SRC, file)} → ${m[1]}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
