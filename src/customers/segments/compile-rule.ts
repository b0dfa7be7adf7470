import { sql, type SQL } from 'drizzle-orm';
import {
  RULE_FIELDS,
  type AttributeCondition,
  type EventCondition,
  type FieldCondition,
  type Operand,
  type RuleField,
  type RuleNode,
  type ValueType,
} from './rules.js';

/**
 * Turns a validated rule into one boolean SQL expression over `customers c`. Every value is a bound
 * parameter; identifiers come only from the fixed field catalogue. Below a NOT every condition
 * yields true or false, never NULL, so {"not": …} is the exact complement.
 */

export interface CompileEnv {
  /** Types of the workspace's custom attributes; an attribute missing here matches nobody. */
  attributeTypes: ReadonlyMap<string, ValueType>;
}

const COLUMNS: Record<RuleField, SQL> = {
  externalId: sql`c.external_id`,
  email: sql`c.email`,
  name: sql`c.name`,
  language: sql`c.language`,
  country: sql`c.country`,
  city: sql`c.city`,
  gender: sql`c.gender`,
  ageBand: sql`c.age_band`,
  incomeBand: sql`c.income_band`,
  lifecycleStage: sql`c.lifecycle_stage`,
  npsCategory: sql`c.nps_category`,
  marketingConsent: sql`c.marketing_consent`,
  surveyConsent: sql`c.survey_consent`,
  orderCount: sql`c.order_count`,
  totalSpend: sql`c.total_spend`,
  avgOrderValue: sql`c.avg_order_value`,
  refundTotal: sql`c.refund_total`,
  clv: sql`c.clv`,
  supportCases: sql`c.support_cases`,
  openSupportCases: sql`c.open_support_cases`,
  eventCount: sql`c.event_count`,
  npsScore: sql`c.nps_score`,
  csatScore: sql`c.csat_score`,
  cesScore: sql`c.ces_score`,
  daysSinceLastActivity: sql`floor(extract(epoch from now() - c.last_activity_at) / 86400)`,
  daysSinceLastPurchase: sql`floor(extract(epoch from now() - c.last_purchase_at) / 86400)`,
  birthDate: sql`c.birth_date`,
  firstPurchaseAt: sql`c.first_purchase_at`,
  lastPurchaseAt: sql`c.last_purchase_at`,
  lastActivityAt: sql`c.last_activity_at`,
  lastSurveyAt: sql`c.last_survey_at`,
  createdAt: sql`c.created_at`,
  firstSeenAt: sql`c.first_seen_at`,
  lastSeenAt: sql`c.last_seen_at`,
  reactivatedAt: sql`c.reactivated_at`,
  churnRisk: sql`c.churn_risk`,
};

const TRUE = sql`true`;
const FALSE = sql`false`;

/** A date-only value means midnight UTC, whatever the session's time zone. */
const toInstant = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);

/**
 * NULL (a missing value) only needs turning into false below a NOT: in a WHERE, and under AND/OR
 * outside any NOT, NULL already acts as false. Leaving it out elsewhere keeps the scan cheap.
 */
const definite = (p: SQL, negated: boolean) => (negated ? sql`coalesce(${p}, false)` : p);

/**
 * An integral bound stays an integer, so integer columns compare without a per-row cast (and can
 * use an index); a fractional one is a double.
 */
const num = (v: unknown) => (Number.isInteger(v) ? sql`${v}::bigint` : sql`${v}::float8`);

