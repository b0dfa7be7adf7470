import { VALUE_TYPES, type ValueType } from './value-types.js';

export const IMPORT_KINDS = ['customers', 'events'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** A place a CSV column can go: a profile or event field with a fixed type. */
export interface TargetField {
  field: string;
  label: string;
  type: ValueType;
  description: string;
  /** Identifies the customer (at least one such column is needed). */
  isIdentifier?: boolean;
}

const IDENTIFIERS: TargetField[] = [
  { field: 'externalId', label: 'External id', type: 'string', isIdentifier: true, description: 'Your own customer id (CRM, shop, billing).' },
  { field: 'email', label: 'E-mail', type: 'string', isIdentifier: true, description: 'Lower-cased and trimmed; must be a valid address.' },
  { field: 'phone', label: 'Phone', type: 'string', isIdentifier: true, description: 'Normalised to digits with a leading +.' },
];

export const CUSTOMER_FIELDS: TargetField[] = [
  ...IDENTIFIERS,
  { field: 'anonymousId', label: 'Anonymous id', type: 'string', description: 'Website/app visitor id, links earlier anonymous activity.' },
  { field: 'name', label: 'Name', type: 'string', description: 'Full name.' },
  { field: 'firstName', label: 'First name', type: 'string', description: 'Joined with the last name into the name.' },
  { field: 'lastName', label: 'Last name', type: 'string', description: 'Joined with the first name into the name.' },
  { field: 'language', label: 'Language', type: 'string', description: 'Language tag such as "da" or "zh-CN".' },
  { field: 'country', label: 'Country', type: 'string', description: 'Country (ISO code preferred).' },
  { field: 'city', label: 'City', type: 'string', description: 'City.' },
  { field: 'birthDate', label: 'Birth date', type: 'date', description: 'YYYY-MM-DD or DD.MM.YYYY.' },
  { field: 'ageBand', label: 'Age band', type: 'string', description: 'e.g. "25-34".' },
  { field: 'gender', label: 'Gender', type: 'string', description: 'As the customer stated it.' },
  { field: 'incomeBand', label: 'Income band', type: 'string', description: 'e.g. "medium".' },
  { field: 'marketingConsent', label: 'Marketing consent', type: 'boolean', description: 'yes/no, true/false, 1/0.' },
  { field: 'surveyConsent', label: 'Survey consent', type: 'boolean', description: 'yes/no; "no" means never survey this customer.' },
];

export const EVENT_FIELDS: TargetField[] = [
  { field: 'id', label: 'Event id', type: 'string', description: 'Your id of the event; re-imports with the same id are skipped.' },
  { field: 'type', label: 'Event type', type: 'string', description: 'purchase, refund, signup, support_case_opened, survey_response, … or your own.' },
  { field: 'occurredAt', label: 'Occurred at', type: 'date', description: 'When it happened (ISO 8601; UTC unless an offset is given).' },
  { field: 'channel', label: 'Channel', type: 'string', description: 'web, email, store, phone, chat, social, app, …' },
  { field: 'touchpoint', label: 'Touchpoint', type: 'string', description: 'checkout, delivery, support, onboarding, …' },
  ...IDENTIFIERS,
  { field: 'anonymousId', label: 'Anonymous id', type: 'string', isIdentifier: true, description: 'Website/app visitor id.' },
  { field: 'amount', label: 'Amount', type: 'number', description: 'Money in major units ("129.95"); stored in minor units of the currency.' },
  { field: 'amountMinor', label: 'Amount (minor units)', type: 'number', description: 'Money already in minor units (cents, øre): 12995.' },
  { field: 'currency', label: 'Currency', type: 'string', description: 'ISO 4217 code such as DKK, EUR, TRY.' },
];

export const fieldsOf = (kind: ImportKind): TargetField[] => (kind === 'customers' ? CUSTOMER_FIELDS : EVENT_FIELDS);

/** Where a column goes, parsed from strings like "email", "attributes.plan:number", "properties.orderId", "ignore". */
export type Target =
  | { kind: 'field'; field: TargetField }
  | { kind: 'attribute'; key: string; type?: ValueType }
  | { kind: 'property'; key: string; type?: ValueType }
  | { kind: 'social'; network: string }
  | { kind: 'ignore' };

// Same rule as customer attribute keys (ZAttributeKey), so a mapped key is never rejected later.
const KEY = /^[A-Za-z][\w-]{0,63}$/;
const NETWORK = /^[a-z][a-z0-9_-]{0,31}$/;

/** Parses a mapping target; returns a message a person can act on when it is not one. */
export function parseTarget(kind: ImportKind, raw: string): Target | { error: string } {
  const text = raw.trim();
  if (text === 'ignore' || text === '') return { kind: 'ignore' };
  const withoutPrefix = text.startsWith('customer.') && kind === 'events' ? text.slice('customer.'.length) : text;
  const field = fieldsOf(kind).find((f) => f.field.toLowerCase() === withoutPrefix.toLowerCase());
  if (field) return { kind: 'field', field };
  const dot = text.indexOf('.');
  const prefix = dot > 0 ? text.slice(0, dot) : '';
  const rest = dot > 0 ? text.slice(dot + 1) : '';
  if (kind === 'customers' && prefix === 'social') {
    return NETWORK.test(rest) ? { kind: 'social', network: rest } : { error: `"${rest}" is not a social network name (a-z, 0-9)` };
  }
  const wanted = kind === 'customers' ? 'attributes' : 'properties';
  if (prefix === wanted) {
    const [key, type] = rest.split(':');
    if (!KEY.test(key ?? '')) return { error: `"${key}" is not a valid key (start with a letter; letters, digits, _ and -; at most 64)` };
    if (type !== undefined && !(VALUE_TYPES as readonly string[]).includes(type)) {
      return { error: `type "${type}" is not one of ${VALUE_TYPES.join(', ')}` };
    }
    const t = type as ValueType | undefined;
    return kind === 'customers' ? { kind: 'attribute', key, type: t } : { kind: 'property', key, type: t };
  }
  const names = fieldsOf(kind).map((f) => f.field);
  return { error: `unknown field "${text}"; use one of ${names.join(', ')}, ${wanted}.<key>${kind === 'customers' ? ', social.<network>' : ''} or ignore` };
}

/** The canonical string of a target, as stored in plans and shown in previews. */
export function targetToString(t: Target): string {
  switch (t.kind) {
    case 'field':
      return t.field.field;
    case 'attribute':
      return `attributes.${t.key}`;
    case 'property':
      return `properties.${t.key}`;
    case 'social':
      return `social.${t.network}`;
    case 'ignore':
      return 'ignore';
  }
}

/**
 * A column header turned into an attribute/property key (ASCII letters, digits, _ and -, starting
 * with a letter, as customer attributes require): "Monthly Charges" → "Monthly_Charges", "Købt" → "Kobt".
 */
export function keyFromHeader(header: string, index: number): string {
  let key = header
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'Ae')
    .replace(/ß/g, 'ss')
    .replace(/ı/g, 'i')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '');
  if (key !== '' && !/^[A-Za-z]/.test(key)) key = `c_${key}`;
  return key === '' ? `column_${index + 1}` : key.slice(0, 64);
}
