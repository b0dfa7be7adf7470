import { Readable } from 'node:stream';
import { parse, type CsvError, type Parser } from 'csv-parse';
import { AppError } from '../platform/errors.js';

export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** A record longer than this is a broken file (an unclosed quote swallowing the rest), not data. */
export const MAX_RECORD_BYTES = 1024 * 1024;
const PEEK_BYTES = 64 * 1024;

/**
 * Picks the separator from the first lines: the candidate that appears in the header and the same
 * number of times on most lines (quotes respected), comma on a tie. Semicolons come from spreadsheets
 * in locales with a decimal comma (Danish, German, Turkish), tabs from copy-paste.
 */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number[]> = { ',': [0], ';': [0], '\t': [0] };
  let inQuotes = false;
  let line = 0;
  for (let i = 0; i < text.length && line < 20; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (ch === '\n') {
      line++;
      for (const d of DELIMITERS) counts[d].push(0);
    } else if (ch === ',' || ch === ';' || ch === '\t') counts[ch][line]++;
  }
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    // The last line may be cut off by the peek window; judge complete lines only.
    const lines = counts[d].slice(0, Math.max(1, line));
    const header = lines[0];
    if (header === 0) continue;
    const consistent = lines.filter((n) => n === header).length / lines.length;
    const score = consistent * 1000 + header;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

/** A malformed record the parser skipped, and after how many good records it came. */
export interface SkippedRecord {
  afterRecords: number;
  message: string;
}

export interface CsvStream {
  delimiter: Delimiter;
  parser: Parser;
  /** Malformed records in file order; consumers interleave them by `afterRecords`. */
  skipped: SkippedRecord[];
}

/** Bytes of a CSV file: a file or upload stream, stored chunks, or an in-memory string. */
export type ByteSource = AsyncIterable<Buffer | string> | Iterable<Buffer | string>;

async function* asAsync(source: ByteSource): AsyncGenerator<Buffer | string> {
  for await (const chunk of source) yield chunk;
}

async function peek(source: ByteSource): Promise<{ head: Buffer; rest: AsyncIterator<Buffer | string> }> {
  const it = asAsync(source);
  const parts: Buffer[] = [];
  let size = 0;
  while (size < PEEK_BYTES) {
    const next = await it.next();
    if (next.done) break;
    const buf = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    parts.push(buf);
    size += buf.length;
  }
  return { head: Buffer.concat(parts), rest: it };
}

/**
 * Streams a CSV file (RFC 4180: quoted fields with delimiters, quotes and newlines, a BOM, CRLF)
 * as arrays of strings. Records that cannot be parsed are skipped and reported, so one bad line
 * does not stop a million-row import.
 */
export async function openCsv(source: ByteSource, opts: { delimiter?: Delimiter } = {}): Promise<CsvStream> {
  const { head, rest } = await peek(source);
  const delimiter = opts.delimiter ?? detectDelimiter(head.toString('utf8').replace(/^\uFEFF/, ''));
  const skipped: SkippedRecord[] = [];
  const parser = parse({
    bom: true,
    delimiter,
    // Files glued together from several exports mix CRLF and LF.
    record_delimiter: ['\r\n', '\n'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined) => {
      skipped.push({ afterRecords: parser.info.records, message: err ? `malformed CSV: ${err.message}` : 'malformed CSV record' });
      return undefined;
    },
  });
  async function* all() {
    if (head.length) yield head;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  }
  Readable.from(all(), { objectMode: false }).on('error', (err) => parser.destroy(err)).pipe(parser);
  return { delimiter, parser, skipped };
}

/** Reads the header row; an empty file or a broken header is refused with a clear 4xx. */
export async function readHeader(iterator: AsyncIterator<string[]>, stream: CsvStream): Promise<string[]> {
  const first = await iterator.next();
  if (stream.skipped.length && stream.skipped[0].afterRecords === 0) {
    throw new AppError('validation_failed', `The header row cannot be read: ${stream.skipped[0].message}`);
  }
  if (first.done) throw new AppError('validation_failed', 'The file is empty: it needs a header row and at least one row.');
  return first.value;
}
