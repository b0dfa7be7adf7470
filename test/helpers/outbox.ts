import type { FastifyInstance } from 'fastify';
import { call } from './app.js';

/** An e-mail as GET /api/v1/outbox shows it. */
export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  kind: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** One page of the workspace's outbox, newest first, read through the API as the dashboard does. */
export async function readOutbox(app: FastifyInstance, key: string, query = ''): Promise<{ data: OutboxMail[]; nextCursor: string | null }> {
  const r = await call<{ data: OutboxMail[]; nextCursor: string | null }>(app, 'GET', `/api/v1/outbox${query}`, { key });
  if (r.status !== 200) throw new Error(`GET /api/v1/outbox${query} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}
