import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.js';

export interface DataDirLock {
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is a single-process database: two processes writing one data directory corrupt it.
 * A pid lock file makes the second opener fail with a message that says what to do.
 */
export function acquireDataDirLock(dir: string, holder: string): DataDirLock {
  const file = join(dir, 'kunde.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, holder, since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner: { pid?: number; holder?: string } = {};
      try {
        owner = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        /* unreadable lock: treat as stale */
      }
      if (owner.pid && owner.pid !== process.pid && isAlive(owner.pid)) {
        throw new AppError(
          'locked',
          `The embedded database in ${dir} is in use by a running Kunde process (pid ${owner.pid}, "${owner.holder ?? 'kunde'}"). ` +
            'Stop that server first, or point DATABASE_URL at PostgreSQL to run several processes.',
        );
      }
      rmSync(file, { force: true }); // stale lock from a crashed process
    }
  }
  throw new AppError('locked', `Could not lock ${dir}.`);
}
