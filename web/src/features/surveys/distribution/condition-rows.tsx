import { useTranslation } from 'react-i18next';
import type { ApiBody } from '../../../lib/api';

export type TriggerCondition = NonNullable<ApiBody<'post', '/surveys/{id}/triggers'>['eventConditions']>[number];
type Op = TriggerCondition['op'];
const OPS: Op[] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'in', 'exists'];

/** Numbers stay numbers (an "amount > 500" compares numerically), lists for "in", nothing for "exists". */
export function conditionValue(op: Op, raw: string): TriggerCondition['value'] {
  if (op === 'exists') return undefined;
  const one = (v: string) => (v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v.trim());
  return op === 'in' ? raw.split(',').map(one).filter((v) => v !== '') : one(raw);
}
export const showConditionValue = (v: TriggerCondition['value']) => (Array.isArray(v) ? v.join(', ') : v === undefined ? '' : String(v));

interface Props {
  /** 'event' or 'profile': labels and field suggestions differ. */
  scope: 'event' | 'profile';
  rows: { field: string; op: Op; raw: string }[];
  onChange: (rows: { field: string; op: Op; raw: string }[]) => void;
}

/** Editable conditions (all must hold): a dotted field, a comparison and a value. */
export function ConditionRows({ scope, rows, onChange }: Props) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<Props['rows'][number]>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const list = `trigger-${scope}-fields`;
  return (
    <fieldset className="trigger-conditions">
      <legend>{t(`distribution.conditions.${scope}`)}</legend>
      <p className="muted small">{t(`distribution.conditions.${scope}Hint`)}</p>
      <datalist id={list}>
        {(scope === 'event' ? ['amount', 'currency', 'channel', 'properties.plan'] : ['segments', 'country', 'language', 'traits.lifecycleStage', 'traits.npsLatest', 'attributes.plan']).map((f) => <option key={f} value={f} />)}
      </datalist>
      {rows.map((r, i) => (
        <div key={i} className="inline-fields">
          <input aria-label={t('distribution.conditions.field', { n: i + 1 })} list={list} value={r.field} placeholder={scope === 'event' ? 'amount' : 'segments'} onChange={(e) => set(i, { field: e.target.value.trim() })} />
          <select aria-label={t('distribution.conditions.op', { n: i + 1 })} value={r.op} onChange={(e) => set(i, { op: e.target.value as Op })}>
            {OPS.map((op) => <option key={op} value={op}>{t(`distribution.conditions.ops.${op}`)}</option>)}
          </select>
          {r.op !== 'exists' && <input aria-label={t('distribution.conditions.value', { n: i + 1 })} value={r.raw} onChange={(e) => set(i, { raw: e.target.value })} />}
          <button type="button" className="button button-ghost" onClick={() => onChange(rows.filter((_, j) => j !== i))}>{t('distribution.conditions.remove')}</button>
        </div>
      ))}
      <button type="button" className="button" onClick={() => onChange([...rows, { field: '', op: scope === 'event' ? 'gt' : 'contains', raw: '' }])}>{t(`distribution.conditions.add_${scope}`)}</button>
    </fieldset>
  );
}
