import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { actorOf } from '../platform/auth/authenticate.js';
import { AppError } from '../platform/errors.js';
import { ZCreateImportJson, ZDefaults, ZImport, ZImportKind, ZImportList, ZImportListQuery, ZImportParams, ZMapping, ZPreview, ZPreviewJson } from './imports.schemas.js';
import { cancelImport, createImport, discardUpload, errorReport, getImport, listImports, newImportId, storeUpload } from './imports.service.js';
import { firstBytes, previewCsv } from './preview.js';
import type { ImportKind } from './field-catalog.js';

/** Uploads stream into the database chunk by chunk, so this bounds disk use, not memory. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;

interface FormFields {
  kind: ImportKind;
  mapping?: Record<string, string>;
  defaults?: Record<string, string>;
  fileName?: string;
}

/** Multipart text fields: kind, and mapping/defaults as JSON objects. */
function parseFormFields(fields: Record<string, string>, kindRequired: boolean): FormFields {
  const errors: { path: string; message: string }[] = [];
  const json = <T>(name: string, schema: z.ZodType<T>): T | undefined => {
    if (fields[name] === undefined || fields[name].trim() === '') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(fields[name]);
    } catch {
      errors.push({ path: `body.${name}`, message: 'must be a JSON object' });
      return undefined;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) errors.push({ path: `body.${name}`, message: parsed.error.issues[0].message });
    return parsed.success ? parsed.data : undefined;
  };
  const kind = ZImportKind.safeParse(fields.kind ?? (kindRequired ? undefined : 'customers'));
  if (!kind.success) errors.push({ path: 'body.kind', message: 'must be "customers" or "events"' });
  const mapping = json('mapping', ZMapping);
  const defaults = json('defaults', ZDefaults);
  if (errors.length || !kind.success) {
    throw new AppError('validation_failed', `Invalid body: ${errors[0].path} ${errors[0].message}`, { errors });
  }
  return { kind: kind.data, mapping, defaults };
}

const malformedMultipart = () =>
  new AppError('bad_request', 'The multipart/form-data body is malformed: its boundary is missing or a part is cut off.');

/**
 * The parts of a multipart request. busboy reports a malformed body (no boundary, a truncated part)
 * as plain Errors, which would answer 500; @fastify/multipart's own errors (limits) carry a 4xx.
 */
async function* partsOf(req: FastifyRequest) {
  try {
    yield* req.parts();
  } catch (err) {
    const status = (err as { statusCode?: unknown }).statusCode;
    if (err instanceof AppError || (typeof status === 'number' && status < 500)) throw err;
    throw malformedMultipart();
  }
}

const notMultipartOrJson = () =>
  new AppError('bad_request', 'Send multipart/form-data with a "file" part (and "kind", "mapping" fields), or JSON {"kind", "csv"}.');

