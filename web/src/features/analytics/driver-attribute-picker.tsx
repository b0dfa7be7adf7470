import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../lib/api';
import { customerKeys } from '../customers/customers-api';

/** The API takes at most this many attributes per request (each text attribute may add up to 7 dummies). */
export const MAX_DRIVER_ATTRIBUTES = 6;

/**
 * Custom customer attributes to add to the key-driver model as checkboxes. Dates are left out: the model
 * cannot use them (the API says so in `excluded` for one given by URL).
 */
export function DriverAttributePicker({ value, onChange }: { value: string[]; onChange: (next: string[]) => void }) {
  const { t } = useTranslation();
  const defs = useQuery({ queryKey: customerKeys.attributes, queryFn: ({ signal }) => ok(client.GET('/customer-attributes', { signal })), staleTime: 60_000 });
  const usable = (defs.data?.data ?? []).filter((d) => d.type !== 'date');
  if (defs.isPending || defs.isError) return null;
  const full = value.length >= MAX_DRIVER_ATTRIBUTES;
  return (
    <fieldset className="an-attrs" data-testid="driver-attributes">
      <legend className="small">{t('analytics.drivers.attributes')}</legend>
      {usable.length === 0 && <p className="muted small">{t('analytics.drivers.noAttributes')}</p>}
      {usable.map((d) => {
        const checked = value.includes(d.key);
        return (
          <label key={d.key} className="an-check">
            <input
              type="checkbox"
              checked={checked}
              disabled={!checked && full}
              onChange={(e) => onChange(e.target.checked ? [...value, d.key] : value.filter((k) => k !== d.key))}
            />
            <span>{d.label}</span>
          </label>
        );
      })}
      {full && <p className="muted small">{t('analytics.drivers.attributesMax', { max: MAX_DRIVER_ATTRIBUTES })}</p>}
    </fieldset>
  );
}
