import type { Db } from '../db/client.js';

/** A stored file sent with an outbox mail, named by the domain that keeps it ('inbox') and its id there. */
export interface MailAttachmentRef {
  source: string;
  id: string;
}

export interface MailAttachmentFile {
  id: string;
  fileName: string;
  contentType: string;
  content: Buffer;
}

/** Loads the files of one workspace by id; ids it does not find are simply missing from the answer. */
export type MailAttachmentLoader = (db: Db, workspaceId: string, ids: string[]) => Promise<MailAttachmentFile[]>;

/** A referenced file is gone: retrying cannot bring it back, so delivery fails for good. */
export class MailAttachmentMissing extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailAttachmentMissing';
  }
}

const loaders = new Map<string, MailAttachmentLoader>();

/**
 * Lets a domain attach its stored files to outbox mail. The outbox row keeps only references, so a
 * queued mail survives a restart without holding megabytes in the row or in memory; the bytes are read
 * when the mail is handed to SMTP. The platform knows loaders only by this interface; domains register
 * in src/modules.ts.
 */
export function registerMailAttachmentSource(source: string, loader: MailAttachmentLoader | undefined): void {
  if (loader) loaders.set(source, loader);
  else loaders.delete(source);
}

/**
 * The files of a mail in the order they were referenced. A reference that no longer resolves (its
 * source is not registered, or the file was deleted) throws: a mail must not go out silently without
 * the file its text may announce (MailAttachmentMissing: the delivery fails at once, without retries).
 */
export async function loadMailAttachments(db: Db, workspaceId: string, refs: MailAttachmentRef[]): Promise<MailAttachmentFile[]> {
  const out = new Map<string, MailAttachmentFile>();
  for (const source of new Set(refs.map((r) => r.source))) {
    const loader = loaders.get(source);
    if (!loader) throw new MailAttachmentMissing(`No mail attachment source "${source}" is registered.`);
    for (const f of await loader(db, workspaceId, refs.filter((r) => r.source === source).map((r) => r.id))) out.set(`${source}:${f.id}`, f);
  }
  return refs.map((r) => {
    const f = out.get(`${r.source}:${r.id}`);
    if (!f) throw new MailAttachmentMissing(`Attachment ${r.source}:${r.id} of the mail was not found.`);
    return f;
  });
}
