import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { actorOf } from '../../platform/auth/authenticate.js';
import { AppError } from '../../platform/errors.js';
import { discardUpload, firstBytes, storeUpload } from '../../imports/upload-store.js';
import { ZSurveyParams } from '../surveys.schemas.js';
import {
  ZResponseImportJob, ZResponseImportJson, ZResponseImportList, ZResponseImportListQuery, ZResponseImportParams, ZResponseImportPreview, ZResponseMapping,
} from './response-import-jobs.schemas.js';
import {
  cancelResponseImport, createResponseImport, getResponseImport, listResponseImports, newResponseImportId, previewResponseImport, responseImportErrors,
} from './response-import-jobs.service.js';

const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;

const badBody = () => new AppError('bad_request', 'Send multipart/form-data with a "file" part (and a "mapping" JSON field), or JSON {"csv", "mapping"}.');

function parseMapping(raw: string | undefined): Record<string, string> | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new AppError('validation_failed', 'Invalid body: body.mapping must be a JSON object', { errors: [{ path: 'body.mapping', message: 'must be a JSON object' }] });
  }
  const parsed = ZResponseMapping.safeParse(value);
  if (!parsed.success) throw new AppError('validation_failed', `Invalid body: body.mapping ${parsed.error.issues[0].message}`, { errors: [{ path: 'body.mapping', message: parsed.error.issues[0].message }] });
  return parsed.data;
}

/** The parts of a multipart upload: text fields, and the one file handed to `onFile` as it streams. */
async function readParts(req: FastifyRequest, onFile: (file: Readable, name: string) => Promise<void>): Promise<Record<string, string>> {
  const fields: Record<string, string> = {};
  let sawFile = false;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        sawFile = true;
        await onFile(part.file, part.filename);
      } else fields[part.fieldname] = String(part.value);
    }
  } catch (err) {
    const status = (err as { statusCode?: unknown }).statusCode;
    if (err instanceof AppError || (typeof status === 'number' && status < 500)) throw err;
    // busboy reports a malformed body (no boundary, a cut-off part) as a plain Error.
    throw new AppError('bad_request', 'The multipart/form-data body is malformed: its boundary is missing or a part is cut off.');
  }
  if (!sawFile) throw new AppError('validation_failed', 'The request has no file part.', { errors: [{ path: 'body.file', message: 'is required' }] });
  return fields;
}

/** Historical answers imported as a job from the dashboard: preview, start, progress, report, cancel. */
export async function responseImportJobRoutes(base: FastifyInstance) {
  await base.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, fieldSize: 1024 * 1024, parts: 6, headerPairs: 100 } });
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['surveys'];
  const consumes = ['multipart/form-data', 'application/json'];

  app.post('/surveys/:id/responses/imports/preview', {
    schema: {
      tags, consumes, params: ZSurveyParams,
      summary: 'Preview a historical-responses CSV: first rows, suggested mapping to questions and fields, problems',
      description: 'multipart/form-data with a "file" (only the first 1 MB is read) and an optional "mapping" JSON field, or JSON {csv, mapping}.',
      body: ZResponseImportJson.nullish(),
      response: { 200: ZResponseImportPreview },
    },
    config: { permission: 'surveys:manage' },
  }, async (req) => {
    const { workspaceId } = actorOf(req);
    if (req.isMultipart()) {
      let sample: { data: Buffer; truncated: boolean } | undefined;
      const fields = await readParts(req, async (file) => {
        sample = await firstBytes(file);
      });
      return previewResponseImport(ctx, workspaceId, req.params.id, [sample!.data], { mapping: parseMapping(fields.mapping), truncated: sample!.truncated });
    }
    if (!req.body) throw badBody();
    return previewResponseImport(ctx, workspaceId, req.params.id, [req.body.csv], { mapping: req.body.mapping });
  });

  app.post('/surveys/:id/responses/imports', {
    schema: {
      tags, consumes, params: ZSurveyParams,
      summary: 'Start importing historical answers from a CSV file as a job',
      description: 'multipart/form-data with a "file" part (up to 2 GB, streamed) and a "mapping" JSON field {column: questionId|submittedAt|email|externalId|language|hidden.<name>|ignore}, or JSON {csv, fileName, mapping}. Answers 201 with the queued import; poll GET …/imports/{importId} for progress. An invalid value (e.g. "NA" for an NPS question) leaves that answer empty and is listed in the report; the rest of the row is kept.',
      body: ZResponseImportJson.nullish(),
      response: { 201: ZResponseImportJob },
    },
    config: { permission: 'surveys:manage' },
  }, async (req, reply) => {
    const actor = actorOf(req);
    const id = newResponseImportId();
    let input: { fileName: string; sizeBytes: number; mapping: Record<string, string> };
    if (req.isMultipart()) {
      let fileName = 'responses.csv';
      let sizeBytes = 0;
      const fields = await readParts(req, async (file, name) => {
        fileName = (name || fileName).slice(0, 255);
        sizeBytes = await storeUpload(ctx, actor.workspaceId, id, file);
      }).catch(async (err: unknown) => {
        await discardUpload(ctx, actor.workspaceId, id);
        throw err;
      });
      input = { fileName, sizeBytes, mapping: parseMapping(fields.mapping) ?? {} };
    } else {
      if (!req.body) throw badBody();
      const sizeBytes = await storeUpload(ctx, actor.workspaceId, id, [Buffer.from(req.body.csv)]);
      input = { fileName: req.body.fileName, sizeBytes, mapping: req.body.mapping ?? {} };
    }
    return reply.code(201).send(await createResponseImport(ctx, actor, req.params.id, { id, ...input }));
  });

  app.get('/surveys/:id/responses/imports', {
    schema: { tags, summary: "A survey's response imports, newest first", params: ZSurveyParams, querystring: ZResponseImportListQuery, response: { 200: ZResponseImportList } },
    config: { permission: 'surveys:read' },
  }, async (req) => listResponseImports(ctx, actorOf(req).workspaceId, req.params.id, req.query.limit, req.query.cursor));

  app.get('/surveys/:id/responses/imports/:importId', {
    schema: { tags, summary: 'Status and progress of a response import', params: ZResponseImportParams, response: { 200: ZResponseImportJob } },
    config: { permission: 'surveys:read' },
  }, async (req) => getResponseImport(ctx, actorOf(req).workspaceId, req.params.id, req.params.importId));

  app.get('/surveys/:id/responses/imports/:importId/errors.csv', {
    schema: { tags, summary: 'Download the per-row report (row, column, problem, then the row as it was) as CSV', params: ZResponseImportParams, produces: ['text/csv'] },
    config: { permission: 'surveys:read' },
  }, async (req, reply) => {
    const { fileName, stream } = await responseImportErrors(ctx, actorOf(req).workspaceId, req.params.id, req.params.importId);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`).send(stream);
  });

  app.post('/surveys/:id/responses/imports/:importId/cancel', {
    schema: { tags, summary: 'Cancel a queued or running response import (responses already imported stay)', params: ZResponseImportParams, response: { 200: ZResponseImportJob } },
    config: { permission: 'surveys:manage' },
  }, async (req) => cancelResponseImport(ctx, actorOf(req), req.params.id, req.params.importId));
}
