import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Db } from '../platform/db/client.js';
import { listAttributeDefinitions } from '../customers/attributes.service.js';
import { openCsv, readHeader, type Delimiter, type ByteSource } from './csv-reader.js';
import { fieldsOf, type ImportKind } from './field-catalog.js';
import { checkHeaders, cleanHeaders, resolvePlan, type ImportPlan } from './mapping.js';
import { SAMPLE_ROWS } from './pipeline.js';
import { blankToNull, type ValueType } from './value-types.js';
import type { TPreview } from './imports.schemas.js';

/** Enough of a file to show it and guess its types; the dashboard uploads only this much for a preview. */
export const PREVIEW_BYTES = 1024 * 1024;

export interface CsvSample {
  delimiter: Delimiter;
  headers: string[];
  rows: string[][];
}

/**
 * Reads the header and up to `maxRows` rows. When the bytes were cut off (`truncated`), the last
 * record may be incomplete and is dropped.
 */
export async function readSample(source: ByteSource, opts: { maxRows?: number; truncated?: boolean } = {}): Promise<CsvSample> {
  const csv = await openCsv(source);
  const records = csv.parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  try {
    const headers = cleanHeaders(await readHeader(records, csv));
    checkHeaders(headers);
    const max = opts.maxRows ?? SAMPLE_ROWS;
    const rows: string[][] = [];
    let reachedEnd = false;
    // One row more than needed: only a record followed by another one is surely complete.
    while (rows.length <= max) {
      const n = await records.next();
      if (n.done) {
        reachedEnd = true;
        break;
      }
      rows.push(n.value);
    }
    if (reachedEnd && opts.truncated) rows.pop();
    return { delimiter: csv.delimiter, headers, rows: rows.slice(0, max) };
  } finally {
    csv.parser.destroy();
  }
}

/** Reads the first `max` bytes of an upload and lets the rest flow away, so the request completes. */
export async function firstBytes(stream: Readable, max = PREVIEW_BYTES): Promise<{ data: Buffer; truncated: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    if (size + buf.length > max) {
      parts.push(buf.subarray(0, max - size));
      size = max;
      truncated = true;
      break;
    }
    parts.push(buf);
    size += buf.length;
  }
  if (truncated) {
    stream.resume();
    await finished(stream).catch(() => {});
  }
  return { data: Buffer.concat(parts), truncated };
}

export async function attributeTypesOf(db: Db, kind: ImportKind, workspaceId: string): Promise<Record<string, ValueType>> {
  if (kind !== 'customers') return {};
  const defs = await listAttributeDefinitions(db, workspaceId);
  return Object.fromEntries(defs.map((d) => [d.key, d.type as ValueType]));
}

/** The plan an import of this sample would use, with what must change listed as problems. */
export function planForSample(
  sample: CsvSample,
  kind: ImportKind,
  attributeTypes: Record<string, ValueType>,
  mapping?: Record<string, string>,
  defaults?: Record<string, string>,
) {
  return resolvePlan({
    kind,
    headers: sample.headers,
    sample: sample.rows.map((r) => r.map((v) => blankToNull(v))),
    mapping,
    defaults,
    attributeTypes,
    commaDecimals: sample.delimiter === ';',
  });
}

/**
 * What the import wizard shows: the first rows, the suggested mapping with inferred types and a
 * few sample values per column, the fields a column can go to, and what blocks the import.
 */
export async function previewCsv(
  db: Db,
  workspaceId: string,
  source: ByteSource,
  opts: { kind: ImportKind; mapping?: Record<string, string>; defaults?: Record<string, string>; truncated?: boolean },
): Promise<TPreview> {
  const sample = await readSample(source, { truncated: opts.truncated });
  const { plan, problems } = planForSample(sample, opts.kind, await attributeTypesOf(db, opts.kind, workspaceId), opts.mapping, opts.defaults);
  return {
    kind: opts.kind,
    delimiter: sample.delimiter,
    headers: sample.headers,
    rows: sample.rows.slice(0, 10),
    sampledRows: sample.rows.length,
    columns: plan.columns.map((c) => ({ column: c.column, field: c.field, type: c.type, source: c.source, samples: samplesOf(sample, c.index) })),
    fields: fieldsOf(opts.kind).map(({ field, label, type, description }) => ({ field, label, type, description })),
    problems,
  };
}

function samplesOf(sample: CsvSample, index: number): string[] {
  const seen = new Set<string>();
  for (const row of sample.rows) {
    const v = blankToNull(row[index]);
    if (v !== null) seen.add(v.length > 80 ? `${v.slice(0, 80)}…` : v);
    if (seen.size >= 3) break;
  }
  return [...seen];
}

export type { ImportPlan };
