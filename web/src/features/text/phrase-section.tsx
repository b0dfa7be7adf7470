import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { TableWrap } from '../../components/table-wrap';
import type { Insights } from './text-api';
import { TermCloud } from './term-cloud';
import { CsvButton } from './csv-button';

type Phrase = NonNullable<Insights['phrases']>[number];

/**
 * Key phrases merged across languages ("levering", "delivery", "配送" count as one "delivery"), then the
 * words no concept covers: a cloud coloured by how the texts feel, and the same numbers as a table.
 */
export function PhraseSection({ phrases }: { phrases: Phrase[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  // The tone of a phrase: (positive − negative) ÷ texts, the same −1…1 scale as a word's mean score.
  const terms = useMemo(() => phrases.map((p) => ({ term: p.phrase, count: p.count, averageScore: (p.positive - p.negative) / Math.max(1, p.count) })), [phrases]);
  const title = t('feedback.explore.phrasesTitle');
  return (
    <section className="card fb-card" aria-labelledby="fb-phrases-title">
      <div className="fb-card-head">
        <h2 id="fb-phrases-title" className="card-title">{title}</h2>
        <CsvButton filename="key-phrases.csv" header={['phrase', 'texts', 'positive', 'negative']} rows={() => phrases.map((p) => [p.phrase, p.count, p.positive, p.negative])} />
      </div>
      {phrases.length === 0 ? <p className="muted">{t('feedback.explore.noTerms')}</p> : <TermCloud terms={terms} label={t('feedback.explore.phrasesLabel')} />}
      <p className="muted small">{t('feedback.explore.phrasesHelp')}</p>
      {phrases.length > 0 && (
        <details className="fb-details">
          <summary>{t('feedback.showTable')}</summary>
          <TableWrap label={title}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('feedback.explore.phrase')}</th>
                  <th scope="col" className="num">{t('feedback.explore.texts')}</th>
                  <th scope="col" className="num">{t('feedback.sentiment.positive')}</th>
                  <th scope="col" className="num">{t('feedback.sentiment.negative')}</th>
                </tr>
              </thead>
              <tbody>
                {phrases.map((p) => (
                  <tr key={p.phrase}>
                    <th scope="row">{p.phrase}</th>
                    <td className="num">{fmt.number(p.count)}</td>
                    <td className="num">{fmt.number(p.positive)}</td>
                    <td className="num">{fmt.number(p.negative)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </details>
      )}
    </section>
  );
}
