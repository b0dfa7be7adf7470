import { useTranslation } from 'react-i18next';
import { languageAutonym } from '../../i18n';
import { SelectField } from '../../components/field';
import { PERIODS, TEXT_LANGUAGES, useInsightFilter } from './text-api';

/** Period and language of every insight view; kept in the URL so a view can be shared as it is. */
export function InsightFilters() {
  const { t } = useTranslation();
  const [filter, setFilter] = useInsightFilter();
  return (
    <div className="fb-filters" role="group" aria-label={t('feedback.filters.label')}>
      <SelectField label={t('feedback.filters.period')} name="weeks" value={String(filter.weeks)} onChange={(e) => setFilter({ weeks: Number(e.target.value) })}>
        {PERIODS.map((w) => <option key={w} value={w}>{t('feedback.filters.weeks', { count: w })}</option>)}
      </SelectField>
      <SelectField label={t('feedback.filters.language')} name="language" value={filter.language} onChange={(e) => setFilter({ language: e.target.value })}>
        <option value="">{t('feedback.filters.allLanguages')}</option>
        {TEXT_LANGUAGES.map((l) => <option key={l} value={l}>{languageAutonym(l)}</option>)}
      </SelectField>
    </div>
  );
}
