import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace } from '../../test/factories.js';
import { systemActor } from '../platform/context.js';
import { selectRows } from '../platform/db/client.js';
import { ingestEvents } from './ingest.service.js';
import { recomputeWorkspaceTraits } from './customers.jobs.js';
import { waitForTraits } from './traits.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const DAY = 86_400_000;
const TYPES = ['page_view', 'purchase', 'purchase', 'refund', 'support_case_opened', 'support_case_resolved', 'survey_response', 'note', 'signup'];

// Every trait column; the incremental path must leave exactly what a full recompute computes.
const TRAITS = sql`id, event_count, order_count, total_spend, refund_total, clv, avg_order_value, spend_by_currency::text,
  first_purchase_at, last_purchase_at, last_activity_at, reactivated_at, first_seen_at, last_seen_at, nps_score, nps_category,
  csat_score, ces_score, last_survey_at, support_cases, open_support_cases, lifecycle_stage`;

const ZEvent = fc.record({
  who: fc.integer({ min: 0, max: 5 }),
  type: fc.constantFrom(...TYPES),
  // Mostly moving forward in time, sometimes back-dated, with long gaps (reactivation) now and then.
  step: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -40, max: -1 }), fc.constant(400)),
  amount: fc.integer({ min: 1, max: 90_000 }),
  currency: fc.constantFrom('EUR', 'DKK', 'JPY', 'XXX'),
  metric: fc.constantFrom('nps', 'csat', 'ces'),
  score: fc.integer({ min: 1, max: 5 }),
  batchBreak: fc.boolean(),
  // After a batch: wait for the refresher, let it run in the background (rounds then coalesce several
  // batches), or send the next batch before this one returned (concurrent batches).
  then: fc.constantFrom('wait', 'background', 'concurrent'),
  // Anonymous first, linked to the e-mail later: merges, whose histories the refresher recomputes.
  ident: fc.constantFrom('email', 'email', 'anon', 'both'),
});

describe('incremental traits', () => {
  it('equal a full recompute after any sequence of batches, concurrent or not, refreshed in any rounds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ZEvent, { minLength: 1, maxLength: 40 }), async (stream) => {
        const ws = await buildWorkspace(t.rt.ctx);
        const actor = systemActor(ws.workspaceId);
        let day = 0;
        let batch: unknown[] = [];
        const inFlight: Promise<unknown>[] = [];
        const flush = async (then: string) => {
          const sent = batch.length ? ingestEvents(t.rt.ctx, actor, batch) : undefined;
          batch = [];
          if (!sent) return;
          if (then === 'concurrent') inFlight.push(sent);
          else await sent;
          if (then === 'wait') await waitForTraits(t.rt.ctx, ws.workspaceId);
        };
        for (const [i, e] of stream.entries()) {
          day += e.step;
          const occurredAt = new Date(Date.now() - (900 - day) * DAY).toISOString();
          const props: Record<string, unknown> =
            e.type === 'purchase' || e.type === 'refund'
              ? { amount: e.amount, currency: e.currency }
              : e.type === 'survey_response'
                ? { metric: e.metric, score: e.score }
                : e.type.startsWith('support') ? { caseId: `c${e.who}` } : {};
          const email = `p${e.who}@example.com`;
          const anonymousId = `anon-${e.who}`;
          const customer = e.ident === 'email' ? { email } : e.ident === 'anon' ? { anonymousId } : { email, anonymousId };
          batch.push({ id: `ev-${i}`, type: e.type, customer, occurredAt, properties: props });
          if (e.batchBreak) await flush(e.then);
        }
        await flush('wait');
        await Promise.all(inFlight);
        await waitForTraits(t.rt.ctx, ws.workspaceId);
        const before = await selectRows(t.rt.ctx.db, sql`select ${TRAITS} from customers where workspace_id = ${ws.workspaceId} order by id`);
        await recomputeWorkspaceTraits(t.rt.ctx, ws.workspaceId);
        const after = await selectRows(t.rt.ctx.db, sql`select ${TRAITS} from customers where workspace_id = ${ws.workspaceId} order by id`);
        expect(before).toEqual(after);
      }),
      { numRuns: 25 },
    );
  });
});
