import { ApiError, type ApiData, type Problem } from '../../lib/api';
import { i18n } from '../../i18n';

// Shapes of the import endpoints, generated from src/imports/imports.schemas.ts.

export type ImportJob = ApiData<'get', '/imports/{id}'>;
export type ImportPreview = ApiData<'post', '/imports/preview'>;
export type PreviewColumn = ImportPreview['columns'][number];
export type ImportKind = ImportJob['kind'];
export type ImportStatus = ImportJob['status'];
export type ValueType = PreviewColumn['type'];

export const isRunning = (s: ImportStatus) => s === 'queued' || s === 'running';

export const importKeys = {
  all: ['imports'] as const,
  list: ['imports', 'list'] as const,
  detail: (id: string) => ['imports', 'detail', id] as const,
};

/** The preview reads only the start of a file, so only that much is sent. */
export const PREVIEW_BYTES = 1024 * 1024;

/**
 * A multipart upload to /api/v1 (the JSON helper cannot send files). Text fields go before the file,
 * as the import endpoint reads them first; cookie sessions send their CSRF token like every write.
 */
export async function upload<P extends '/imports/preview' | '/imports'>(path: P, fields: Record<string, string>, file: Blob, fileName: string, csrfToken: string | null): Promise<ApiData<'post', P>> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file, fileName);
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
    });
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
  // The JSON of a 2xx answer is what the route's response schema declares (the server serialises through it).
  if (res.ok) return body as ApiData<'post', P>;
  if (typeof body === 'object' && body !== null && 'detail' in body) throw new ApiError(body as Problem);
  throw new ApiError({ type: 'about:blank', title: res.statusText, status: res.status, detail: i18n.t('errors.unexpected', { status: res.status }) });
}
