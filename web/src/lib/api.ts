import { i18n } from '../i18n';

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

/** Cursor-paginated lists answer with the page and the cursor of the next one. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

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

type Query = Record<string, string | number | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
  /** Sign-in forms expect 401 for a wrong password and must not bounce to the sign-in page. */
  expectUnauthorized?: boolean;
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'detail' in value;
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Calls the Kunde API under /api/v1 and returns the parsed JSON, or throws ApiError. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/v1${path}`, opts.query), {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, detail: i18n.t('errors.network') });
  }
  const body = await readBody(res);
  if (res.ok) return body as T;
  if (res.status === 401 && !opts.expectUnauthorized) unauthorizedHandler();
  if (isProblem(body)) throw new ApiError(body);
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
