import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';

type Cell = string | number | boolean | null | undefined;

/**
 * A spreadsheet runs a text cell that starts with = + - @ (or tab/CR) as a formula: a customer comment
 * "=HYPERLINK(…)" would run when an analyst opens the export. Such cells get a leading apostrophe, as
 * the import error report and the response export do. Numbers stay numbers (−3.5 is a value, not a formula).
 */
export const neutraliseCsvCell = (v: string): string => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/**
 * Rows as a streamed CSV (RFC 4180 quoting by csv-stringify, formula starts neutralised, a BOM so spreadsheet
 * programs read UTF-8: ø, ş, 中). Rows are pulled as the client reads, so a large export never sits in memory.
 */
export function csvStream(rows: AsyncIterable<Cell[]> | Iterable<Cell[]>): Readable {
  return Readable.from(rows).pipe(stringify({ bom: true, cast: { string: neutraliseCsvCell, boolean: (b) => (b ? 'true' : 'false') } }));
}

/** A file name safe in a Content-Disposition header. */
export const attachment = (fileName: string): string => `attachment; filename="${fileName.replace(/[^\w.-]+/g, '_')}"`;
