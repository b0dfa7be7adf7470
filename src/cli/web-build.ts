import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Regenerates the dashboard's API types from the route schemas (scripts/gen-api-types.ts). The bundle
 * does not need them (type imports are erased), so an install without dev tools skips this step; with
 * them, the types an editor sees stay in step with the server that is about to run.
 */
function generateApiTypes(log: (m: string) => void): void {
  const script = join(ROOT, 'scripts', 'gen-api-types.ts');
  if (!existsSync(script) || !existsSync(join(ROOT, 'node_modules', 'openapi-typescript'))) return;
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) log('Generating the dashboard API types failed; building the bundle anyway (it does not need them).');
}

/**
 * Builds a bundle when it is missing or older than its sources (npm start needs no manual build): the
 * dashboard with Vite, the respondent widget and page with esbuild (scripts/build-widget.mjs).
 */
export function ensureBundle(name: 'web' | 'widget', log: (m: string) => void): void {
  const src = join(ROOT, name, 'src');
  const dist = join(ROOT, name, 'dist');
  if (!existsSync(src)) return;
  const builtAt = existsSync(dist) ? newestMtime(dist) : 0;
  const extra = name === 'widget' ? [join(ROOT, 'src', 'surveys', 'respondent'), join(ROOT, 'src', 'surveys', 'answers.ts')] : [join(ROOT, name, 'index.html')];
  const changedAt = Math.max(newestMtime(src), ...extra.map((p) => (!existsSync(p) ? 0 : statSync(p).isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)));
  if (builtAt >= changedAt) return;
  if (name === 'widget') {
    log('Building the survey widget and page scripts…');
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-widget.mjs')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error('Building the survey widget failed.');
    return;
  }
  if (!existsSync(join(ROOT, 'node_modules', 'vite'))) {
    log(`The ${name} bundle is missing and Vite is not installed; run "npm install" first.`);
    return;
  }
  if (name === 'web') generateApiTypes(log);
  log(`Building the ${name} bundle…`);
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(ROOT, name, 'vite.config.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`Building the ${name} bundle failed.`);
}
