import { useTranslation } from 'react-i18next';
import type { AttributeDefinition } from '../customers/customers-api';
import {
  EVENT_OPS,
  kindOf,
  newCondition,
  operandFor,
  OPS_BY_TYPE,
  RULE_FIELDS,
  type AttributeCondition,
  type Condition,
  type ConditionKind,
  type EventCondition,
  type FieldCondition,
} from './rule-model';
import { NumberInput, RuleValueInput } from './rule-value-input';

export interface RuleContext {
  attributes: AttributeDefinition[];
  segments: { id: string; name: string }[];
  /** The workspace base currency: money fields are typed in its major units. */
  currency: string;
  /** The segment being edited, which its own rule cannot refer to. */
  selfId?: string;
}

const FIELD_GROUPS = ['profile', 'traits', 'dates'] as const;
const VALUE_LABELS: Record<string, string> = { lifecycleStage: 'customers.stages', npsCategory: 'customers.nps' };

function OpSelect({ ops, value, onChange, date }: { ops: readonly string[]; value: string; onChange: (op: string) => void; date?: boolean }) {
  const { t } = useTranslation();
  return (
    <select aria-label={t('rules.operator')} value={value} onChange={(e) => onChange(e.target.value)}>
      {ops.map((op) => <option key={op} value={op}>{t(`rules.ops.${date && op === 'eq' ? 'on' : op}`)}</option>)}
    </select>
  );
}

function FieldEditor({ c, onChange, ctx }: { c: FieldCondition; onChange: (c: Condition) => void; ctx: RuleContext }) {
  const { t } = useTranslation();
  const spec = RULE_FIELDS[c.field] ?? RULE_FIELDS.country;
  const setField = (field: string) => {
    const next = RULE_FIELDS[field];
    const op = OPS_BY_TYPE[next.type].includes(c.op) ? c.op : OPS_BY_TYPE[next.type][0];
    onChange({ field, op, value: operandFor(next.type, op, next.type === spec.type && !next.values && !spec.values ? c.value : undefined, next.values) });
  };
  return (
    <>
      <select aria-label={t('rules.field')} value={c.field} onChange={(e) => setField(e.target.value)}>
        {FIELD_GROUPS.map((g) => (
          <optgroup key={g} label={t(`rules.fieldGroups.${g}`)}>
            {Object.entries(RULE_FIELDS).filter(([, s]) => s.group === g).map(([f]) => <option key={f} value={f}>{t(`rules.fields.${f}`)}</option>)}
          </optgroup>
        ))}
      </select>
      <OpSelect ops={OPS_BY_TYPE[spec.type]} value={c.op} onChange={(op) => onChange({ ...c, op, value: operandFor(spec.type, op, c.value, spec.values) })} />
      <RuleValueInput type={spec.type} op={c.op} value={c.value} values={spec.values} valueLabels={VALUE_LABELS[c.field]}
        currency={spec.money ? ctx.currency : undefined} onChange={(value) => onChange({ ...c, value })} />
    </>
  );
}

function AttributeEditor({ c, onChange, ctx }: { c: AttributeCondition; onChange: (c: Condition) => void; ctx: RuleContext }) {
  const { t } = useTranslation();
  const def = ctx.attributes.find((a) => a.key === c.attribute);
  const type = def?.type ?? 'string';
  const setAttribute = (key: string) => {
    const next = ctx.attributes.find((a) => a.key === key)?.type ?? 'string';
    const op = OPS_BY_TYPE[next].includes(c.op) ? c.op : OPS_BY_TYPE[next][0];
    onChange({ attribute: key, op, value: operandFor(next, op, next === type ? c.value : undefined) });
  };
  if (ctx.attributes.length === 0) return <span className="muted small">{t('rules.noAttributes')}</span>;
  return (
    <>
      <select aria-label={t('rules.attribute')} value={c.attribute} onChange={(e) => setAttribute(e.target.value)}>
        {!def && <option value="">{t('rules.chooseAttribute')}</option>}
        {ctx.attributes.map((a) => <option key={a.key} value={a.key}>{`${a.label} (${t(`rules.types.${a.type}`)})`}</option>)}
      </select>
      {def && (
        <>
          <OpSelect ops={OPS_BY_TYPE[type]} value={c.op} onChange={(op) => onChange({ ...c, op, value: operandFor(type, op, c.value) })} />
          <RuleValueInput type={type} op={c.op} value={c.value} onChange={(value) => onChange({ ...c, value })} />
        </>
      )}
    </>
  );
}

