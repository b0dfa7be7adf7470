import type { Config } from '../../platform/config.js';
import type { Db } from '../../platform/db/client.js';
import { randomToken } from '../../platform/ids.js';
import { insertChatSettings } from './chat.queries.js';

/** The HTML a site pastes on its pages: the survey widget's one script, which fetches /chat.js itself. */
export function chatSnippet(config: Pick<Config, 'publicUrl'>, workspaceId: string, inboxId: string): string {
  return `<script src="${config.publicUrl}/widget.js" data-workspace="${workspaceId}" data-chat="${inboxId}" async></script>`;
}

/** Written with a new chat inbox, in its transaction: every chat inbox has its settings and its own identity secret. */
export async function createChatSettings(tx: Db, workspaceId: string, inboxId: string): Promise<void> {
  await insertChatSettings(tx, { workspaceId, inboxId, identitySecret: randomToken(40) });
}
