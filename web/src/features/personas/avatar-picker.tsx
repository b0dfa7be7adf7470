import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PersonaAvatar, PRESET_KEYS } from './persona-avatar';
import { avatarFromFile } from './personas-api';

/** Choose one of the built-in pictures or upload a photo (made square and ≤ 256 KB in the browser). */
export function AvatarPicker({ value, name, onChange, error }: { value: string | null; name: string; onChange: (v: string | null) => void; error?: string }) {
  const { t } = useTranslation();
  const fileId = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setProblem(null);
    setBusy(true);
    try {
      onChange(await avatarFromFile(file));
    } catch {
      setProblem(t('personas.avatar.unreadable'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <fieldset className="avatar-picker">
      <legend>{t('personas.avatar.title')}</legend>
      <div className="avatar-current">
        <PersonaAvatar avatar={value} name={name || '?'} size={88} />
        <div className="avatar-upload">
          <label htmlFor={fileId} className="button button-small">{busy ? t('common.loading') : t('personas.avatar.upload')}</label>
          <input id={fileId} type="file" accept="image/png,image/jpeg,image/webp,image/gif" className="visually-hidden"
            onChange={(e) => void upload(e.target.files?.[0])} />
          <p className="field-hint">{t('personas.avatar.hint')}</p>
          {(problem || error) && <p className="field-error">{problem ?? error}</p>}
        </div>
      </div>
      <div className="avatar-presets" role="radiogroup" aria-label={t('personas.avatar.presets')}>
        {PRESET_KEYS.map((key) => (
          <label key={key} className={`avatar-preset${value === `preset:${key}` ? ' is-selected' : ''}`} title={t(`personas.presets.${key}`)}>
            <input type="radio" name="avatar-preset" className="visually-hidden" checked={value === `preset:${key}`} onChange={() => onChange(`preset:${key}`)} />
            <PersonaAvatar avatar={`preset:${key}`} name={key} size={44} />
            <span className="visually-hidden">{t(`personas.presets.${key}`)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
