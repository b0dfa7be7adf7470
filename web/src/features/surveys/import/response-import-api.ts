import { ApiError, type ApiData, type Problem } from '../../../lib/api';
import { i18n } from '../../../i18n';

// Shapes of the response-import endpoints, generated from src/surveys/import/response-import-jobs.schemas.ts.
export type ResponseImportJob = ApiData<'get', '/surveys/{id}/responses/imports/{importId}'>;
export type ResponseImportPreview = ApiData<'post', '/surveys/{id}/responses/imports/preview'>;
export type ResponseImportStatus = ResponseImportJob['status'];

export const isRunning = (s: ResponseImportStatus) => s === 'queued' || s === 'running';

export const responseImportKeys = {
  list: (surveyId: string) => ['surveys', 'imports', surveyId] as const,
  detail: (surveyId: string, id: string) => ['surveys', 'imports', surveyId, id] as const,
};

/** The preview reads only the start of a file, so only that much is sent. */
export const PREVIEW_BYTES = 1024 * 1024;

/**
 * A multipart upload (the JSON client cannot send files): text fields first, as the server reads them
 * before the file; cookie sessions send their CSRF token like every write.
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