/** `expr` (NULL when missing: matched only by neq, not_in and not_exists) tested with `op`. */
function compare(expr: SQL, type: ValueType, op: string, value: Operand | undefined, negated: boolean, dateAsText = false): SQL {
  if (op === 'exists') return sql`(${expr} is not null)`;
  if (op === 'not_exists') return sql`(${expr} is null)`;
  const one = (v: unknown) => (type === 'number' ? num(v) : type === 'boolean' ? sql`${v}::boolean` : sql`${v}::text`);
  const test = (p: SQL) => definite(p, negated);
  switch (op) {
    case 'eq':
      return test(sql`${expr} = ${one(value)}`);
    case 'neq':
      return sql`(${expr} is distinct from ${one(value)})`;
    case 'in':
      return test(sql`${expr} = any(${sql.param(value)}::text[])`);
    case 'not_in':
      return sql`coalesce(${expr} <> all(${sql.param(value)}::text[]), true)`;
    case 'contains':
      return test(sql`strpos(lower(${expr}), lower(${one(value)})) > 0`);
    case 'gt':
      return test(sql`${expr} > ${one(value)}`);
    case 'gte':
      return test(sql`${expr} >= ${one(value)}`);
    case 'lt':
      return test(sql`${expr} < ${one(value)}`);
    case 'lte':
      return test(sql`${expr} <= ${one(value)}`);
    case 'between': {
      const [lo, hi] = value as [number, number];
      return test(sql`${expr} between ${num(lo)} and ${num(hi)}`);
    }
  }
  // Date operators. Custom date attributes are compared as ISO 'YYYY-MM-DD' text, so a stray
  // value that is not a valid date can never make the whole statement fail.
  if (dateAsText) {
    const today = sql`to_char(now() at time zone 'UTC', 'YYYY-MM-DD')`;
    if (op === 'before') return test(sql`${expr} < ${String(value).slice(0, 10)}::text`);
    if (op === 'after') return test(sql`${expr} > ${String(value).slice(0, 10)}::text`);
    const since = sql`to_char((now() at time zone 'UTC') - make_interval(days => ${value}::int), 'YYYY-MM-DD')`;
    return test(sql`(${expr} >= ${since} and ${expr} <= ${today})`);
  }
  if (op === 'before') return test(sql`${expr} < ${toInstant(String(value))}::timestamptz`);
  if (op === 'after') return test(sql`${expr} > ${toInstant(String(value))}::timestamptz`);
  if (op === 'withinLastDays') return test(sql`(${expr} >= now() - make_interval(days => ${value}::int) and ${expr} <= now())`);
  throw new Error(`unknown operator ${op}`);
}

function compileField(c: FieldCondition, negated: boolean): SQL {
  return compare(COLUMNS[c.field], RULE_FIELDS[c.field].type, c.op, c.value, negated);
}

/**
 * Custom attributes live in the jsonb `attributes`; the extraction is guarded by the JSON type so a
 * value of the wrong type (say "n/a" in a number attribute) reads as missing instead of failing.
 */
function compileAttribute(c: AttributeCondition, env: CompileEnv, negated: boolean): SQL {
  const type = env.attributeTypes.get(c.attribute);
  if (!type) return FALSE;
  const json = sql`(c.attributes -> ${c.attribute}::text)`;
  const textValue = sql`(c.attributes ->> ${c.attribute}::text)`;
  switch (type) {
    case 'string':
      return compare(sql`case when jsonb_typeof(${json}) in ('string', 'number', 'boolean') then ${textValue} end`, type, c.op, c.value, negated);
    case 'number':
      return compare(
        sql`case when jsonb_typeof(${json}) = 'number' then ${textValue}::numeric
                 when jsonb_typeof(${json}) = 'string' and ${textValue} ~ '^\\s*-?[0-9]+(\\.[0-9]+)?\\s*$' then trim(${textValue})::numeric end`,
        type, c.op, c.value, negated);
    case 'boolean':
      return compare(
        sql`case when jsonb_typeof(${json}) = 'boolean' then ${textValue}::boolean
                 when lower(${textValue}) in ('true', 'false') then lower(${textValue})::boolean end`,
        type, c.op, c.value, negated);
    case 'date':
      return compare(sql`case when ${textValue} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' then left(${textValue}, 10) end`, type, c.op, c.value, negated, true);
  }
}

