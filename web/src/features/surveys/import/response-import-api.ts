import type { ApiData } from '../../../lib/api';

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

export { uploadForm } from '../../../lib/upload';
