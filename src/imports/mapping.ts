import { AppError, type FieldError } from '../platform/errors.js';
import { fieldsOf, keyFromHeader, parseTarget, targetToString, type ImportKind, type Target } from './field-catalog.js';
import { synonymFor, normaliseHeader } from './header-synonyms.js';
import { coerce, inferType, parseNumber, type Cell, type DecimalMark, type ValueType } from './value-types.js';

export const MAX_COLUMNS = 500;
export const MAX_HEADER_LENGTH = 300;

/** One column of the file and what the import does with it. */
export interface PlannedColumn {
  index: number;
  column: string;
  /** Canonical target: "email", "attributes.Contract", "properties.orderId", "social.twitter", "ignore". */
  field: string;
  type: ValueType;
  decimal?: DecimalMark;
  /** mapped: chosen by the person; suggested: recognised from the header; custom: kept as attribute/property. */
  source: 'mapped' | 'suggested' | 'custom';
  /** The type was guessed from the sample (not given, not already defined). */
  inferred?: boolean;
}

/** Everything needed to turn rows into profiles or events; stored with a job so a resumed run converts identically. */
export interface ImportPlan {
  kind: ImportKind;
  headers: string[];
  columns: PlannedColumn[];
  /** Values for fields the file lacks, e.g. {"type": "survey_response", "properties.metric": "csat"}. */
  defaults: Record<string, string | number | boolean>;
}

export interface PlanInput {
  kind: ImportKind;
  headers: string[];
  sample: Cell[][];
  /** column → target, from `--map column=field` or the dashboard. */
  mapping?: Record<string, string>;
  /** target → constant value, from `--set field=value`. */
  defaults?: Record<string, string>;
  /** Types of attributes the workspace already defined: a re-import keeps them. */
  attributeTypes?: Record<string, ValueType>;
  commaDecimals?: boolean;
}

/** Blank headers get a name, repeated ones a suffix, so every column can be mapped by name. */
export function cleanHeaders(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const base = h.trim() === '' ? `column_${i + 1}` : h.trim();
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}

/** Refuses header rows no mapping can work with: too many columns, or "names" that are really data. */
export function checkHeaders(headers: string[]): void {
  if (headers.length > MAX_COLUMNS) {
    throw new AppError('validation_failed', `The file has ${headers.length} columns; at most ${MAX_COLUMNS} are supported.`);
  }
  const long = headers.find((h) => h.length > MAX_HEADER_LENGTH);
  if (long !== undefined) {
    throw new AppError('validation_failed', `The header row has a column name of ${long.length} characters (at most ${MAX_HEADER_LENGTH}); the first row must name the columns.`);
  }
}

function findColumn(headers: string[], name: string): number {
  const exact = headers.indexOf(name);
  if (exact >= 0) return exact;
  const lower = headers.findIndex((h) => h.toLowerCase() === name.trim().toLowerCase());
  if (lower >= 0) return lower;
  const folded = normaliseHeader(name);
  return folded === '' ? -1 : headers.findIndex((h) => normaliseHeader(h) === folded);
}

const fail = (errors: FieldError[]): never => {
  throw new AppError('validation_failed', `The mapping cannot be used: ${errors[0].path} ${errors[0].message}`, { errors });
};

function decimalFor(sample: Cell[], commaDecimals: boolean): DecimalMark {
  const values = sample.filter((v): v is string => v !== null);
  if (!commaDecimals || values.every((v) => parseNumber(v, '.') !== undefined)) return '.';
  return values.every((v) => parseNumber(v, ',') !== undefined) ? ',' : '.';
}

/**
 * Decides, for every column, where its values go and as which type: the person's mapping first, then
 * header synonyms, and every other column becomes a typed custom attribute (customers) or property
 * (events). Refuses mappings that cannot work (unknown column or field, two columns on one field, no
 * column identifying the customer) before a single row is written.
 */
export function buildPlan(input: PlanInput): ImportPlan {
  const { plan, problems } = resolvePlan(input);
  if (problems.length) fail(problems);
  return plan;
}

