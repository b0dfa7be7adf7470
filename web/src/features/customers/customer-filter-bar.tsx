import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { SelectField, TextField } from '../../components/field';
import { Icon } from '../../components/icon';
import { useDebounced, type Segment } from '../segments/segments-api';
import { LIFECYCLE_STAGES, NPS_CATEGORIES, type AttributeDefinition } from './customers-api';
import { ATTRIBUTE_FILTER_OPS, attributeFiltersOf, hasFilters, type FilterKey } from './customer-filters';

/** Adds one `attr.<key>.<op>=value` filter, with operators and a value input that fit the attribute's type. */
function AttributeFilterForm({ definitions, onAdd }: { definitions: AttributeDefinition[]; onAdd: (name: string, value: string) => void }) {
  const { t } = useTranslation();
  const [key, setKey] = useState(definitions[0]?.key ?? '');
  const def = definitions.find((d) => d.key === key);
  const ops = def ? ATTRIBUTE_FILTER_OPS[def.type] : [];
  const [op, setOp] = useState(ops[0] ?? 'eq');
  const [value, setValue] = useState('');
  useEffect(() => {
    setOp(ops[0] ?? 'eq');
    setValue(def?.type === 'boolean' ? 'true' : '');
    // Only a different attribute resets the operator and value.
  }, [key]);
  if (!def) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = op === 'exists' ? value || 'true' : value.trim();
    if (v === '') return;
    onAdd(`attr.${def.key}.${op}`, v);
    setValue(def.type === 'boolean' ? 'true' : '');
  };
  return (
    <form className="attribute-filter" onSubmit={submit} aria-label={t('customers.filters.addAttribute')}>
      <SelectField label={t('customers.filters.attribute')} name="attribute" value={key} onChange={(e) => setKey(e.target.value)}>
        {definitions.map((d) => <option key={d.key} value={d.key}>{d.label}</option>)}
      </SelectField>
      <SelectField label={t('customers.filters.operator')} name="op" value={op} onChange={(e) => setOp(e.target.value)}>
        {ops.map((o) => <option key={o} value={o}>{t(`customers.filterOps.${def.type === 'date' ? `date_${o}` : o}`)}</option>)}
      </SelectField>
      {def.type === 'boolean' || op === 'exists' ? (
        <SelectField label={t('customers.filters.value')} name="value" value={value || 'true'} onChange={(e) => setValue(e.target.value)}>
          <option value="true">{op === 'exists' ? t('customers.filters.hasValue') : t('customers.yes')}</option>
          <option value="false">{op === 'exists' ? t('customers.filters.noValue') : t('customers.no')}</option>
        </SelectField>
      ) : (
        <TextField label={t('customers.filters.value')} name="value" value={value} onChange={(e) => setValue(e.target.value)}
          type={def.type === 'number' ? 'number' : def.type === 'date' ? 'date' : 'text'} step="any" />
      )}
      <button type="submit" className="button">{t('customers.filters.add')}</button>
    </form>
  );
}

/** Search, the common filters and typed attribute filters of the customer list, kept in the URL. */
export function CustomerFilterBar({ definitions, segments }: { definitions: AttributeDefinition[]; segments: Segment[] }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const settledSearch = useDebounced(search, 300);
  const [showAttributes, setShowAttributes] = useState(false);

  const update = (changes: Record<string, string | null>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === '') next.delete(k);
        else next.set(k, v);
      }
      return next;
    }, { replace: true });

  useEffect(() => {
    if ((params.get('q') ?? '') !== settledSearch.trim()) update({ q: settledSearch.trim() });
    // The URL follows the settled search box, not the other way round.
  }, [settledSearch]);

  const select = (key: FilterKey, label: string, options: [string, string][]) => (
    <SelectField label={label} name={key} value={params.get(key) ?? ''} onChange={(e) => update({ [key]: e.target.value })}>
      <option value="">{t('customers.filters.any')}</option>
      {options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
    </SelectField>
  );
  const yesNo: [string, string][] = [['true', t('customers.yes')], ['false', t('customers.no')]];
  const attributeFilters = attributeFiltersOf(params);
  const typeOf = (key: string) => definitions.find((d) => d.key === key)?.type;

  return (
    <section className="filter-bar" aria-label={t('customers.filters.label')}>
      <div className="filter-search" role="search">
        <TextField label={t('customers.filters.search')} name="q" type="search" value={search} onChange={(e) => setSearch(e.target.value)}
          placeholder={t('customers.filters.searchPlaceholder')} autoComplete="off" />
      </div>
      <div className="filter-grid">
        {select('lifecycleStage', t('customers.fields.lifecycleStage'), LIFECYCLE_STAGES.map((s) => [s, t(`customers.stages.${s}`)]))}
        {select('npsCategory', t('customers.fields.npsCategory'), NPS_CATEGORIES.map((c) => [c, t(`customers.nps.${c}`)]))}
        {segments.length > 0 && select('segment', t('customers.fields.segment'), segments.map((s) => [s.id, s.name]))}
        <TextField label={t('customers.fields.country')} name="country" defaultValue={params.get('country') ?? ''} placeholder="DK"
          onBlur={(e) => update({ country: e.target.value.trim() })} onKeyDown={(e) => e.key === 'Enter' && update({ country: e.currentTarget.value.trim() })} />
        <TextField label={t('customers.fields.language')} name="language" defaultValue={params.get('language') ?? ''} placeholder="da"
          onBlur={(e) => update({ language: e.target.value.trim() })} onKeyDown={(e) => e.key === 'Enter' && update({ language: e.currentTarget.value.trim() })} />
        {select('marketingConsent', t('customers.fields.marketingConsent'), yesNo)}
        {select('surveyConsent', t('customers.fields.surveyConsent'), yesNo)}
      </div>
      {(attributeFilters.length > 0 || hasFilters(params)) && (
        <ul className="chips" aria-label={t('customers.filters.active')}>
          {attributeFilters.map((f) => (
            <li key={`${f.key}.${f.op}`} className="chip">
              <span>{`${definitions.find((d) => d.key === f.key)?.label ?? f.key} ${t(`customers.filterOps.${typeOf(f.key) === 'date' ? `date_${f.op}` : f.op}`)} ${f.value}`}</span>
              <button type="button" className="icon-button" aria-label={t('customers.filters.remove', { name: f.key })} onClick={() => update({ [`attr.${f.key}.${f.op}`]: null })}>
                <Icon name="close" size={14} />
              </button>
            </li>
          ))}
          <li>
            <button type="button" className="button button-small" onClick={() => {
              setSearch('');
              setParams(new URLSearchParams(), { replace: true });
            }}>{t('customers.filters.clear')}</button>
          </li>
        </ul>
      )}
      {definitions.length > 0 && (
        <div className="attribute-filters">
          <button type="button" className="button button-small" aria-expanded={showAttributes} onClick={() => setShowAttributes((s) => !s)}>
            {t('customers.filters.byAttribute')}
          </button>
          {showAttributes && <AttributeFilterForm definitions={definitions} onAdd={(name, value) => update({ [name]: value })} />}
        </div>
      )}
    </section>
  );
}
