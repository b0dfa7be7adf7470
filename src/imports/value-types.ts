/** The value types a custom attribute (or an imported event property) can have. */
export const VALUE_TYPES = ['string', 'number', 'boolean', 'date'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

/** How numbers are written in a column: "1234.5" or the continental "1.234,5". */
export type DecimalMark = '.' | ',';

export type Cell = string | null;
export type Coerced = { ok: true; value: string | number | boolean | null } | { ok: false; message: string };

/** Spreadsheet exports pad blanks with spaces (the Telco CSV has " " in TotalCharges): blank means unknown. */
export const blankToNull = (raw: string | undefined): Cell => {
  if (raw === undefined) return null;
  const v = raw.trim();
  return v === '' ? null : v;
};

// Words spreadsheets and CRMs write for yes/no, in the languages our customers export in.
const TRUE_WORDS = new Set(['true', 'yes', 'y', 'ja', 'j', 'evet', 'oui', 'si', 'sí', 'sim', 'wahr', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'nej', 'nein', 'hayır', 'hayir', 'non', 'não', 'nao', 'falsch', 'off']);

export function parseBoolean(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (TRUE_WORDS.has(v) || v === '1') return true;
  if (FALSE_WORDS.has(v) || v === '0') return false;
  return undefined;
}

const isBooleanWord = (value: string) => {
  const v = value.toLowerCase();
  return TRUE_WORDS.has(v) || FALSE_WORDS.has(v);
};

const DOT_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const COMMA_NUMBER = /^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$/;
// "007" or "0123" are codes (postal codes, ids) whose leading zeros matter, not numbers.
const LEADING_ZERO = /^[+-]?0\d/;

export function parseNumber(value: string, decimal: DecimalMark = '.'): number | undefined {
  const v = value.trim();
  if (LEADING_ZERO.test(v)) return undefined;
  if (decimal === '.') {
    if (!DOT_NUMBER.test(v)) return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  if (!COMMA_NUMBER.test(v)) return undefined;
  const n = Number(v.replace(/\./g, '').replace(',', '.'));
  return Number.isFinite(n) ? n : undefined;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DOTTED_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

const validDay = (y: number, m: number, d: number) => {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
};
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A calendar date ("2024-03-01", "1.3.2024" as written in Denmark, Germany and Turkey) or an instant
 * ("2018-01-18 21:46:59", UTC unless an offset is given). Slash dates are refused: 03/04/2024 means
 * different days in the US and in Europe, and guessing would silently corrupt data.
 */
export function parseDate(value: string): { date: string; instant: string } | undefined {
  const v = value.trim();
  let m = ISO_DATE.exec(v);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDay(y, mo, d) ? { date: v, instant: `${v}T00:00:00.000Z` } : undefined;
  }
  m = DOTTED_DATE.exec(v);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!validDay(y, mo, d)) return undefined;
    const date = `${y}-${pad(mo)}-${pad(d)}`;
    return { date, instant: `${date}T00:00:00.000Z` };
  }
  m = ISO_DATE_TIME.exec(v);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!validDay(y, mo, d) || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) return undefined;
    let zone = m[7] ?? 'Z';
    if (/^[+-]\d{2}$/.test(zone)) zone += ':00';
    else if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
    const t = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${zone.toUpperCase()}`);
    if (Number.isNaN(t)) return undefined;
    const instant = new Date(t).toISOString();
    return { date: instant.slice(0, 10), instant };
  }
  return undefined;
}

export interface InferredType {
  type: ValueType;
  decimal?: DecimalMark;
}

/**
 * Guesses a column's type from a sample of its cells (blanks ignored): all yes/no words → boolean,
 * all numbers → number (so 0/1 columns such as SeniorCitizen stay numbers), all dates → date,
 * anything else → string. `commaDecimals` allows "29,85" (files from semicolon-separated exports).
 */
export function inferType(sample: Cell[], commaDecimals = false): InferredType {
  const values = sample.filter((v): v is string => v !== null);
  if (values.length === 0) return { type: 'string' };
  if (values.every(isBooleanWord)) return { type: 'boolean' };
  if (values.every((v) => parseNumber(v, '.') !== undefined)) return { type: 'number', decimal: '.' };
  if (commaDecimals && values.every((v) => parseNumber(v, ',') !== undefined)) return { type: 'number', decimal: ',' };
  if (values.every((v) => parseDate(v) !== undefined)) return { type: 'date' };
  return { type: 'string' };
}

/** Converts one cell to its column's type; a cell that does not fit is an error for that row. */
export function coerce(cell: Cell, type: ValueType, decimal: DecimalMark = '.'): Coerced {
  if (cell === null) return { ok: true, value: null };
  switch (type) {
    case 'string':
      return { ok: true, value: cell };
    case 'number': {
      const n = parseNumber(cell, decimal) ?? (decimal === ',' ? parseNumber(cell, '.') : undefined);
      return n === undefined ? { ok: false, message: `"${clip(cell)}" is not a number` } : { ok: true, value: n };
    }
    case 'boolean': {
      const b = parseBoolean(cell);
      return b === undefined ? { ok: false, message: `"${clip(cell)}" is not yes/no` } : { ok: true, value: b };
    }
    case 'date': {
      const d = parseDate(cell);
      if (!d) return { ok: false, message: `"${clip(cell)}" is not a date (use YYYY-MM-DD or DD.MM.YYYY)` };
      return { ok: true, value: d.instant.endsWith('T00:00:00.000Z') ? d.date : d.instant };
    }
  }
}

export const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);
