import { z } from 'zod';
import { ZCursorParam } from '../platform/http/cursor.js';
import { IMPORT_KINDS } from './field-catalog.js';
import { IMPORT_STATUSES } from './imports.tables.js';
import { VALUE_TYPES } from './value-types.js';

export const ZImportKind = z.enum(IMPORT_KINDS);

/** column → field, e.g. {"customerID": "externalId", "Contract": "attributes.contract"}. */
export const ZMapping = z
  .record(z.string().min(1).max(300), z.string().max(200))
  .refine((m) => Object.keys(m).length <= 500, 'at most 500 columns can be mapped');
/** field → value for every row, e.g. {"type": "survey_response", "properties.metric": "csat"}. */
export const ZDefaults = z
  .record(z.string().min(1).max(200), z.string().max(1000))
  .refine((m) => Object.keys(m).length <= 100, 'at most 100 defaults');

export const MAX_JSON_CSV = 4 * 1024 * 1024;

export const ZPreviewJson = z.object({
  csv: z.string().min(1).max(MAX_JSON_CSV),
  kind: ZImportKind.default('customers'),
  mapping: ZMapping.optional(),
  defaults: ZDefaults.optional(),
});

export const ZCreateImportJson = z.object({
  kind: ZImportKind,
  csv: z.string().min(1).max(MAX_JSON_CSV),
  fileName: z.string().trim().min(1).max(255).default('upload.csv'),
  mapping: ZMapping.optional(),
  defaults: ZDefaults.optional(),
});

const ZFieldError = z.object({ path: z.string(), message: z.string() });

export const ZPreview = z.object({
  kind: ZImportKind,
  delimiter: z.string(),
  headers: z.array(z.string()),
  rows: z.array(z.array(z.string())).describe('The first 10 rows as read'),
  sampledRows: z.number().describe('Rows the types were inferred from'),
  columns: z.array(
    z.object({
      column: z.string(),
      field: z.string(),
      type: z.enum(VALUE_TYPES),
      source: z.enum(['mapped', 'suggested', 'custom']),
      samples: z.array(z.string()),
    }),
  ),
  fields: z.array(z.object({ field: z.string(), label: z.string(), type: z.enum(VALUE_TYPES), description: z.string() })),
  problems: z.array(ZFieldError).describe('What must change before this mapping can be imported'),
});
export type TPreview = z.infer<typeof ZPreview>;

export const ZImport = z.object({
  id: z.uuid(),
  kind: ZImportKind,
  status: z.enum(IMPORT_STATUSES),
  fileName: z.string(),
  sizeBytes: z.number(),
  mapping: z.record(z.string(), z.string()),
  defaults: z.record(z.string(), z.string()),
  progress: z.object({
    processed: z.number(),
    total: z.number().nullable(),
    totalIsExact: z.boolean(),
    percent: z.number(),
    rowsPerSecond: z.number(),
  }),
  counts: z.object({ created: z.number(), updated: z.number(), unchanged: z.number(), rejected: z.number() }),
  errorMessage: z.string().nullable(),
  errorsUrl: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});
export type TImport = z.infer<typeof ZImport>;

export const ZImportList = z.object({ data: z.array(ZImport), nextCursor: z.string().nullable() });
export const ZImportListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: ZCursorParam.optional(),
});
export const ZImportParams = z.object({ id: z.uuid() });