const listOrOne = (column: SQL, v: string | string[]) =>
  Array.isArray(v) ? sql`${column} = any(${sql.param(v)}::text[])` : sql`${column} = ${v}::text`;

/**
 * Count or sum of a customer's events in a window, as a correlated subquery on the
 * (workspace_id, customer_id, occurred_at) index. A test that holds or fails already at zero
 * becomes a plain (NOT) EXISTS, which stops at the first matching event.
 */
function compileEvent(c: EventCondition, negated: boolean): SQL {
  const { type, withinDays, where } = c.event;
  const filters: SQL[] = [sql`e.workspace_id = c.workspace_id`, sql`e.customer_id = c.id`, sql`e.type = ${type}::text`];
  if (withinDays) filters.push(sql`e.occurred_at >= now() - make_interval(days => ${withinDays}::int)`);
  if (where?.channel) filters.push(listOrOne(sql`e.channel`, where.channel));
  if (where?.touchpoint) filters.push(listOrOne(sql`e.touchpoint`, where.touchpoint));
  if (where?.currency) filters.push(sql`e.currency = ${where.currency}::text`);
  if (where?.properties) filters.push(sql`e.properties @> ${JSON.stringify(where.properties)}::jsonb`);
  const from = sql`from customer_events e where ${sql.join(filters, sql` and `)}`;
  if (c.measure === 'count') {
    const holdsAtZero = evaluate(0, c.op, c.value);
    const holdsAtOne = evaluate(1, c.op, c.value);
    if (!holdsAtZero && holdsAtOne && c.op !== 'eq' && c.op !== 'lt' && c.op !== 'lte' && c.op !== 'between') {
      return sql`exists (select 1 ${from})`;
    }
    if (holdsAtZero && !holdsAtOne && (c.op === 'lt' || c.op === 'lte' || (c.op === 'eq' && c.value === 0))) {
      return sql`not exists (select 1 ${from})`;
    }
    return compare(sql`(select count(*) ${from})`, 'number', c.op, c.value, negated);
  }
  return compare(sql`coalesce((select sum(e.amount) ${from}), 0)`, 'number', c.op, c.value, negated);
}

function evaluate(x: number, op: string, v: number | [number, number]): boolean {
  if (op === 'between') return x >= (v as [number, number])[0] && x <= (v as [number, number])[1];
  const y = v as number;
  return op === 'eq' ? x === y : op === 'neq' ? x !== y : op === 'gt' ? x > y : op === 'gte' ? x >= y : op === 'lt' ? x < y : x <= y;
}

function compileNode(node: RuleNode, env: CompileEnv, negated: boolean): SQL {
  if ('all' in node) return node.all.length ? sql`(${sql.join(node.all.map((n) => compileNode(n, env, negated)), sql` and `)})` : TRUE;
  if ('any' in node) return node.any.length ? sql`(${sql.join(node.any.map((n) => compileNode(n, env, negated)), sql` or `)})` : FALSE;
  if ('not' in node) return sql`(not ${compileNode(node.not, env, !negated)})`;
  if ('field' in node) return compileField(node, negated);
  if ('attribute' in node) return compileAttribute(node, env, negated);
  if ('event' in node) return compileEvent(node, negated);
  const member = sql`exists (select 1 from segment_members m where m.workspace_id = c.workspace_id and m.segment_id = ${node.segment}::uuid and m.customer_id = c.id)`;
  return node.op === 'in' ? member : sql`(not ${member})`;
}

/** The rule as one boolean SQL expression over `customers c` (without the workspace filter). */
export function compileRule(node: RuleNode, env: CompileEnv): SQL {
  return compileNode(node, env, false);
}

/** Customers a rule may ever match: of this workspace, not merged into another profile, not erased. */
export function liveCustomers(workspaceId: string): SQL {
  return sql`c.workspace_id = ${workspaceId}::uuid and c.merged_into is null and c.erased_at is null`;
}
