import { z } from 'zod';

export type AttributeValue = string | number | boolean | null;

/** The person-describing fields of a profile (not traits): what upserts write, merges fill and erasure clears. */
export interface ProfileFields {
  externalId: string | null;
  email: string | null;
  phone: string | null;
  name: string | null;
  language: string | null;
  country: string | null;
  city: string | null;
  birthDate: string | null;
  ageBand: string | null;
  gender: string | null;
  incomeBand: string | null;
  marketingConsent: boolean;
  surveyConsent: boolean;
  social: Record<string, string>;
  attributes: Record<string, AttributeValue>;
}

export type ProfileField = keyof ProfileFields;

export const TEXT_FIELDS = [
  'externalId',
  'email',
  'phone',
  'name',
  'language',
  'country',
  'city',
  'birthDate',
  'ageBand',
  'gender',
  'incomeBand',
] as const satisfies readonly ProfileField[];

export const PROFILE_FIELDS = [
  ...TEXT_FIELDS,
  'marketingConsent',
  'surveyConsent',
  'social',
  'attributes',
] as const satisfies readonly ProfileField[];


export const EMPTY_PROFILE: ProfileFields = {
  externalId: null,
  email: null,
  phone: null,
  name: null,
  language: null,
  country: null,
  city: null,
  birthDate: null,
  ageBand: null,
  gender: null,
  incomeBand: null,
  marketingConsent: false,
  surveyConsent: true,
  social: {},
  attributes: {},
};

/** Reads the profile fields out of a customers row (drizzle camelCase). */
export function profileOf(row: ProfileFields): ProfileFields {
  return {
    externalId: row.externalId,
    email: row.email,
    phone: row.phone,
    name: row.name,
    language: row.language,
    country: row.country,
    city: row.city,
    birthDate: row.birthDate,
    ageBand: row.ageBand,
    gender: row.gender,
    incomeBand: row.incomeBand,
    marketingConsent: row.marketingConsent,
    surveyConsent: row.surveyConsent,
    social: row.social,
    attributes: row.attributes,
  };
}

/** The fields an upsert or a patch sets by replacing the value (social and attributes merge by key). */
export type ScalarField = Exclude<ProfileField, 'social' | 'attributes'>;
export const SCALAR_FIELDS = PROFILE_FIELDS.filter((f): f is ScalarField => f !== 'social' && f !== 'attributes');

const copyField = <K extends ScalarField>(to: ProfileFields, from: Partial<Pick<ProfileFields, ScalarField>>, f: K): void => {
  const v = from[f];
  if (v !== undefined) to[f] = v;
};

/** A copy of `base` with every scalar field `sent` names replaced (undefined = not sent, null = cleared). */
export function withScalars(base: ProfileFields, sent: Partial<Pick<ProfileFields, ScalarField>>): ProfileFields {
  const p: ProfileFields = { ...base, social: { ...base.social }, attributes: { ...base.attributes } };
  for (const f of SCALAR_FIELDS) copyField(p, sent, f);
  return p;
}

const ZAttributeValueStored = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const ZText = z.string().nullable();

/** Profile fields read back from JSON (a merge snapshot): checked, not cast, since the JSON outlives code changes. */
export const ZProfileFields = z.object({
  externalId: ZText,
  email: ZText,
  phone: ZText,
  name: ZText,
  language: ZText,
  country: ZText,
  city: ZText,
  birthDate: ZText,
  ageBand: ZText,
  gender: ZText,
  incomeBand: ZText,
  marketingConsent: z.boolean(),
  surveyConsent: z.boolean(),
  social: z.record(z.string(), z.string()),
  attributes: z.record(z.string(), ZAttributeValueStored),
}) satisfies z.ZodType<ProfileFields>;

const same = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
};

/** True when two profiles hold the same values (objects compared key by key, one level deep). */
export const sameProfile = (a: ProfileFields, b: ProfileFields): boolean => PROFILE_FIELDS.every((f) => same(a[f], b[f]));
export const sameValue = same;
