import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { useFormat } from '../../lib/format';
import { Badge, ProblemAlert } from '../../components/feedback';
import { useToast } from '../../components/toast';
import { SENTIMENTS, SENTIMENT_TONE, textKeys, type Comment, type Sentiment } from './text-api';
import { useThemeName } from './theme-name';

/**
 * One customer comment (rendered as text, never HTML) with its sentiment and themes, and an inline
 * correction: what a person sets is kept over the machine's verdict and trains the workspace's model.
 */
export function CommentItem({ comment, knownThemes }: { comment: Comment; knownThemes: string[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const themeName = useThemeName();
  const notify = useToast();
  const queryClient = useQueryClient();
  const canCorrect = useCan('text:write');
  const canSeeCustomers = useCan('customers:read');
  const [editing, setEditing] = useState(false);
  const [sentiment, setSentiment] = useState<Sentiment>(comment.sentiment);
  const [themes, setThemes] = useState<string[]>(comment.themes);
  const [newTheme, setNewTheme] = useState('');
  const formId = useId();
  const save = useMutation({
    mutationFn: () => {
      const body: { sentiment?: Sentiment; themes?: string[] } = {};
      if (sentiment !== comment.sentiment) body.sentiment = sentiment;
      const added = newTheme.trim();
      const nextThemes = added && !themes.includes(added) ? [...themes, added] : themes;
      if (nextThemes.join('\u0000') !== comment.themes.join('\u0000')) body.themes = nextThemes;
      if (body.sentiment === undefined && body.themes === undefined) body.sentiment = sentiment;
      return ok(client.PATCH('/text/analyses/{source}/{sourceId}', { params: { path: { source: comment.source, sourceId: comment.sourceId } }, body }));
    },
    onSuccess: async () => {
      setEditing(false);
      setNewTheme('');
      notify(t('feedback.correct.saved'));
      await queryClient.invalidateQueries({ queryKey: textKeys.all });
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const options = [...new Set([...knownThemes, ...comment.themes, ...themes])];
  const toggle = (th: string, on: boolean) => setThemes((cur) => (on ? [...cur, th] : cur.filter((x) => x !== th)));

  return (
    <li className="fb-comment" data-testid="comment">
      <blockquote className="fb-comment-text" lang={comment.language}>{comment.text}</blockquote>
      <div className="fb-comment-meta">
        <Badge tone={SENTIMENT_TONE[comment.sentiment]}>{t(`feedback.sentiment.${comment.sentiment}`)}</Badge>
        {comment.isCorrected && <Badge tone="info">{t('feedback.correct.corrected')}</Badge>}
        {comment.isFeatureRequest && <Badge tone="warn">{t('feedback.requests.badge')}</Badge>}
        {comment.themes.map((th) => <span key={th} className="fb-chip">{themeName(th)}</span>)}
        <span className="muted small">
          {fmt.dateTime(comment.occurredAt)} · {comment.language}
          {comment.rating !== null && comment.ratingScale ? ` · ${comment.ratingScale.toUpperCase()} ${comment.rating}` : ''}
          {` · ${t(`feedback.sources.${comment.source}`, { defaultValue: comment.source })}`}
          {[comment.touchpoint, comment.channel, comment.team].filter(Boolean).map((v) => ` · ${v}`).join('')}
        </span>
        {comment.customerId && canSeeCustomers && <Link className="small" to={`/customers/${comment.customerId}`}>{t('feedback.comments.customer')}</Link>}
        {canCorrect && !editing && (
          <button type="button" className="button button-small fb-correct-button"
            aria-label={t('feedback.correct.openNamed', { text: comment.text.slice(0, 60) })}
            onClick={() => { setSentiment(comment.sentiment); setThemes(comment.themes); setEditing(true); }}>
            {t('feedback.correct.open')}
          </button>
        )}
      </div>
      {editing && (
        <form className="fb-correct" onSubmit={onSubmit} aria-labelledby={formId}>
          <p id={formId} className="fb-correct-title">{t('feedback.correct.title')}</p>
          <fieldset>
            <legend>{t('feedback.correct.sentiment')}</legend>
            {SENTIMENTS.map((s) => (
              <label key={s} className="fb-choice">
                <input type="radio" name={`${formId}-sentiment`} value={s} checked={sentiment === s} onChange={() => setSentiment(s)} autoFocus={sentiment === s} />
                {t(`feedback.sentiment.${s}`)}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('feedback.correct.themes')}</legend>
            {options.map((th) => (
              <label key={th} className="fb-choice">
                <input type="checkbox" checked={themes.includes(th)} onChange={(e) => toggle(th, e.target.checked)} />
                {themeName(th)}
              </label>
            ))}
            <label className="fb-new-theme">
              <span>{t('feedback.correct.newTheme')}</span>
              <input type="text" value={newTheme} maxLength={100} onChange={(e) => setNewTheme(e.target.value)} />
            </label>
          </fieldset>
          <ProblemAlert error={save.error} />
          <div className="fb-actions">
            <button type="submit" className="button button-primary button-small" disabled={save.isPending}>{t('feedback.correct.save')}</button>
            <button type="button" className="button button-small" onClick={() => { setEditing(false); setSentiment(comment.sentiment); setThemes(comment.themes); }}>{t('common.cancel')}</button>
          </div>
          <p className="muted small">{t('feedback.correct.help')}</p>
        </form>
      )}
    </li>
  );
}
