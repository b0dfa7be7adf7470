import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The team's shared real data sets live beside the repository (`../shared/datasets`), never in it and
 * never at a path of one machine. KUNDE_DATASETS_DIR points elsewhere (e.g. from a git worktree).
 */
export const DATASETS_DIR = process.env.KUNDE_DATASETS_DIR
  ? resolve(process.env.KUNDE_DATASETS_DIR)
  : fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));

/** A shared data set's path, and why a test that needs it is skipped when it is absent. */
export function dataset(name: string): { path: string; present: boolean; skipReason: string } {
  const path = join(DATASETS_DIR, name);
  const present = existsSync(path);
  return { path, present, skipReason: `data set ${name} not found in ${DATASETS_DIR} (set KUNDE_DATASETS_DIR to run this test)` };
}
