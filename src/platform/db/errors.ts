/**
 * SQLSTATE codes Kunde reacts to, and the one walker that finds a code on an error however a
 * driver (pg, PGlite) or drizzle wrapped it.
 */
export const PG = {
  uniqueViolation: '23505',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

/** The SQLSTATE of a database error, also when a driver or drizzle wrapped it (`cause` chain). */
export function pgCode(err: unknown): string | undefined {
  for (let e: unknown = err, i = 0; e && i < 4; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when the error (or an error it wraps) carries this SQLSTATE. */
export const hasPgCode = (err: unknown, code: string): boolean => pgCode(err) === code;
