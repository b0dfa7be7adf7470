import { useTranslation } from 'react-i18next';
import type { Survey } from './surveys-api';

type Settings = Survey['settings'];
type Widget = Settings['widget'];
type Trigger = Widget['triggers'][number];
type TriggerType = Trigger['type'];

const TRIGGER_TYPES: TriggerType[] = ['event', 'url', 'time_on_page', 'scroll_depth', 'exit_intent'];

/** A trigger of a type with a usable starting value, so switching types never sends an invalid one. */
function blankTrigger(type: TriggerType): Trigger {
  switch (type) {
    case 'event': return { type, name: 'checkout_done' };
    case 'url': return { type, match: 'contains', value: '/thanks' };
    case 'time_on_page': return { type, seconds: 20 };
    case 'scroll_depth': return { type, percent: 50 };
    case 'exit_intent': return { type };
  }
}

interface Props {
  settings: Settings;
  disabled: boolean;
  onChange: (settings: Settings) => void;
}

/**
 * The website widget: on or off, what shows it (any trigger does), sampling and the feedback button.
 * The whole settings object is sent back, since a PATCH replaces settings as a whole.
 */
export function WidgetSettingsCard({ settings, disabled, onChange }: Props) {
  const { t } = useTranslation();
  const w = settings.widget;
  const set = (patch: Partial<Widget>) => onChange({ ...settings, widget: { ...w, ...patch } });
  const setTrigger = (i: number, next: Trigger) => set({ triggers: w.triggers.map((x, j) => (j === i ? next : x)) });
  return (
    <section className="card widget-settings" aria-labelledby="widget-settings-title">
      <h2 className="card-title" id="widget-settings-title">{t('surveys.widget.title')}</h2>
      <label className="checkbox">
        <input type="checkbox" checked={w.enabled} disabled={disabled} onChange={(e) => set({ enabled: e.target.checked })} /> {t('surveys.widget.enabled')}
      </label>
      {w.enabled && (
        <>
          <p className="muted small">{t('surveys.widget.hint')}</p>
          <ul className="widget-triggers">
            {w.triggers.map((trigger, i) => (
              <li key={i} className="inline-fields">
                <label>
                  <span className="visually-hidden">{t('surveys.widget.triggerType')}</span>
                  <select aria-label={t('surveys.widget.triggerType')} value={trigger.type} disabled={disabled} onChange={(e) => setTrigger(i, blankTrigger(e.target.value as TriggerType))}>
                    {TRIGGER_TYPES.map((type) => <option key={type} value={type}>{t(`surveys.widget.types.${type}`)}</option>)}
                  </select>
                </label>
                {trigger.type === 'event' && <input aria-label={t('surveys.widget.eventName')} value={trigger.name} disabled={disabled} onChange={(e) => setTrigger(i, { ...trigger, name: e.target.value })} />}
                {trigger.type === 'url' && <input aria-label={t('surveys.widget.urlContains')} value={trigger.value} disabled={disabled} onChange={(e) => setTrigger(i, { ...trigger, value: e.target.value })} />}
                {trigger.type === 'time_on_page' && <input type="number" min={0} max={3600} aria-label={t('surveys.widget.seconds')} value={trigger.seconds} disabled={disabled} onChange={(e) => setTrigger(i, { ...trigger, seconds: Number(e.target.value) })} />}
                {trigger.type === 'scroll_depth' && <input type="number" min={1} max={100} aria-label={t('surveys.widget.percent')} value={trigger.percent} disabled={disabled} onChange={(e) => setTrigger(i, { ...trigger, percent: Number(e.target.value) })} />}
                <button type="button" className="button button-ghost" disabled={disabled} onClick={() => set({ triggers: w.triggers.filter((_, j) => j !== i) })}>{t('surveys.widget.removeTrigger')}</button>
              </li>
            ))}
          </ul>
          <button type="button" className="button" disabled={disabled} onClick={() => set({ triggers: [...w.triggers, blankTrigger('event')] })}>{t('surveys.widget.addTrigger')}</button>
          <div className="inline-fields">
            <label className="field">
              <span>{t('surveys.widget.sampling')}</span>
              <input type="number" min={0} max={100} value={w.samplingPercent} disabled={disabled} onChange={(e) => set({ samplingPercent: Math.max(0, Math.min(100, Number(e.target.value))) })} />
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={w.feedbackButton.enabled} disabled={disabled} onChange={(e) => set({ feedbackButton: { ...w.feedbackButton, enabled: e.target.checked } })} /> {t('surveys.widget.feedbackButton')}
            </label>
          </div>
        </>
      )}
    </section>
  );
}
