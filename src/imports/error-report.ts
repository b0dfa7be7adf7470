import { stringify } from 'csv-stringify/sync';
import type { RowError } from './pipeline.js';

/**
 * A spreadsheet runs a cell that starts with = + - @ (or tab/CR) as a formula: a rejected row holding
 * "=HYPERLINK(…)" would run when someone opens the report. Such cells get a leading apostrophe.
 */
export const neutraliseCell = (v: string): string => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export const ERROR_REPORT_COLUMNS = ['row', 'column', 'error'];

/** The report's header: our three columns, then the file's own so fixed rows can be imported again. */
export function errorReportHeader(headers: string[], delimiter = ','): string {
  return stringify([[...ERROR_REPORT_COLUMNS, ...headers].map(neutraliseCell)], { delimiter });
}

/** CSV lines for rejected rows, in the file's column order. */
export function errorReportLines(errors: RowError[], delimiter = ','): string {
  if (errors.length === 0) return '';
  return stringify(
    errors.map((e) => [String(e.row), e.column ?? '', e.message, ...e.values].map(neutraliseCell)),
    { delimiter },
  );
}
