import { ApiError, type Problem } from '../../lib/api';
import { i18n } from '../../i18n';

// Shapes of the import endpoints (src/imports/imports.schemas.ts).

export type ImportKind = 'customers' | 'events';
export type ValueType = 'string' | 'number' | 'boolean' | 'date';
export type ImportStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface PreviewColumn {
  column: string;
  /** "externalId", "attributes.Contract", "properties.orderId", "social.twitter" or "ignore". */
  field: string;
  type: ValueType;
  source: 'mapped' | 'suggested' | 'custom';
  samples: string[];
}

export interface ImportPreview {
  kind: ImportKind;
  delimiter: string;
  headers: string[];
  rows: string[][];
  sampledRows: number;
  columns: PreviewColumn[];
  fields: { field: string; label: string; type: ValueType; description: string }[];
  problems: { path: string; message: string }[];
}

export interface ImportJob {
  id: string;
  kind: ImportKind;
  status: ImportStatus;
  fileName: string;
  sizeBytes: number;
  mapping: Record<string, string>;
  defaults: Record<string, string>;
  progress: { processed: number; total: number | null; totalIsExact: boolean; percent: number; rowsPerSecond: number };
  counts: { created: number; updated: number; unchanged: number; rejected: number };
  errorMessage: string | null;
  errorsUrl: string | null;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

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
export async function upload<T>(path: string, fields: Record<string, string>, file: Blob, fileName: string, csrfToken: string | null): Promise<T> {
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
  if (res.ok) return body as T;
  if (typeof body === 'object' && body !== null && 'detail' in body) throw new ApiError(body as Problem);
  throw new ApiError({ type: 'about:blank', title: res.statusText, status: res.status, detail: i18n.t('errors.unexpected', { status: res.status }) });
}