function EventEditor({ c, onChange, ctx }: { c: EventCondition; onChange: (c: Condition) => void; ctx: RuleContext }) {
  const { t } = useTranslation();
  const event = c.event;
  const channel = typeof event.where?.channel === 'string' ? event.where.channel : '';
  const setEvent = (patch: Partial<EventCondition['event']>) => onChange({ ...c, event: { ...event, ...patch } });
  const money = c.measure === 'sum' ? ctx.currency : undefined;
  return (
    <>
      <select aria-label={t('rules.measure')} value={c.measure} onChange={(e) => onChange({ ...c, measure: e.target.value as 'count' | 'sum' })}>
        <option value="count">{t('rules.measures.count')}</option>
        <option value="sum">{t('rules.measures.sum')}</option>
      </select>
      <input list="rule-event-types" aria-label={t('rules.eventType')} value={event.type} size={14} onChange={(e) => setEvent({ type: e.target.value.trim() })} />
      <OpSelect ops={EVENT_OPS} value={c.op} onChange={(op) => onChange({ ...c, op, value: operandFor('number', op, c.value) as number | [number, number] })} />
      <RuleValueInput type="number" op={c.op} value={c.value} currency={money} onChange={(value) => onChange({ ...c, value: value as number | [number, number] })} />
      <span className="rule-days">
        <span className="muted">{t('rules.inLast')}</span>
        <NumberInput label={t('rules.withinDays')} value={event.withinDays} min={1}
          onChange={(v) => setEvent({ withinDays: Number.isNaN(v) ? undefined : Math.max(1, Math.round(v)) })} />
        <span className="unit">{t('rules.daysUnit')}</span>
      </span>
      <input aria-label={t('rules.eventChannel')} placeholder={t('rules.anyChannel')} value={channel} size={9}
        onChange={(e) => {
          const { channel: _old, ...rest } = event.where ?? {};
          const where = e.target.value.trim() ? { ...rest, channel: e.target.value.trim() } : rest;
          setEvent({ where: Object.keys(where).length ? where : undefined });
        }} />
    </>
  );
}

/** One condition: what kind it is, then the editor for that kind. */
export function ConditionEditor({ condition, onChange, ctx }: { condition: Condition; onChange: (c: Condition) => void; ctx: RuleContext }) {
  const { t } = useTranslation();
  const kind = kindOf(condition);
  const segments = ctx.segments.filter((s) => s.id !== ctx.selfId);
  const setKind = (k: ConditionKind) => onChange(newCondition(k, { attribute: ctx.attributes[0]?.key, segment: segments[0]?.id }));
  return (
    <div className="rule-condition">
      <select aria-label={t('rules.kind')} value={kind} onChange={(e) => setKind(e.target.value as ConditionKind)} className="rule-kind">
        {(['field', 'attribute', 'event', 'segment'] as const).map((k) => <option key={k} value={k}>{t(`rules.kinds.${k}`)}</option>)}
      </select>
      {'field' in condition && <FieldEditor c={condition} onChange={onChange} ctx={ctx} />}
      {'attribute' in condition && <AttributeEditor c={condition} onChange={onChange} ctx={ctx} />}
      {'event' in condition && <EventEditor c={condition} onChange={onChange} ctx={ctx} />}
      {'segment' in condition && (
        <>
          <select aria-label={t('rules.operator')} value={condition.op} onChange={(e) => onChange({ ...condition, op: e.target.value as 'in' | 'not_in' })}>
            <option value="in">{t('rules.ops.inSegment')}</option>
            <option value="not_in">{t('rules.ops.notInSegment')}</option>
          </select>
          {segments.length === 0 ? <span className="muted small">{t('rules.noSegments')}</span> : (
            <select aria-label={t('rules.segment')} value={condition.segment} onChange={(e) => onChange({ ...condition, segment: e.target.value })}>
              {!segments.some((s) => s.id === condition.segment) && <option value="">{t('rules.chooseSegment')}</option>}
              {segments.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </select>
          )}
        </>
      )}
    </div>
  );
}