export async function importRoutes(base: FastifyInstance) {
  await base.register(multipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 1024 * 1024, parts: 12, headerPairs: 100 },
  });
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['imports'];
  const consumes = ['multipart/form-data', 'application/json'];

  /** Walks the parts of a multipart request, handing the (single) file to `onFile`. */
  async function readParts(req: FastifyRequest, onFile: (file: Readable, name: string) => Promise<void>) {
    const fields: Record<string, string> = {};
    let sawFile = false;
    const fileErrors = new Set<unknown>();
    let currentFile: Readable | undefined;
    try {
      for await (const part of partsOf(req)) {
        if (part.type === 'file') {
          sawFile = true;
          currentFile = part.file;
          // A file part cut off mid-way fails its own stream, possibly before it reaches us and with more
          // than one error; only those are the client's fault. Anything else onFile throws (the
          // database) stays a server error.
          part.file.on('error', (err) => fileErrors.add(err));
          await onFile(part.file, part.filename);
        } else fields[part.fieldname] = String(part.value);
      }
    } catch (err) {
      const isCutOff = fileErrors.has(err) || (err != null && currentFile?.errored === err);
      throw isCutOff ? malformedMultipart() : err;
    }
    if (!sawFile) throw new AppError('validation_failed', 'The request has no file part.', { errors: [{ path: 'body.file', message: 'is required' }] });
    return fields;
  }

  app.post('/imports/preview', {
    schema: {
      tags,
      summary: 'Preview a CSV: first rows, suggested mapping with inferred types, target fields',
      description: 'multipart/form-data with a "file" (only the first 1 MB is read; send just that much) and optional "kind", "mapping" (JSON), "defaults" (JSON) fields, or JSON {csv, kind, mapping, defaults}.',
      consumes,
      body: ZPreviewJson.nullish(),
      response: { 200: ZPreview },
    },
    config: { permission: 'customers:import' },
  }, async (req) => {
    const { workspaceId } = actorOf(req);
    if (req.isMultipart()) {
      let sample: { data: Buffer; truncated: boolean } | undefined;
      const fields = await readParts(req, async (file) => {
        sample = await firstBytes(file);
      });
      const form = parseFormFields(fields, false);
      return previewCsv(ctx.db, workspaceId, [sample!.data], { ...form, truncated: sample!.truncated });
    }
    if (!req.body) throw notMultipartOrJson();
    const { csv, ...opts } = req.body;
    return previewCsv(ctx.db, workspaceId, [csv], opts);
  });

  app.post('/imports', {
    schema: {
      tags,
      summary: 'Start an import of customers or events from a CSV file',
      description: 'multipart/form-data with a "file" part (up to 2 GB, streamed) and "kind" ("customers"|"events"), "mapping" (JSON {column: field}) and "defaults" (JSON {field: value}) fields, or JSON {kind, csv, fileName, mapping, defaults} for small files. Answers 201 with the queued import; poll GET /imports/{id} for progress.',
      consumes,
      body: ZCreateImportJson.nullish(),
      response: { 201: ZImport },
    },
    config: { permission: 'customers:import' },
  }, async (req, reply) => {
    const actor = actorOf(req);
    const id = newImportId();
    if (req.isMultipart()) {
      let fileName = 'upload.csv';
      let sizeBytes = 0;
      let form: FormFields;
      try {
        const fields = await readParts(req, async (file, name) => {
          fileName = name || fileName;
          sizeBytes = await storeUpload(ctx, actor.workspaceId, id, file);
        });
        form = parseFormFields(fields, true);
      } catch (err) {
        // A part after the file can still be refused (malformed, over a limit): keep no upload.
        await discardUpload(ctx, actor.workspaceId, id);
        throw err;
      }
      return reply.code(201).send(await createImport(ctx, actor, { id, fileName: fileName.slice(0, 255), sizeBytes, ...form }));
    }
    if (!req.body) throw notMultipartOrJson();
    const { csv, ...rest } = req.body;
    const sizeBytes = await storeUpload(ctx, actor.workspaceId, id, [Buffer.from(csv)]);
    return reply.code(201).send(await createImport(ctx, actor, { id, sizeBytes, ...rest }));
  });

  app.get('/imports', {
    schema: { tags, summary: 'List imports, newest first', querystring: ZImportListQuery, response: { 200: ZImportList } },
    config: { permission: 'customers:read' },
  }, async (req) => listImports(ctx, actorOf(req).workspaceId, req.query.limit, req.query.cursor));

  app.get('/imports/:id', {
    schema: { tags, summary: 'Status and progress of an import (processed/total, percent, rows/s, counts)', params: ZImportParams, response: { 200: ZImport } },
    config: { permission: 'customers:read' },
  }, async (req) => getImport(ctx, actorOf(req).workspaceId, req.params.id));

  app.get('/imports/:id/errors.csv', {
    schema: {
      tags,
      summary: 'Download the rejected rows as CSV (row, column, error, then the original columns)',
      params: ZImportParams,
      produces: ['text/csv'],
    },
    config: { permission: 'customers:read' },
  }, async (req, reply) => {
    const { fileName, stream } = await errorReport(ctx, actorOf(req).workspaceId, req.params.id);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .send(stream);
  });

  app.post('/imports/:id/cancel', {
    schema: { tags, summary: 'Cancel a queued or running import (rows already imported stay)', params: ZImportParams, response: { 200: ZImport } },
    config: { permission: 'customers:import' },
  }, async (req) => cancelImport(ctx, actorOf(req), req.params.id));
}
