import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localized, type Question } from './surveys-api';

const RTL = new Set(['ar', 'he', 'fa', 'ur']);

function scaleOf(q: Question): number[] {
  if (q.type === 'nps') return Array.from({ length: 11 }, (_, i) => i);
  if (q.type === 'csat' || q.type === 'ces' || q.type === 'rating') {
    const min = q.scale?.min ?? 1;
    const max = q.scale?.max ?? (q.type === 'ces' ? 7 : 5);
    return Array.from({ length: max - min + 1 }, (_, i) => min + i);
  }
  return [];
}

function PreviewInput({ q, lang }: { q: Question; lang: string }) {
  const { t } = useTranslation();
  const scale = scaleOf(q);
  if (scale.length > 0) {
    const stars = q.type === 'rating' && q.style === 'stars';
    return (
      <div className={`preview-scale${scale.length > 7 ? ' preview-scale-wide' : ''}`}>
        {scale.map((n) => <span key={n} className="preview-choice">{stars ? '★' : n}</span>)}
      </div>
    );
  }
  if (q.type === 'single_choice' || q.type === 'multiple_choice') {
    return (
      <ul className="preview-options">
        {q.options.map((o) => <li key={o.id}><span className={q.type === 'single_choice' ? 'preview-radio' : 'preview-check'} aria-hidden="true" />{localized(o.label, lang) || '…'}</li>)}
        {q.allowOther && <li><span className="preview-radio" aria-hidden="true" />{t('surveys.preview.other')}</li>}
      </ul>
    );
  }
  if (q.type === 'contact') return <div className="preview-text">{(q.fields ?? ['name', 'email']).join(' · ')}</div>;
  return <div className="preview-text preview-textarea" />;
}

/**
 * What a respondent sees on a phone, one question per screen, in each of the survey's languages.
 * A sketch of the hosted page for writing the texts; the published page itself is linked beside it.
 */
export function SurveyPreview({ questions, languages }: { questions: Question[]; languages: string[] }) {
  const { t } = useTranslation();
  const [lang, setLang] = useState(languages[0] ?? 'en');
  const [step, setStep] = useState(0);
  const current = languages.includes(lang) ? lang : (languages[0] ?? 'en');
  const index = Math.min(step, questions.length - 1);
  const q = questions[index];
  return (
    <section className="survey-preview" aria-label={t('surveys.preview.title')}>
      <div className="preview-langs" role="group" aria-label={t('surveys.preview.language')}>
        {languages.map((l) => (
          <button key={l} type="button" className={`sv-chip${l === current ? ' sv-chip-active' : ''}`} aria-pressed={l === current} onClick={() => setLang(l)}>{l}</button>
        ))}
      </div>
      <div className="phone-frame" lang={current} dir={RTL.has(current.split('-')[0]) ? 'rtl' : 'ltr'} data-testid="survey-preview">
        <div className="preview-progress" role="progressbar" aria-label={t('surveyPreview.progress', { n: index + 1, total: questions.length })} aria-valuemin={0} aria-valuemax={questions.length} aria-valuenow={index + 1}>
          <span style={{ width: `${((index + 1) / Math.max(1, questions.length)) * 100}%` }} />
        </div>
        {q && (
          <div className="preview-question">
            <p className="preview-text-q">{localized(q.text, current) || <span className="muted">{t('surveys.preview.missingText')}</span>}{q.required ? ' *' : ''}</p>
            <PreviewInput q={q} lang={current} />
          </div>
        )}
        <div className="preview-nav">
          <button type="button" className="button button-small" disabled={index === 0} onClick={() => setStep(index - 1)}>{t('surveys.preview.back')}</button>
          <span className="muted small">{index + 1} / {questions.length}</span>
          <button type="button" className="button button-small button-primary" disabled={index >= questions.length - 1} onClick={() => setStep(index + 1)}>{t('surveys.preview.next')}</button>
        </div>
      </div>
    </section>
  );
}
