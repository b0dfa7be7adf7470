import { useId, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../lib/api';
import { languageAutonym } from '../../i18n';
import { useFormat } from '../../lib/format';
import { SelectField } from '../../components/field';
import { Badge, ProblemAlert } from '../../components/feedback';
import { TableWrap } from '../../components/table-wrap';
import { SENTIMENT_TONE, TEXT_LANGUAGES } from './text-api';
import { useThemeName } from './theme-name';

const MAX_TEXTS = 1000;

/** Try the engine: one text per line in, language, sentiment, themes and request flag out. Nothing is stored. */
export default function AnalyzeView() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const themeName = useThemeName();
  const textId = useId();
  const [input, setInput] = useState('');
  const [language, setLanguage] = useState('');
  const lines = input.split('\n').map((l) => l.trim()).filter(Boolean);
  const analyze = useMutation({
    mutationFn: (texts: string[]) => ok(client.POST('/text/analyze', { body: { texts: texts.map((text) => ({ text, ...(language ? { language } : {}) })) } })).then((r) => ({ texts, results: r.results })),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (lines.length > 0) analyze.mutate(lines.slice(0, MAX_TEXTS));
  };
  const result = analyze.data;
  return (
    <section className="card fb-card" aria-labelledby="fb-analyze-title">
      <h2 id="fb-analyze-title" className="card-title">{t('feedback.analyze.title')}</h2>
      <p className="muted">{t('feedback.analyze.help')}</p>
      <form className="fb-analyze" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor={textId}>{t('feedback.analyze.texts')}</label>
          <textarea id={textId} name="texts" rows={6} value={input} onChange={(e) => setInput(e.target.value)} placeholder={t('feedback.analyze.placeholder')} aria-describedby={`${textId}-hint`} />
          <p id={`${textId}-hint`} className="field-hint">{t('feedback.analyze.hint', { count: lines.length, max: fmt.number(MAX_TEXTS) })}</p>
        </div>
        <SelectField label={t('feedback.analyze.language')} name="language" value={language} onChange={(e) => setLanguage(e.target.value)}>
          <option value="">{t('feedback.analyze.detect')}</option>
          {TEXT_LANGUAGES.map((l) => <option key={l} value={l}>{languageAutonym(l)}</option>)}
        </SelectField>
        <div className="fb-actions">
          <button type="submit" className="button button-primary" disabled={analyze.isPending || lines.length === 0}>{analyze.isPending ? t('common.loading') : t('feedback.analyze.run')}</button>
        </div>
      </form>
      <ProblemAlert error={analyze.error} />
      {result && (
        <TableWrap label={t('feedback.analyze.results')}>
          <table className="fb-table" aria-label={t('feedback.analyze.results')}>
            <thead>
              <tr>
                <th scope="col">{t('feedback.analyze.text')}</th>
                <th scope="col">{t('feedback.filters.language')}</th>
                <th scope="col">{t('feedback.correct.sentiment')}</th>
                <th scope="col" className="num">{t('feedback.themes.score')}</th>
                <th scope="col">{t('feedback.correct.themes')}</th>
                <th scope="col">{t('feedback.requests.badge')}</th>
              </tr>
            </thead>
            <tbody>
              {result.results.map((r, i) => (
                <tr key={i}>
                  <td className="fb-text-cell" lang={r.language}>{result.texts[i]}</td>
                  <td>{r.language}</td>
                  <td><Badge tone={SENTIMENT_TONE[r.sentiment]}>{t(`feedback.sentiment.${r.sentiment}`)}</Badge></td>
                  <td className="num">{fmt.number(Math.round(r.score * 100) / 100)}</td>
                  <td>{r.themes.map(themeName).join(', ') || '–'}</td>
                  <td>{r.isFeatureRequest ? t('feedback.analyze.yes') : t('feedback.analyze.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
