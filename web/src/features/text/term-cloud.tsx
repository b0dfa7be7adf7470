import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
/** A word or key phrase with the number of texts using it and how those texts feel (−1…1). */
export interface CloudTerm { term: string; count: number; averageScore: number }

/** Tone of a term from its texts' mean score: the colours are the theme's text colours, so AA contrast holds. */
function toneOf(score: number): 'good' | 'bad' | 'neutral' {
  if (score >= 0.2) return 'good';
  if (score <= -0.2) return 'bad';
  return 'neutral';
}

/**
 * The words and phrases customers use most, sized by how many texts use them and coloured by how those
 * texts feel. A weighted list of real text, not a canvas picture: it wraps on a phone, screen readers
 * read every word with its count, it needs no extra package, and Chinese words need no font metrics.
 * Alphabetical order, as tag clouds are read; the table beside it ranks them.
 */
export function TermCloud({ terms, label }: { terms: CloudTerm[]; label?: string }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const max = Math.max(1, ...terms.map((x) => x.count));
  const min = Math.min(max, ...terms.map((x) => x.count));
  const sorted = [...terms].sort((a, b) => a.term.localeCompare(b.term, i18n.language));
  return (
    <ul className="fb-cloud" aria-label={label ?? t('feedback.explore.cloudLabel')}>
      {sorted.map((x) => {
        // Square root: a word used 4× as often looks about twice as big, as people judge areas.
        const weight = max === min ? 0.5 : Math.sqrt((x.count - min) / (max - min));
        const tone = toneOf(x.averageScore);
        return (
          <li key={x.term} className={`fb-term fb-term-${tone}`} style={{ fontSize: `${(0.85 + weight * 1.35).toFixed(2)}rem` }}>
            {x.term}
            <span className="visually-hidden">{` (${t('feedback.explore.termCount', { count: x.count, formatted: fmt.number(x.count) })}, ${t(`feedback.explore.tone.${tone}`)})`}</span>
          </li>
        );
      })}
    </ul>
  );
}
