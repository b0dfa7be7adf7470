import { useDeferredValue, useState } from 'react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../../lib/api';
import { useFormat } from '../../../lib/format';
import { languageAutonym } from '../../../i18n';
import { LoadMore, QueryStatus } from '../../../components/feedback';
import type { Survey } from '../surveys-api';

/** NPS score groups as score ranges on the survey's first NPS question (formulas: docs/formulas.md). */
const GROUPS = { promoters: [9, 10], passives: [7, 8], detractors: [0, 6] } as const;
type Group = '' | keyof typeof GROUPS;

/**
 * What people wrote: the text answers of the survey, filtered by words, NPS score group and language,
 * each with its score, language and channel. Customer text is rendered as text.
 */
export function TextAnswersCard({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const textQuestions = survey.questions.filter((q) => q.type === 'text');
  const nps = survey.questions.find((q) => q.type === 'nps');
  const [search, setSearch] = useState('');
  const [group, setGroup] = useState<Group>('');
  const [language, setLanguage] = useState('');
  const q = useDeferredValue(search.trim());
  const range = group ? GROUPS[group] : undefined;
  const filter = {
    ...(q ? { q } : {}),
    ...(language ? { language } : {}),
    ...(range && nps ? { question: nps.id, scoreMin: range[0], scoreMax: range[1] } : {}),
  };
  const answers = useInfiniteQuery({
    queryKey: ['surveys', 'text-answers', survey.id, filter],
    queryFn: ({ pageParam, signal }) => ok(client.GET('/surveys/{id}/responses', { params: { path: { id: survey.id }, query: { limit: 100, cursor: pageParam, ...filter } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled: textQuestions.length > 0,
  });
  if (textQuestions.length === 0) return null;
  const items = (answers.data?.pages.flatMap((p) => p.data) ?? []).flatMap((r) =>
    textQuestions
      .map((tq) => ({ r, question: tq.id, text: r.answers[tq.id] }))
      .filter((x): x is typeof x & { text: string } => typeof x.text === 'string' && x.text.trim() !== ''),
  );
  const title = t('surveyResults.textTitle');
  return (
    <section className="card results-section text-answers" aria-labelledby="text-answers-title" data-testid="text-answers">
      <h2 className="card-title" id="text-answers-title">{title}</h2>
      <div className="inline-fields" role="group" aria-label={t('surveyResults.textFilters')}>
        <label>{t('surveyResults.search')} <input type="search" value={search} maxLength={200} onChange={(e) => setSearch(e.target.value)} data-testid="text-search" /></label>
        {nps && (
          <label>{t('surveyResults.scoreGroup')}{' '}
            <select value={group} onChange={(e) => setGroup(e.target.value as Group)} data-testid="text-group">
              <option value="">{t('surveyResults.allGroups')}</option>
              {(Object.keys(GROUPS) as (keyof typeof GROUPS)[]).map((g) => <option key={g} value={g}>{t(`surveys.resultsView.${g}`)}</option>)}
            </select>
          </label>
        )}
        {survey.languages.length > 1 && (
          <label>{t('surveyResults.language')}{' '}
            <select value={language} onChange={(e) => setLanguage(e.target.value)} data-testid="text-language">
              <option value="">{t('surveyResults.allLanguages')}</option>
              {survey.languages.map((l) => <option key={l} value={l}>{languageAutonym(l)}</option>)}
            </select>
          </label>
        )}
      </div>
      <QueryStatus query={answers} />
      <p className="muted small" aria-live="polite">{t('surveyResults.textCount', { count: items.length })}</p>
      <ul className="text-answer-list">
        {items.map(({ r, question, text }) => {
          const score = nps ? r.answers[nps.id] : undefined;
          return (
            <li key={`${r.id}-${question}`} className="text-answer" data-testid="text-answer">
              <p className="text-answer-body" lang={r.language}>{text}</p>
              <p className="muted small">
                {typeof score === 'number' && <span className="sv-chip">NPS {score}</span>} {question} · {languageAutonym(r.language)} · {r.channel} · {fmt.dateTime(r.finishedAt ?? r.createdAt)}
              </p>
            </li>
          );
        })}
      </ul>
      <LoadMore query={answers} />
    </section>
  );
}
