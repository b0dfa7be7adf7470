import { sql } from 'drizzle-orm';
import { selectRows, type Db } from '../platform/db/client.js';
import { findPersona } from './personas/personas.queries.js';
import { compileRule, liveCustomers } from './segments/compile-rule.js';
import { loadCompileEnv } from './segments/segment-graph.js';
import { parseRule } from './segments/rules.js';

/*
 * Read-only lookups other domains need about many customers at once (text analytics: who asked for a
 * feature and what they are worth; which commenters belong to a segment or persona). Kept here so no other
 * domain reads the customers tables.
 */

export interface CustomerValue {
  id: string;
  name: string | null;
  email: string | null;
  /** minor units of the workspace's base currency */
  totalSpend: number;
  clv: number;
}

/** Name, e-mail, spend and CLV of the given live customers (unknown or erased ids are left out). */
export async function findCustomerValues(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, CustomerValue>> {
  const out = new Map<string, CustomerValue>();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const rows = await selectRows<{ id: string; name: string | null; email: string | null; total_spend: string | number; clv: string | number }>(
      db,
      sql`select c.id, c.name, c.email, c.total_spend, c.clv from customers c
          where ${liveCustomers(workspaceId)} and c.id = any(${`{${chunk.join(',')}}`}::uuid[])`,
    );
    for (const r of rows) out.set(r.id, { id: r.id, name: r.name, email: r.email, totalSpend: Number(r.total_spend), clv: Number(r.clv) });
  }
  return out;
}

/**
 * Which of `ids` are members of a segment and/or fit a persona's rule now. A persona of another
 * workspace (or none with that id) matches nobody.
 */
export async function filterCustomersByGroup(db: Db, workspaceId: string, ids: string[], group: { segmentId?: string; personaId?: string }): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const conditions = [sql`c.id = any(${`{${ids.join(',')}}`}::uuid[])`];
  if (group.segmentId) {
    conditions.push(sql`exists (select 1 from segment_members m where m.workspace_id = ${workspaceId} and m.segment_id = ${group.segmentId} and m.customer_id = c.id)`);
  }
  if (group.personaId) {
    const persona = await findPersona(db, workspaceId, group.personaId);
    const parsed = persona ? parseRule(persona.rules) : null;
    if (!parsed?.ok) return new Set();
    conditions.push(compileRule(parsed.rule, await loadCompileEnv(db, workspaceId)));
  }
  const rows = await selectRows<{ id: string }>(db, sql`select c.id from customers c where ${liveCustomers(workspaceId)} and ${sql.join(conditions, sql` and `)}`);
  return new Set(rows.map((r) => r.id));
}

export interface EventComment {
  eventId: string;
  customerId: string;
  type: string;
  text: string;
  occurredAt: Date;
  channel: string | null;
  touchpoint: string | null;
  language: string | null;
  /** an NPS/CSAT score the event carried (`properties.metric`, `properties.score`) */
  rating: { scale: 'nps' | 'csat'; value: number } | null;
}

/**
 * Customer events that carry a free-text `properties.comment` (reviews, support ratings, imported
 * feedback), in id order, paged by `afterId`. Survey answers are left out: the surveys domain hands
 * those over itself.
 */
export async function listEventComments(db: Db, workspaceId: string, page: { afterId?: string | null; limit: number }): Promise<{ comments: EventComment[]; nextAfterId: string | null }> {
  const rows = await selectRows<{ id: string; customer_id: string; type: string; occurred_at: Date | string; channel: string | null; touchpoint: string | null; properties: Record<string, unknown> }>(
    db,
    sql`select id, customer_id, type, occurred_at, channel, touchpoint, properties from customer_events
        where workspace_id = ${workspaceId} and type <> 'survey_response' and jsonb_typeof(properties -> 'comment') = 'string'
          ${page.afterId ? sql`and id > ${page.afterId}` : sql``}
        order by id limit ${page.limit}`,
  );
  const comments = rows
    .map((r): EventComment => {
      const p = r.properties;
      const metric = p.metric === 'nps' || p.metric === 'csat' ? p.metric : null;
      const score = typeof p.score === 'number' ? p.score : null;
      return {
        eventId: r.id,
        customerId: r.customer_id,
        type: r.type,
        text: String(p.comment),
        occurredAt: new Date(r.occurred_at),
        channel: r.channel,
        touchpoint: r.touchpoint,
        language: typeof p.language === 'string' ? p.language : null,
        rating: metric && score !== null ? { scale: metric, value: score } : null,
      };
    })
    .filter((c) => c.text.trim().length > 0);
  return { comments, nextAfterId: rows.length === page.limit ? rows[rows.length - 1].id : null };
}
