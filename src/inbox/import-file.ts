import { createReadStream } from 'node:fs';
import type { Actor, AppContext } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { openCsv, readHeader, type Delimiter } from '../imports/csv-reader.js';
import type { RowError } from '../imports/pipeline.js';
import { describeIssues } from '../customers/ingest.service.js';
import { importMessageBatch, ThreadIndex } from './conversation-import.js';
import { ZImportMessage, type TImportMessage } from './inbox.schemas.js';
import type { InboxRow } from './inbox.queries.js';

export const IMPORT_FIELDS = ['messageId', 'author', 'inbound', 'sentAt', 'text', 'inReplyTo', 'subject'] as const;
type ImportField = (typeof IMPORT_FIELDS)[number];

export interface ConversationFileOptions {
  /** Column → field; unmapped columns named like a field (any case) are taken as that field. */
  mapping: Record<string, string>;
  delimiter?: Delimiter;
  batchSize?: number;
  onBatch?: (progress: ConversationImportProgress, errors: RowError[]) => Promise<void> | void;
  onHeader?: (headers: string[]) => void;
}

export interface ConversationImportProgress {
  processed: number;
  imported: number;
  duplicates: number;
  rejected: number;
  totalRows: number;
}

export interface ConversationImportSummary extends ConversationImportProgress {
  conversations: number;
  durationMs: number;
  rowsPerSecond: number;
}

function columnsOf(headers: string[], mapping: Record<string, string>): Map<ImportField, number> {
  const out = new Map<ImportField, number>();
  for (const [column, field] of Object.entries(mapping)) {
    if (!(IMPORT_FIELDS as readonly string[]).includes(field)) throw new AppError('validation_failed', `--map ${column}=${field}: the field must be one of ${IMPORT_FIELDS.join(', ')}.`);
    const at = headers.indexOf(column);
    if (at < 0) throw new AppError('validation_failed', `--map ${column}=${field}: the file has no column "${column}" (it has ${headers.join(', ')}).`);
    out.set(field as ImportField, at);
  }
  for (const f of IMPORT_FIELDS) {
    const at = headers.findIndex((h) => h.trim().toLowerCase() === f.toLowerCase());
    if (!out.has(f) && at >= 0) out.set(f, at);
  }
  const missing = (['messageId', 'author', 'text'] as const).filter((f) => !out.has(f));
  if (missing.length) throw new AppError('validation_failed', `Map a column to ${missing.join(', ')} (e.g. --map tweet_id=messageId).`);
  return out;
}

const TRUE = new Set(['true', '1', 'yes', 'y', 'in', 'inbound', 't']);
const FALSE = new Set(['false', '0', 'no', 'n', 'out', 'outbound', 'f']);

/** One CSV record as a message, or why not. */
function toMessage(values: string[], cols: Map<ImportField, number>): { message: TImportMessage } | { error: string; column: string | null } {
  const get = (f: ImportField) => {
    const at = cols.get(f);
    return at === undefined ? undefined : (values[at] ?? '').trim() || undefined;
  };
  const inboundRaw = get('inbound')?.toLowerCase();
  if (inboundRaw !== undefined && !TRUE.has(inboundRaw) && !FALSE.has(inboundRaw)) return { error: `inbound: "${inboundRaw}" is neither true nor false`, column: 'inbound' };
  const sentRaw = get('sentAt');
  const sentMs = sentRaw === undefined ? undefined : Date.parse(sentRaw);
  if (sentMs !== undefined && !Number.isFinite(sentMs)) return { error: `sentAt: "${sentRaw}" is not a date`, column: 'sentAt' };
  const text = cols.has('text') ? (values[cols.get('text')!] ?? '') : '';
  const p = ZImportMessage.safeParse({
    messageId: get('messageId'),
    inReplyTo: get('inReplyTo'),
    author: get('author'),
    inbound: inboundRaw === undefined ? true : TRUE.has(inboundRaw),
    sentAt: sentMs === undefined ? undefined : new Date(Math.min(sentMs, Date.now())).toISOString(),
    text,
    subject: get('subject'),
  });
  if (!p.success) return { error: describeIssues(p.error), column: String(p.error.issues[0]?.path[0] ?? '') || null };
  return { message: p.data };
}

async function* records(path: string, delimiter?: Delimiter) {
  const csv = await openCsv(createReadStream(path, { highWaterMark: 1024 * 1024 }), { delimiter });
  const it = csv.parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const headers = await readHeader(it, csv);
  yield { headers, values: null as string[] | null };
  for (let next = await it.next(); !next.done; next = await it.next()) yield { headers, values: next.value };
}

/**
 * Imports a message export from disk in two streaming passes: the first reads only ids, reply ids and
 * inbound authors to build the threads (so a reply may come before its parent), the second stores the
 * messages in batches. Every valid row becomes one message; a bad row goes to the error report.
 */
export async function importConversationFile(ctx: AppContext, actor: Actor, inbox: InboxRow, path: string, opts: ConversationFileOptions): Promise<ConversationImportSummary> {
  const t0 = performance.now();
  const threads = new ThreadIndex();
  let cols: Map<ImportField, number> | undefined;
  let totalRows = 0;
  for await (const r of records(path, opts.delimiter)) {
    if (!r.values) {
      cols = columnsOf(r.headers, opts.mapping);
      opts.onHeader?.(r.headers);
      continue;
    }
    totalRows++;
    const m = toMessage(r.values, cols!);
    if ('message' in m) threads.add(m.message);
  }
  threads.seal();
  const progress: ConversationImportProgress = { processed: 0, imported: 0, duplicates: 0, rejected: 0, totalRows };
  const conversations = new Set<string>();
  const batchSize = opts.batchSize ?? 500;
  let batch: TImportMessage[] = [];
  let errors: RowError[] = [];
  const flush = async () => {
    if (batch.length) {
      const out = await importMessageBatch(ctx, actor, inbox, batch, threads);
      progress.imported += out.imported;
      progress.duplicates += out.duplicates;
      for (const c of out.conversations) conversations.add(c);
    }
    progress.rejected += errors.length;
    await opts.onBatch?.({ ...progress }, errors);
    batch = [];
    errors = [];
  };
  let row = 1;
  for await (const r of records(path, opts.delimiter)) {
    if (!r.values) continue;
    row++;
    progress.processed++;
    const m = toMessage(r.values, cols!);
    if ('message' in m) batch.push(m.message);
    else errors.push({ row, column: m.column ? (r.headers[cols!.get(m.column as ImportField) ?? -1] ?? m.column) : null, message: m.error, values: r.values });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  const durationMs = performance.now() - t0;
  return { ...progress, conversations: conversations.size, durationMs, rowsPerSecond: Math.round(progress.processed / Math.max(durationMs / 1000, 0.001)) };
}
