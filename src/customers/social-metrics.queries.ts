import { sql } from 'drizzle-orm';
import { selectRows, type Db } from '../platform/db/client.js';

export interface SocialMetricRow {
  occurred_at: Date | string;
  network: string | null;
  impressions: number;
  engagements: number;
}

/**
 * The social_metrics events of a workspace in [from, to) (its type index), of live profiles: when, which
 * network (the event's channel), and the reported impressions and engagements.
 */
export async function selectSocialMetrics(db: Db, ws: string, q: { from?: string; to?: string; network?: string }): Promise<SocialMetricRow[]> {
  return selectRows<SocialMetricRow>(
    db,
    sql`select e.occurred_at, e.channel as network,
          (e.properties ->> 'impressions')::bigint::float8 as impressions, (e.properties ->> 'engagements')::bigint::float8 as engagements
        from customer_events e
        join customers c on c.workspace_id = e.workspace_id and c.id = e.customer_id and c.merged_into is null and c.erased_at is null
        where e.workspace_id = ${ws} and e.type = 'social_metrics'
          ${q.from ? sql`and e.occurred_at >= ${q.from}::timestamptz` : sql``}
          ${q.to ? sql`and e.occurred_at < ${q.to}::timestamptz` : sql``}
          ${q.network ? sql`and e.channel = ${q.network}` : sql``}
        order by e.occurred_at`,
  );
}
