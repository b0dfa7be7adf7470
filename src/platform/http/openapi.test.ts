import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../scripts/openapi-document.js';
import { operationIdOf } from './openapi.js';

/* The published document is complete enough for client generators: `npm run lint:openapi` lints it too. */

type Op = { operationId?: string; security?: unknown[]; responses?: Record<string, { $ref?: string }> };

describe('/openapi.json', () => {
  it('names every operation uniquely, documents its problem answers, servers and licence', async () => {
    const doc = await buildOpenApiDocument();
    expect(doc.info.license).toEqual({ name: 'AGPL-3.0-only', identifier: 'AGPL-3.0-only' });
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(doc.components?.schemas?.Problem).toBeDefined();
    const ops = Object.entries(doc.paths ?? {})
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, item]) => Object.entries(item as Record<string, Op>).map(([method, op]) => ({ path, method, op })));
    expect(ops.length).toBeGreaterThan(40);
    const ids = ops.map((o) => o.op.operationId);
    expect(ids.filter((id) => !id)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of ops) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(op.responses?.['400']?.$ref, where).toBe('#/components/responses/Problem400');
      expect(op.responses?.['429']?.$ref, where).toBe('#/components/responses/Problem429');
      if (path.includes('{')) expect(op.responses?.['404'], where).toBeDefined();
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      expect(Boolean(op.responses?.['401']), where).toBe(!isPublic);
    }
    const login = (doc.paths?.['/api/v1/auth/login'] as Record<string, Op>).post;
    expect(login.operationId).toBe('createAuthLogin');
    expect(login.security).toEqual([]);
  }, 60_000);

  it('derives operationIds from method and path, so new routes get one', () => {
    expect(operationIdOf('GET', '/api/v1/customers/:id/timeline')).toBe('getCustomersByIdTimeline');
    expect(operationIdOf('DELETE', '/api/v1/api-keys/:keyId')).toBe('deleteApiKeysByKeyId');
    expect(operationIdOf('PATCH', '/api/v1/workspace')).toBe('updateWorkspace');
  });
});
