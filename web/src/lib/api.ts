import createClient, { type MethodResponse } from 'openapi-fetch';
import type { HttpMethod, PathsWithMethod } from 'openapi-typescript-helpers';
import { i18n } from '../i18n';
// Generated from the route schemas before every typecheck and build (scripts/gen-api-types.ts), so a
// route that changes shape breaks the typecheck of every dashboard call relying on the old one.
import type { paths } from './api-types.gen';

export type { paths };

/** One field-level complaint of an RFC 9457 problem, e.g. { path: 'body.name', message: '…' }. */
export interface FieldError {
  path: string;
  message: string;
}

/** The RFC 9457 problem document every /api error answers with. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  requestId?: string;
}

/** A failed API call; `problem.detail` is written for people and is safe to show. */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }
}

/** The API under /api/v1, typed by the generated route types: paths, parameters and bodies are checked. */
export const client = createClient<paths>({
  baseUrl: '/api/v1',
  credentials: 'same-origin',
  headers: { accept: 'application/json' },
  // Filters left blank mean "no filter": they are not sent at all (`?type=` would be a bad value).
  querySerializer: (query) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    return params.toString();
  },
});

/** The JSON a route answers with on success, e.g. ApiData<'get', '/customers/{id}'>. */
export type ApiData<M extends HttpMethod, P extends PathsWithMethod<paths, M>> = MethodResponse<typeof client, M, P>;

type JsonBody<T> = T extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
/** The JSON body a route accepts, e.g. ApiBody<'patch', '/workspace'>. */
export type ApiBody<M extends HttpMethod, P extends PathsWithMethod<paths, M>> = JsonBody<paths[P][M]>;

/** One item of a list route's `data`, e.g. ApiItem<'/segments'>. */
export type ApiItem<P extends PathsWithMethod<paths, 'get'>> = ApiData<'get', P> extends { data: (infer I)[] } ? I : never;

// Cookie sessions need the CSRF token on every write; it comes from login and from /me.
let csrfToken: string | null = null;
let unauthorizedHandler: () => void = () => {};

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any request answers 401 — the session ended, so the app returns to sign-in. */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

client.use({
  onRequest({ request }) {
    if (request.method !== 'GET' && csrfToken) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
});

export interface CallOptions {
  /** Sign-in forms expect 401 for a wrong password and must not bounce to the sign-in page. */
  expectUnauthorized?: boolean;
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'detail' in value;
}

/**
 * Waits for a typed client call and returns what it answered, or throws ApiError with the
 * server's problem (a network failure becomes a problem too; an abort stays an AbortError).
 * Usage: `ok(client.GET('/customers/{id}', { params: { path: { id } }, signal }))`.
 */
export async function ok<D>(call: Promise<{ data?: D; error?: unknown; response: Response }>, opts: CallOptions = {}): Promise<D> {
  let result: { data?: D; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, detail: i18n.t('errors.network') });
  }
  const { data, error, response: res } = result;
  // A 2xx without a body (204) has no data; its type says so (never/undefined) already.
  if (res.ok) return data as D;
  if (res.status === 401 && !opts.expectUnauthorized) unauthorizedHandler();
  if (isProblem(error)) throw new ApiError(error);
  throw new ApiError({ type: 'about:blank', title: res.statusText, status: res.status, detail: i18n.t('errors.unexpected', { status: res.status }) });
}

/** Field errors of a failed form submit, keyed by input name ('body.name' → 'name'). */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !error.problem.errors) return {};
  const out: Record<string, string> = {};
  for (const e of error.problem.errors) {
    const field = e.path.replace(/^(body|query|params)\.?/, '') || '_';
    out[field] ??= e.message;
  }
  return out;
}

/** A message for any thrown value, preferring the server's problem detail. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail;
  return i18n.t('errors.unknown');
}
