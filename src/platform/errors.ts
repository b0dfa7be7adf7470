/** The error codes a service may throw; the HTTP layer maps each to a status and a problem type. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  locked: 423,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: { errors?: FieldError[]; [k: string]: unknown };
  /** Set on 429s: how long the caller should wait (the Retry-After header). */
  retryAfterSeconds?: number;

  constructor(code: ErrorCode, message: string, details?: AppError['details']) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** 429 with the seconds to wait, sent as Retry-After. */
export function tooManyRequests(message: string, retryAfterMs: number): AppError {
  const err = new AppError('rate_limited', message);
  err.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return err;
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found.`);
export const forbidden = (why = 'Your role does not allow this action.') => new AppError('forbidden', why);
