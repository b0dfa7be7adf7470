import type { FastifyInstance } from 'fastify';

/*
 * What the route schemas do not say but API users and client generators need: a stable, unique
 * operationId on every operation, the problem+json 4xx answers each may give, and `security: []` on
 * public operations. Done here, once, so every route another engineer adds gets them too.
 */

const VERBS: Record<string, string> = { GET: 'get', POST: 'create', PUT: 'put', PATCH: 'update', DELETE: 'delete', HEAD: 'head', OPTIONS: 'options' };
const camel = (s: string) => s.replace(/[-_.](\w)/g, (_m, c: string) => c.toUpperCase());
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `GET /api/v1/customers/:id/timeline` → `getCustomersByIdTimeline`; method + path is unique, so is this. */
export function operationIdOf(method: string, url: string): string {
  const parts = url
    .replace(/^\/api\/v\d+/, '')
    .split('/')
    .filter(Boolean)
    .map((p) => (p.startsWith(':') ? `By${capital(camel(p.slice(1)))}` : capital(camel(p))));
  return `${VERBS[method] ?? method.toLowerCase()}${parts.join('') || 'Root'}`;
}

/** Gives every route without one an operationId, and marks public API routes as needing no credentials. */
export function installOperationIds(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const method = [route.method].flat()[0];
    const schema = route.schema ?? {};
    const isPublic = (route.config as { access?: string } | undefined)?.access === 'public';
    route.schema = {
      ...schema,
      operationId: (schema as { operationId?: string }).operationId ?? operationIdOf(method, route.url),
      ...(isPublic && route.url.startsWith('/api/') ? { security: [] } : {}),
    };
  });
}

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'An RFC 9457 problem document; branch on `status` and `type`, show `detail` to people.',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri', example: 'https://kunde.dev/problems/validation-failed' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const PROBLEMS: Record<string, string> = {
  '400': 'Malformed request: bad JSON, path or query parameter, or cursor',
  '401': 'No credentials, or unknown, revoked or expired ones',
  '403': 'The role lacks the permission, or a cookie-authenticated write lacks X-CSRF-Token',
  '404': 'No such resource in the caller’s workspace',
  '409': 'Conflicts with the current state (or an Idempotency-Key reused with another request)',
  '422': 'The body does not validate',
  '429': 'Too many requests; wait for Retry-After seconds',
};

interface Operation {
  security?: unknown[];
  parameters?: { in: string }[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
}

/** Adds the shared Problem schema and each operation's applicable 4xx answers to the generated document. */
export function documentProblems<T extends { paths?: object; components?: object }>(doc: T): T {
  const responses = Object.fromEntries(
    Object.entries(PROBLEMS).map(([status, description]) => [
      `Problem${status}`,
      { description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
    ]),
  );
  const components = { ...(doc.components ?? {}) } as { schemas?: object; responses?: object };
  components.schemas = { ...(components.schemas ?? {}), Problem: PROBLEM_SCHEMA };
  components.responses = { ...(components.responses ?? {}), ...responses };
  for (const [path, item] of Object.entries(doc.paths ?? {}) as [string, Record<string, Operation>][]) {
    if (!path.startsWith('/api/')) continue;
    for (const [method, op] of Object.entries(item)) {
      const statuses = ['400', '429'];
      if (!(Array.isArray(op.security) && op.security.length === 0)) statuses.push('401', '403');
      if (path.includes('{')) statuses.push('404');
      if (method !== 'get') statuses.push('409');
      if (op.requestBody) statuses.push('422');
      op.responses ??= {};
      for (const s of statuses.sort()) op.responses[s] ??= { $ref: `#/components/responses/Problem${s}` };
    }
  }
  return { ...doc, components };
}
