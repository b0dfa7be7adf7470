import { z } from 'zod';

const STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;

/** column → question id, submittedAt, email, externalId, language, hidden.<name> or ignore. */
export const ZResponseMapping = z.record(z.string().max(200), z.string().max(200));

export const ZResponseImportParams = z.object({ id: z.uuid(), importId: z.uuid() });

export const ZResponseImportJson = z.object({
  csv: z.string().min(1).max(10 * 1024 * 1024).describe('The file itself (up to 10 MB here; larger files as multipart/form-data)'),
  fileName: z.string().trim().min(1).max(255).default('responses.csv'),
  mapping: ZResponseMapping.optional(),
});

export const ZResponseImportJob = z.object({
  id: z.uuid(),
  surveyId: z.uuid(),
  status: z.enum(STATUSES),
  fileName: z.string(),
  sizeBytes: z.number().int(),
  mapping: ZResponseMapping,
  progress: z.object({
    processed: z.number().int(),
    total: z.number().int().nullable().describe('Estimated from the bytes read until the end; exact when totalIsExact'),
    totalIsExact: z.boolean(),
    percent: z.number(),
    rowsPerSecond: z.number(),
  }),
  counts: z.object({
    imported: z.number().int(),
    duplicates: z.number().int().describe('Rows stored by an earlier import of the same file'),
    rejected: z.number().int().describe('Rows with no answer left'),
    invalidValues: z.number().int().describe('Answers left empty because the value was not valid (the rest of the row was kept)'),
    errorRows: z.number().int().describe('Rows listed in the error report'),
  }),
  errorMessage: z.string().nullable(),
  errorsUrl: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});
export type TResponseImportJob = z.infer<typeof ZResponseImportJob>;
export const ZResponseImportList = z.object({ data: z.array(ZResponseImportJob), nextCursor: z.string().nullable() });
export const ZResponseImportListQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), cursor: z.string().max(200).optional() });

export const ZResponseImportPreview = z.object({
  delimiter: z.string(),
  sampledRows: z.number().int(),
  columns: z.array(z.object({
    column: z.string(),
    target: z.string().describe('The mapping this preview used'),
    suggested: z.string().describe('What Kunde guesses from the header'),
    examples: z.array(z.string()),
    invalidInSample: z.number().int().describe('Values of the sampled rows that would be left empty'),
  })),
  rows: z.array(z.array(z.string())).describe('The first rows as read'),
  targets: z.array(z.object({ value: z.string(), kind: z.enum(['question', 'field']), type: z.string().nullable(), label: z.string() })),
  problems: z.array(z.object({ path: z.string(), message: z.string() })).describe('Why the mapping would be refused; empty when it can start'),
});
export type TResponseImportPreview = z.infer<typeof ZResponseImportPreview>;
