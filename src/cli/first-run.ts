import type { AppContext } from '../platform/context.js';
import { countWorkspaces, createWorkspaceWithOwner } from '../accounts/workspaces.service.js';
import { randomToken } from '../platform/ids.js';

export const DEMO_EMAIL = 'demo@kunde.local';

/**
 * On the very first start of an empty installation, creates a demo workspace with an owner login
 * so a new user can look around at once. Returns the login to print, or undefined.
 */
export async function ensureFirstRunWorkspace(ctx: AppContext): Promise<{ email: string; password: string } | undefined> {
  if (!ctx.config.KUNDE_DEMO || (await countWorkspaces(ctx.db)) > 0) return undefined;
  const password = randomToken(16);
  await createWorkspaceWithOwner(ctx.db, {
    workspaceName: 'Demo',
    email: DEMO_EMAIL,
    password,
    name: 'Demo Owner',
    timeZone: 'Europe/Copenhagen',
    defaultLanguage: 'en',
    baseCurrency: 'DKK',
  });
  return { email: DEMO_EMAIL, password };
}
