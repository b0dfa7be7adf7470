import type { AppContext } from '../platform/context.js';
import { analyzeCustomerTables } from './identity.queries.js';

/** One identifier of a person: kind is external_id, email, phone, anonymous_id or social:<network>. */
export interface Identifier {
  kind: string;
  value: string;
}

export const identifierKey = (i: Identifier): string => `${i.kind}\u0000${i.value}`;

/** The identifiers named by an event's customer block or a profile (already normalised by zod). */
export function identifiersOf(ref: {
  externalId?: string;
  email?: string;
  phone?: string;
  anonymousId?: string;
  social?: Record<string, string>;
}): Identifier[] {
  const out: Identifier[] = [];
  if (ref.externalId) out.push({ kind: 'external_id', value: ref.externalId });
  if (ref.email) out.push({ kind: 'email', value: ref.email });
  if (ref.phone) out.push({ kind: 'phone', value: ref.phone });
  if (ref.anonymousId) out.push({ kind: 'anonymous_id', value: ref.anonymousId });
  for (const [network, handle] of Object.entries(ref.social ?? {})) out.push({ kind: `social:${network}`, value: handle });
  return out;
}

// Bulk loads outrun autovacuum: until it analyzes, the planner believes a workspace holds a few
// hundred rows and answers key lookups (identifiers, client ids, customer ids) by reading the whole
// workspace. Analyzing after every doubling of what this process wrote keeps the estimates honest.
let writtenSinceAnalyze = 0;
let analyzeAt = 5_000;
let analyzing = false;

/** Counts rows written by ingest/upsert; now and then refreshes planner statistics in the background. */
export function noteRowsWritten(ctx: Pick<AppContext, 'db' | 'log'>, rows: number): void {
  writtenSinceAnalyze += rows;
  if (writtenSinceAnalyze < analyzeAt || analyzing) return;
  analyzing = true;
  writtenSinceAnalyze = 0;
  analyzeAt = Math.min(analyzeAt * 2, 2_000_000);
  analyzeCustomerTables(ctx.db)
    .catch((err: unknown) => ctx.log.warn({ err }, 'analyze of customer tables failed'))
    .finally(() => {
      analyzing = false;
    });
}
