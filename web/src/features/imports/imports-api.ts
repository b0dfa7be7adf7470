import type { ApiData } from '../../lib/api';
import { uploadForm } from '../../lib/upload';

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

/** The customer import's two uploads (preview and start), typed by their path. */
export function upload<P extends '/imports/preview' | '/imports'>(path: P, fields: Record<string, string>, file: Blob, fileName: string, csrfToken: string | null): Promise<ApiData<'post', P>> {
  return uploadForm<ApiData<'post', P>>(path, fields, file, fileName, csrfToken);
}
