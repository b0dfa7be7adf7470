import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { ZCustomerInput, ZEventInput, type TCustomerInput, type TEventInput } from '../customers/customers.schemas.js';
import type { ImportPlan } from './mapping.js';
import { blankToNull, coerce } from './value-types.js';

export type Converted<T> = { ok: true; input: T } | { ok: false; column: string | null; message: string };
type Scalar = string | number | boolean;

const currencyDigits = new Map<string, number | undefined>();
/** Minor-unit digits of a currency (2 for DKK/EUR, 0 for JPY, 3 for KWD); undefined for unknown codes. */
function minorDigits(currency: string): number | undefined {
  if (!currencyDigits.has(currency)) {
    try {
      const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
      currencyDigits.set(currency, /^[A-Z]{3}$/.test(currency) ? digits : undefined);
    } catch {
      currencyDigits.set(currency, undefined);
    }
  }
  return currencyDigits.get(currency);
}

/** Reads the typed cells of one row into field → value, with the plan's defaults for what is blank. */
function readFields(plan: ImportPlan, values: string[]): { ok: true; fields: Map<string, Scalar> } | { ok: false; column: string; message: string } {
  const fields = new Map<string, Scalar>(Object.entries(plan.defaults));
  for (const c of plan.columns) {
    if (c.field === 'ignore') continue;
    const r = coerce(blankToNull(values[c.index]), c.type, c.decimal);
    if (!r.ok) {
      const hint = c.inferred ? ` (the column's type, ${c.type}, was guessed from the first rows; map it as ${c.field}:string to keep any text)` : '';
      return { ok: false, column: c.column, message: r.message + hint };
    }
    if (r.value !== null) fields.set(c.field, r.value);
  }
  return { ok: true, fields };
}

/** Points a schema error at the CSV column it came from. */
function columnOf(plan: ImportPlan, path: PropertyKey[]): string | null {
  const [head, second] = path.map(String);
  const candidates = head === 'customer' ? [second] : head === 'attributes' || head === 'properties' || head === 'social' ? [`${head}.${second}`] : [head];
  if (head === 'name') candidates.push('firstName', 'lastName');
  if (head === 'properties' && second === 'amount') candidates.push('amount', 'amountMinor');
  if (head === 'properties' && second === 'currency') candidates.push('currency');
  const col = plan.columns.find((c) => candidates.includes(c.field));
  return col?.column ?? null;
}

/** The column a service's error message ("email: must be …", "properties.amount: …") refers to. */
export function columnForError(plan: ImportPlan, message: string): string | null {
  const m = /^([\w.]+):/.exec(message);
  return m ? columnOf(plan, m[1].split('.')) : null;
}

function validate<T>(plan: ImportPlan, schema: z.ZodType, input: T): Converted<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, input };
  const issue = parsed.error.issues[0];
  const where = issue.path.length ? issue.path.join('.') : 'row';
  return { ok: false, column: columnOf(plan, issue.path), message: `${where} ${issue.message}` };
}

const PROFILE_FIELDS = new Set(['externalId', 'email', 'phone', 'anonymousId', 'name', 'language', 'country', 'city', 'birthDate', 'ageBand', 'gender', 'incomeBand', 'marketingConsent', 'surveyConsent']);

/**
 * One CSV row → one profile for upsertCustomers. Blank cells are left out rather than sent as empty,
 * so a file with fewer columns never wipes what other sources already know about a customer.
 */
export function toCustomerInput(plan: ImportPlan, values: string[]): Converted<TCustomerInput> {
  const profile = toCustomerProfile(plan, values);
  return profile.ok ? validate(plan, ZCustomerInput, profile.input) : profile;
}

/**
 * toCustomerInput without the schema check, for the import: bulkUpsertCustomers validates every
 * profile itself (and its "field: message" errors still find their column), so checking here too
 * would only spend the time twice.
 */
export function toCustomerProfile(plan: ImportPlan, values: string[]): Converted<TCustomerInput> {
  const read = readFields(plan, values);
  if (!read.ok) return read;
  const { fields } = read;
  const input: Record<string, unknown> = {};
  const attributes: Record<string, Scalar> = {};
  const social: Record<string, string> = {};
  for (const [field, value] of fields) {
    if (PROFILE_FIELDS.has(field)) input[field] = value;
    else if (field.startsWith('attributes.')) attributes[field.slice(11)] = value;
    else if (field.startsWith('social.')) social[field.slice(7)] = String(value);
  }
  if (input.name === undefined && (fields.has('firstName') || fields.has('lastName'))) {
    input.name = [fields.get('firstName'), fields.get('lastName')].filter((v) => v !== undefined).join(' ');
  }
  if (typeof input.birthDate === 'string') input.birthDate = input.birthDate.slice(0, 10);
  if (Object.keys(attributes).length) input.attributes = attributes;
  if (Object.keys(social).length) input.social = social;
  return { ok: true, input: input as TCustomerInput };
}

/** JSON with sorted keys: the same event content always gives the same text (and so the same id). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A file without an id column still re-imports without duplicates: the event's id is derived from its
 * content (type, time, customer, channel, touchpoint, properties). Two rows with identical content are
 * therefore one event — they cannot be told apart anyway.
 */
export const contentEventId = (event: Omit<TEventInput, 'id'>) =>
  `csv-${createHash('sha256').update(canonicalJson(event)).digest('base64url').slice(0, 32)}`;

const EVENT_FIELDS = new Set(['id', 'type', 'occurredAt', 'channel', 'touchpoint']);
const CUSTOMER_KEYS = new Set(['externalId', 'email', 'phone', 'anonymousId']);

/** One CSV row → one event for ingestEvents (amounts converted to minor units of their currency). */
export function toEventInput(plan: ImportPlan, values: string[]): Converted<TEventInput> {
  const read = readFields(plan, values);
  if (!read.ok) return read;
  const event: Record<string, unknown> = {};
  const customer: Record<string, string> = {};
  const properties: Record<string, Scalar> = {};
  let amount: { value: number; minor: boolean } | undefined;
  for (const [field, value] of read.fields) {
    // Date cells at midnight read as calendar dates; an event needs the instant.
    if (field === 'occurredAt') event.occurredAt = String(value).length === 10 ? `${value}T00:00:00.000Z` : String(value);
    else if (EVENT_FIELDS.has(field)) event[field] = String(value);
    else if (CUSTOMER_KEYS.has(field)) customer[field] = String(value);
    else if (field === 'currency') properties.currency = String(value).trim().toUpperCase();
    else if (field === 'amount' || field === 'amountMinor') amount = { value: Number(value), minor: field === 'amountMinor' };
    else if (field.startsWith('properties.')) properties[field.slice(11)] = value;
  }
  if (amount) {
    const col = (f: string) => plan.columns.find((c) => c.field === f)?.column ?? null;
    if (amount.minor) {
      if (!Number.isInteger(amount.value)) return { ok: false, column: col('amountMinor'), message: 'minor units must be a whole number' };
      properties.amount = amount.value;
    } else {
      const currency = typeof properties.currency === 'string' ? properties.currency : undefined;
      const digits = currency === undefined ? 2 : minorDigits(currency);
      if (digits === undefined) return { ok: false, column: col('currency'), message: `"${currency}" is not an ISO 4217 currency code` };
      properties.amount = Math.round(amount.value * 10 ** digits);
    }
  }
  event.customer = customer;
  if (Object.keys(properties).length) event.properties = properties;
  if (event.id === undefined) event.id = contentEventId(event as Omit<TEventInput, 'id'>);
  return validate(plan, ZEventInput, event as TEventInput);
}
