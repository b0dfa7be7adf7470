import { sql } from 'drizzle-orm';
import { selectRows, type Db } from '../platform/db/client.js';
import { lifecycleDates } from './analytics-export.queries.js';

export interface LostCustomerRow {
  customer_id: string;
  reason: string | null;
}

/**
 * Customers lost in [from, to) under the lifecycle rule (the same dates as the churn rate), each with the
 * `reason` of its latest subscription_cancelled event, if any: lost by inactivity alone leaves it null.
 */
export async function selectLostCustomers(db: Db, ws: string, q: { from: Date; to: Date; churnedAfterDays: number }): Promise<LostCustomerRow[]> {
  return selectRows<LostCustomerRow>(
    db,
    sql`with l as (${lifecycleDates(ws, q.churnedAfterDays)})
        select l.customer_id,
          (select nullif(btrim(e.properties ->> 'reason'), '') from customer_events e
            where e.workspace_id = ${ws} and e.customer_id = l.customer_id and e.type = 'subscription_cancelled'
            order by e.occurred_at desc limit 1) as reason
        from l where l.lost_at >= ${q.from.toISOString()}::timestamptz and l.lost_at < ${q.to.toISOString()}::timestamptz
        order by l.customer_id`,
  );
}
