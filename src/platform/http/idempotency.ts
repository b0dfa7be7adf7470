import type { FastifyInstance } from 'fastify';
import { and, eq, lt, sql } from 'drizzle-orm';
import { AppError } from '../errors.js';
import { sha256 } from '../ids.js';
import { idempotencyKeys } from './idempotency.tables.js';

const HEADER = 'idempotency-key';

/**
 * Idempotency-Key support for writes that opt in (`config.idempotent`): the first reply under a key
 * is stored for 24 h and replayed for retries with the same body; a different body under the same
 * key is refused, because it is almost certainly a client bug.
 */
export function installIdempotency(app: FastifyInstance): void {
  app.addHook('preHandler', async (req, reply) => {
    if (!req.routeOptions.config.idempotent) return;
    const key = req.headers[HEADER];
    if (key === undefined) return;
    if (typeof key !== 'string' || key.length < 1 || key.length > 200) {
      throw new AppError('bad_request', 'Idempotency-Key must be 1–200 characters.');
    }
    const scope = `${req.auth?.workspaceId ?? 'public'} ${req.method} ${req.routeOptions.url} ${JSON.stringify(req.params)}`;
    const requestHash = sha256(JSON.stringify(req.body ?? null));
    const [hit] = await app.ctx.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
    if (hit) {
      if (hit.requestHash !== requestHash) {
        throw new AppError('validation_failed', 'This Idempotency-Key was already used with a different request body.');
      }
      // Sent as the stored JSON text, past the route's response serializer: the stored body is parsed
      // JSON (dates are strings already), which a schema expecting Date objects would refuse with a 500.
      return reply
        .code(hit.statusCode)
        .header('idempotent-replayed', 'true')
        .type(hit.statusCode >= 400 ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8')
        .send(JSON.stringify(hit.body));
    }
    (req as { idempotency?: { scope: string; key: string; requestHash: string } }).idempotency = { scope, key, requestHash };
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const pending = (req as { idempotency?: { scope: string; key: string; requestHash: string } }).idempotency;
    if (!pending || reply.statusCode >= 500 || typeof payload !== 'string') return payload;
    let body: unknown = null;
    try {
      body = JSON.parse(payload);
    } catch {
      return payload;
    }
    await app.ctx.db
      .insert(idempotencyKeys)
      .values({ ...pending, statusCode: reply.statusCode, body })
      .onConflictDoNothing();
    return payload;
  });
}

/** Forgets stored replies older than a day (run by a recurring job). */
export async function pruneIdempotencyKeys(db: FastifyInstance['ctx']['db']): Promise<void> {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, sql`now() - interval '24 hours'`));
}

/**
 * Forgets a workspace's stored replies that hold a person's data (erasure): a reply whose body holds
 * one of `values` as a whole JSON string (an e-mail, a phone number, an external id — not a substring
 * of other text), or whose URL names one of `ids` (e.g. a note added to that customer). Replies that
 * only carry ids (an event batch's per-event results) are kept, so a retried batch is still replayed
 * rather than stored twice. A retry of a forgotten request runs again and meets the erasure.
 */
export async function forgetIdempotentReplies(
  db: FastifyInstance['ctx']['db'],
  workspaceId: string,
  person: { values: string[]; ids: string[] },
): Promise<void> {
  const needles = person.values.map((v) => JSON.stringify(v));
  if (needles.length === 0 && person.ids.length === 0) return;
  await db.execute(sql`delete from idempotency_keys k
    where k.scope like ${`${workspaceId} %`}
      and (exists (select 1 from unnest(${sql.param(needles)}::text[]) n where position(n in k.body::text) > 0)
        or exists (select 1 from unnest(${sql.param(person.ids)}::text[]) i where position(i in k.scope) > 0))`);
}
