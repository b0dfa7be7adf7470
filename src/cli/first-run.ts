import type { AppContext } from '../platform/context.js';
import { countWorkspaces, createWorkspaceWithOwner } from '../accounts/workspaces.service.js';
import { randomToken } from '../platform/ids.js';
import { scheduleDemoData } from '../demo/demo.jobs.js';

export const DEMO_EMAIL = 'demo@kunde.local';

/**
 * On the very first start of an empty installation, creates a demo workspace with an owner login
 * so a new user can look around at once, and queues its demo customers and history as a background
 * job (the server is already listening; the data appears within a minute). Returns the login to
 * print, or undefined.
 */
export async function ensureFirstRunWorkspace(ctx: AppContext): Promise<{ email: string; password: string } | undefined> {
  if (!ctx.config.KUNDE_DEMO || (await countWorkspaces(ctx.db)) > 0) return undefined;
  const password = randomToken(16);
  const { workspaceId } = await createWorkspaceWithOwner(ctx.db, {
    workspaceName: 'Demo',
    email: DEMO_EMAIL,
    password,
    name: 'Demo Owner',
    timeZone: 'Europe/Copenhagen',
    defaultLanguage: 'en',
    baseCurrency: 'DKK',
  });
  await scheduleDemoData(ctx, workspaceId);
  ctx.log.info({ workspaceId }, 'demo data queued');
  return { email: DEMO_EMAIL, password };
}
