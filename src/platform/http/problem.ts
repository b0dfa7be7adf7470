import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, ERROR_STATUS, type ErrorCode, type FieldError } from '../errors.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const CODE_BY_STATUS = Object.fromEntries(Object.entries(ERROR_STATUS).map(([c, s]) => [s, c])) as Record<
  number,
  ErrorCode
>;

export const problemType = (code: string) => `https://kunde.dev/problems/${code.replace(/_/g, '-')}`;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [k: string]: unknown;
}

/** Sends an RFC 9457 problem document. */
export function sendProblem(
  reply: FastifyReply,
  status: number,
  detail: string,
  extra: Partial<Problem> & { code?: string } = {},
): FastifyReply {
  const { code, ...rest } = extra;
  const body: Problem = {
    type: problemType(code ?? CODE_BY_STATUS[status] ?? 'error'),
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance: reply.request.url.split('?')[0],
    requestId: String(reply.request.id),
    ...rest,
  };
  return reply.code(status).type('application/problem+json; charset=utf-8').send(body);
}

const FASTIFY_CODES: Record<string, { status: number; detail?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, detail: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, detail: 'The request body is empty but its content type says JSON.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, detail: 'The request body is larger than this server accepts.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, detail: 'This content type is not accepted here; send application/json.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, detail: 'The Content-Length header does not match the body.' },
};

/**
 * Errors the router raises before any route or hook runs (bad percent-encoding, an over-long path
 * segment); Fastify would answer them with its own JSON, so they get the same problem+json here.
 */
export function sendFrameworkProblem(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', reply.request.id);
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    sendProblem(reply, 414, 'A path segment is longer than this server accepts.', { code: 'uri_too_long' });
  } else {
    const detail = err.code === 'FST_ERR_BAD_URL' ? 'The URL is not valid (check its percent-encoding).' : 'The request could not be routed.';
    sendProblem(reply, 400, detail, { code: 'bad_request' });
  }
}

/** One error handler for the whole API: AppErrors, zod validation, Fastify's own 4xx, then 500. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) {
      if (err.retryAfterSeconds) reply.header('retry-after', String(err.retryAfterSeconds));
      return sendProblem(reply, err.status, err.message, { code: err.code, ...(err.details ?? {}) });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const errors: FieldError[] = err.validation.map((v) => ({
        path: [where, ...String(v.instancePath ?? '').split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'is invalid',
      }));
      const status = where === 'body' ? 422 : 400;
      const first = errors[0];
      return sendProblem(reply, status, `Invalid ${where}: ${first ? `${first.path} ${first.message}` : 'see errors'}`, {
        code: 'validation_failed',
        errors,
      });
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause?.issues }, 'response did not match its schema');
      return sendProblem(reply, 500, 'The server could not produce a valid response.', { code: 'internal' });
    }
    const known = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (known) return sendProblem(reply, known.status, known.detail ?? err.message);
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendProblem(reply, status, err.message || TITLES[status] || 'Bad request');
    }
    req.log.error({ err }, 'unhandled error');
    return sendProblem(reply, 500, 'Something went wrong on our side. The error was logged with this request id.');
  });

  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, 404, `No route ${req.method} ${req.url.split('?')[0]}.`, { code: 'not_found' }),
  );
}
