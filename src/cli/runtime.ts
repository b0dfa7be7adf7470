import { loadConfig, type Config } from '../platform/config.js';
import { openRuntime, type Runtime } from '../platform/runtime.js';
import { createLogger } from '../platform/log.js';
import { exitWithError, type OutputOptions } from './output.js';

/**
 * Runs a CLI command against the installation's database (migrated, jobs queued but not run here).
 * Logs stay quiet unless LOG_LEVEL asks, so --json output is clean.
 */
export async function withRuntime<T>(
  name: string,
  opts: OutputOptions,
  fn: (rt: Runtime, config: Config) => Promise<T>,
): Promise<T> {
  let rt: Runtime | undefined;
  try {
    const config = loadConfig();
    rt = await openRuntime(config, {
      work: false,
      holder: `kunde ${name}`,
      logger: createLogger(process.env.LOG_LEVEL ?? 'warn', { stderr: true }),
    });
    const result = await fn(rt, config);
    await rt.close();
    return result;
  } catch (err) {
    await rt?.close().catch(() => {});
    return exitWithError(err, opts);
  }
}