/** The plan with whatever could not be honoured listed as problems (for the preview, which must always answer). */
export function resolvePlan(input: PlanInput): { plan: ImportPlan; problems: FieldError[] } {
  const { kind, headers, sample } = input;
  const errors: FieldError[] = [];
  const chosen = new Map<number, { target: Target; source: PlannedColumn['source'] }>();

  for (const [column, raw] of Object.entries(input.mapping ?? {})) {
    const index = findColumn(headers, column);
    const target = parseTarget(kind, raw);
    if (index < 0) errors.push({ path: `mapping.${column}`, message: `is not a column of the file (columns: ${headers.slice(0, 20).join(', ')})` });
    else if ('error' in target) errors.push({ path: `mapping.${column}`, message: target.error });
    else chosen.set(index, { target, source: 'mapped' });
  }

  const used = new Set([...chosen.values()].map((c) => targetToString(c.target)));
  headers.forEach((header, index) => {
    if (chosen.has(index)) return;
    const synonym = synonymFor(kind, header);
    const parsed = synonym && !used.has(synonym) ? parseTarget(kind, synonym) : undefined;
    if (parsed && !('error' in parsed)) {
      chosen.set(index, { target: parsed, source: 'suggested' });
      used.add(synonym!);
      return;
    }
    const key = keyFromHeader(header, index);
    const target: Target = kind === 'customers' ? { kind: 'attribute', key } : { kind: 'property', key };
    chosen.set(index, { target, source: 'custom' });
  });

  const columns: PlannedColumn[] = headers.map((column, index) => {
    const { target, source } = chosen.get(index)!;
    const values = sample.map((row) => row[index] ?? null);
    const base = { index, column, field: targetToString(target), source };
    switch (target.kind) {
      case 'field':
        return target.field.type === 'number'
          ? { ...base, type: 'number', decimal: decimalFor(values, input.commaDecimals ?? false) }
          : { ...base, type: target.field.type };
      case 'attribute':
      case 'property': {
        const known = target.kind === 'attribute' ? input.attributeTypes?.[target.key] : undefined;
        const type = target.type ?? known;
        if (type) return type === 'number' ? { ...base, type, decimal: decimalFor(values, input.commaDecimals ?? false) } : { ...base, type };
        return { ...base, ...inferType(values, input.commaDecimals ?? false), inferred: true };
      }
      default:
        return { ...base, type: 'string' };
    }
  });

  const byField = new Map<string, string>();
  for (const c of columns) {
    if (c.field === 'ignore') continue;
    const other = byField.get(c.field);
    if (other) errors.push({ path: `mapping.${c.column}`, message: `maps to ${c.field}, like column "${other}"; map one of them elsewhere or to ignore` });
    byField.set(c.field, c.column);
  }

  const defaults: ImportPlan['defaults'] = {};
  for (const [field, value] of Object.entries(input.defaults ?? {})) {
    const target = parseTarget(kind, field);
    if ('error' in target || target.kind === 'ignore' || (target.kind === 'field' && target.field.isIdentifier)) {
      errors.push({ path: `defaults.${field}`, message: 'error' in target ? target.error : 'cannot have one value for every row' });
      continue;
    }
    const type = target.kind === 'field' ? target.field.type : target.kind === 'social' ? 'string' : (target.type ?? inferType([value]).type);
    const coerced = coerce(value.trim() === '' ? null : value.trim(), type);
    if (!coerced.ok) errors.push({ path: `defaults.${field}`, message: coerced.message });
    else if (coerced.value !== null) defaults[targetToString(target)] = coerced.value;
  }

  const identifiers = fieldsOf(kind).filter((f) => f.isIdentifier).map((f) => f.field);
  if (!identifiers.some((f) => byField.has(f))) {
    errors.push({ path: 'mapping', message: `no column identifies the customer; map one to ${identifiers.join(', ')}` });
  }
  if (kind === 'events' && !byField.has('type') && defaults.type === undefined) {
    errors.push({ path: 'mapping', message: 'no column gives the event type; map one to type or set a type for every row (--set type=purchase)' });
  }
  return { plan: { kind, headers, columns, defaults }, problems: errors };
}

