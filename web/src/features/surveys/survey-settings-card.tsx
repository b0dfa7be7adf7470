import { useTranslation } from 'react-i18next';
import { languageAutonym } from '../../i18n';
import { TextField } from '../../components/field';
import { CHANNELS, SURVEY_LANGUAGES, TOUCHPOINTS, type SurveyPatch } from './surveys-api';

/** The fields this card edits (questions are edited beside it). */
type SettingsPatch = Pick<SurveyPatch, 'name' | 'touchpoint' | 'channel' | 'team' | 'defaultLanguage'> & { languages?: string[] };

interface Props {
  draft: SettingsPatch & { languages: string[] };
  errors: Record<string, string>;
  onChange: (patch: SettingsPatch) => void;
}

/** Name, touchpoint, channel, team and languages: what analytics breaks NPS down by. */
export function SurveySettingsCard({ draft, errors, onChange }: Props) {
  const { t } = useTranslation();
  const toggleLanguage = (lang: string, on: boolean) => {
    const languages = on ? [...draft.languages, lang] : draft.languages.filter((l) => l !== lang);
    if (languages.length === 0) return;
    const defaultLanguage = languages.includes(draft.defaultLanguage ?? '') ? draft.defaultLanguage : languages[0];
    onChange({ languages, defaultLanguage });
  };
  return (
    <section className="card survey-settings" aria-label={t('surveys.settings')}>
      <h2 className="card-title">{t('surveys.settings')}</h2>
      <div className="settings-grid">
        <TextField label={t('surveys.name')} name="name" value={draft.name ?? ''} error={errors.name} onChange={(e) => onChange({ name: e.target.value })} />
        <TextField label={t('surveys.touchpoint')} name="touchpoint" list="touchpoints" value={draft.touchpoint ?? ''} error={errors.touchpoint}
          hint={t('surveys.touchpointHint')} onChange={(e) => onChange({ touchpoint: e.target.value })} />
        <TextField label={t('surveys.channel')} name="channel" list="channels" value={draft.channel ?? ''} error={errors.channel} onChange={(e) => onChange({ channel: e.target.value })} />
        <TextField label={t('surveys.team')} name="team" value={draft.team ?? ''} error={errors.team} hint={t('surveys.teamHint')} onChange={(e) => onChange({ team: e.target.value || null })} />
      </div>
      <datalist id="touchpoints">{TOUCHPOINTS.map((v) => <option key={v} value={v} />)}</datalist>
      <datalist id="channels">{CHANNELS.map((v) => <option key={v} value={v} />)}</datalist>
      <fieldset className="language-picker">
        <legend>{t('surveys.languages')}</legend>
        {SURVEY_LANGUAGES.map((lang) => (
          <label key={lang} className="checkbox">
            <input type="checkbox" checked={draft.languages.includes(lang)} onChange={(e) => toggleLanguage(lang, e.target.checked)} /> {languageAutonym(lang)}
          </label>
        ))}
        {errors.languages && <p className="field-error">{errors.languages}</p>}
      </fieldset>
    </section>
  );
}
