import { ApiError, type Problem } from './api';
import { i18n } from '../i18n';

/**
 * A multipart upload to /api/v1 (the typed JSON client cannot send files): text fields first, as the
 * server reads them before the file; cookie sessions send their CSRF token like every write. A problem
 * answer becomes an ApiError as from the JSON client. The JSON of a 2xx answer is what the route's
 * response schema declares (the server serialises through it), so the caller names its type.
 */
export async function uploadForm<T>(path: string, fields: Record<string, string>, file: Blob, fileName: string, csrfToken: string | null): Promise<T> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file, fileName);
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { method: 'POST', body: form, credentials: 'same-origin', headers: { accept: 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) } });
  } catch {
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, detail: i18n.t('errors.network') });
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  if (res.ok) return body as T;
  if (typeof body === 'object' && body !== null && 'detail' in body) throw new ApiError(body as Problem);
  throw new ApiError({ type: 'about:blank', title: res.statusText, status: res.status, detail: i18n.t('errors.unexpected', { status: res.status }) });
}
