import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { actorOf } from '../platform/auth/authenticate.js';
import { AppError } from '../platform/errors.js';
import { ZAttachment, ZAttachmentParams, ZIdParams } from './inbox.schemas.js';
import { removeReplyAttachment, uploadReplyAttachment } from './reply-attachments.js';

interface Upload {
  fileName: string | undefined;
  contentType: string | undefined;
  content: Buffer;
}

/**
 * The one "file" part of a multipart request, read up to one byte past the limit: a larger file is 413
 * without buffering more than that, and a body without a file part is 422.
 */
async function readUpload(req: FastifyRequest, maxBytes: number): Promise<Upload> {
  let upload: Upload | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type !== 'file') continue;
      if (upload || part.fieldname !== 'file') {
        part.file.resume();
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      if (part.file.truncated) throw new AppError('payload_too_large', `The file is larger than the ${maxBytes} bytes allowed.`, { limit: maxBytes });
      upload = { fileName: part.filename, contentType: part.mimetype, content: Buffer.concat(chunks) };
    }
  } catch (err) {
    const status = (err as { statusCode?: unknown }).statusCode;
    if (err instanceof AppError) throw err;
    if (status === 413) throw new AppError('payload_too_large', `The file is larger than the ${maxBytes} bytes allowed.`, { limit: maxBytes });
    if (typeof status === 'number' && status < 500) throw err;
    // busboy reports a malformed body (no boundary, a cut-off part) as a plain Error.
    throw new AppError('bad_request', 'The multipart/form-data body is malformed: its boundary is missing or a part is cut off.');
  }
  if (!upload) throw new AppError('validation_failed', 'The request has no "file" part.', { errors: [{ path: 'body.file', message: 'is required' }] });
  return upload;
}

/** Files attached to a reply while it is written: upload one, remove one before sending. */
export async function replyAttachmentRoutes(base: FastifyInstance) {
  const maxBytes = base.ctx.config.INBOX_ATTACHMENT_MAX_BYTES;
  // One byte over the limit is enough to know a file is too large; busboy stops reading there.
  await base.register(multipart, { throwFileSizeLimit: false, limits: { fileSize: maxBytes + 1, files: 1, fields: 0, parts: 2, headerPairs: 100 } });
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['inbox'];

  app.post('/conversations/:id/attachments', {
    schema: {
      tags,
      consumes: ['multipart/form-data'],
      summary: 'Upload a file to attach to a reply on this conversation; send it by naming its id in the reply\'s attachmentIds',
      description: `multipart/form-data with one "file" part (at most INBOX_ATTACHMENT_MAX_BYTES, default 10 MB: larger is 413). The file belongs to the conversation but to no message until a reply names it; unsent files are deleted after a day.`,
      params: ZIdParams,
      response: { 201: ZAttachment },
    },
    config: { permission: 'inbox:write' },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw new AppError('unsupported_media_type', 'Send multipart/form-data with a "file" part.');
    const actor = actorOf(req);
    const upload = await readUpload(req, maxBytes);
    return reply.code(201).send(await uploadReplyAttachment(ctx, actor, req.params.id, upload));
  });

  app.delete('/conversations/:id/attachments/:attachmentId', {
    schema: { tags, summary: 'Remove an uploaded file before the reply is sent (a sent file stays: 409)', params: ZAttachmentParams, response: { 204: z.null() } },
    config: { permission: 'inbox:write' },
  }, async (req, reply) => {
    await removeReplyAttachment(ctx, actorOf(req), req.params.id, req.params.attachmentId);
    return reply.code(204).send(null);
  });
}
