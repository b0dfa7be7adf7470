import { useTranslation } from 'react-i18next';
import type { Operand, ValueType } from './rule-model';

function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

interface NumberInputProps {
  label: string;
  value: unknown;
  onChange: (v: number) => void;
  /** Shown and typed in major units of this currency, stored in minor units. */
  currency?: string;
  min?: number;
}

/** A number box; a cleared box holds NaN, which the builder treats as "not filled in yet". */
export function NumberInput({ label, value, onChange, currency, min }: NumberInputProps) {
  const factor = currency ? 10 ** minorDigits(currency) : 1;
  const shown = typeof value === 'number' && !Number.isNaN(value) ? value / factor : '';
  return (
    <span className="rule-number">
      <input type="number" step="any" min={min} aria-label={label} value={shown}
        onChange={(e) => onChange(e.target.value === '' ? Number.NaN : Math.round(Number(e.target.value) * factor * 1000) / 1000)} />
      {currency && <span className="unit">{currency}</span>}
    </span>
  );
}

interface ValueInputProps {
  type: ValueType;
  op: string;
  value: Operand | undefined;
  onChange: (v: Operand | undefined) => void;
  /** Allowed values of an enumerated field (lifecycle stages, NPS categories). */
  values?: readonly string[];
  /** Message-key prefix naming the allowed values, e.g. "customers.stages". */
  valueLabels?: string;
  currency?: string;
}

/** The value part of a condition, shaped by the type tested and the operator. */
export function RuleValueInput({ type, op, value, onChange, values, valueLabels, currency }: ValueInputProps) {
  const { t } = useTranslation();
  const label = t('rules.value');
  const labelOf = (v: string) => (valueLabels ? t(`${valueLabels}.${v}`) : v);
  if (op === 'exists' || op === 'not_exists') return null;
  if (op === 'between') {
    const [lo, hi] = Array.isArray(value) ? (value as [number, number]) : [Number.NaN, Number.NaN];
    return (
      <span className="rule-between">
        <NumberInput label={t('rules.from')} value={lo} currency={currency} onChange={(v) => onChange([v, hi])} />
        <span className="muted">{t('rules.and')}</span>
        <NumberInput label={t('rules.to')} value={hi} currency={currency} onChange={(v) => onChange([lo, v])} />
      </span>
    );
  }
  if (op === 'withinLastDays') {
    return (
      <span className="rule-days">
        <NumberInput label={t('rules.days')} value={value} min={1} onChange={onChange} />
        <span className="unit">{t('rules.daysUnit')}</span>
      </span>
    );
  }
  if (op === 'in' || op === 'not_in') {
    const list = Array.isArray(value) ? value.map(String) : [];
    if (values) {
      return (
        <fieldset className="rule-choices" aria-label={label}>
          {values.map((v) => (
            <label key={v} className="choice">
              <input type="checkbox" checked={list.includes(v)} onChange={(e) => onChange(e.target.checked ? [...list, v] : list.filter((x) => x !== v))} />
              {labelOf(v)}
            </label>
          ))}
        </fieldset>
      );
    }
    return (
      <input type="text" aria-label={label} placeholder={t('rules.listPlaceholder')} value={list.join(', ')}
        onChange={(e) => onChange(e.target.value.split(',').map((s) => s.trim()).filter(Boolean))} />
    );
  }
  switch (type) {
    case 'boolean':
      return (
        <select aria-label={label} value={String(value ?? true)} onChange={(e) => onChange(e.target.value === 'true')}>
          <option value="true">{t('customers.yes')}</option>
          <option value="false">{t('customers.no')}</option>
        </select>
      );
    case 'number':
      return <NumberInput label={label} value={value} currency={currency} onChange={onChange} />;
    case 'date':
      return <input type="date" aria-label={label} value={typeof value === 'string' ? value.slice(0, 10) : ''} onChange={(e) => onChange(e.target.value)} />;
    case 'string':
      if (values) {
        return (
          <select aria-label={label} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
            {values.map((v) => <option key={v} value={v}>{labelOf(v)}</option>)}
          </select>
        );
      }
      return <input type="text" aria-label={label} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} />;
  }
}
