import { useId, useState, type ChangeEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { ProblemAlert } from '../../components/feedback';
import { useToast } from '../../components/toast';
import { parseCsv } from './csv';
import { SENTIMENTS, textKeys, type Sentiment } from './text-api';

const BATCH = 1000;

interface Example {
  text: string;
  sentiment: Sentiment;
  language?: string;
}

/** Rows of a labelled file: columns `text`, `sentiment` (positive/neutral/negative), optional `language`. */
function examplesOf(rows: string[][]): { examples: Example[]; skipped: number } {
  const [head = [], ...body] = rows;
  const col = (name: string) => head.findIndex((h) => h.trim().toLowerCase() === name);
  const [ti, si, li] = [col('text'), col('sentiment'), col('language')];
  if (ti < 0 || si < 0) return { examples: [], skipped: body.length };
  const examples: Example[] = [];
  for (const r of body) {
    const text = r[ti]?.trim() ?? '';
    const sentiment = SENTIMENTS.find((s) => s === r[si]?.trim().toLowerCase());
    const language = li >= 0 ? r[li]?.trim() || undefined : undefined;
    if (text && sentiment) examples.push({ text: text.slice(0, 20_000), sentiment, ...(language ? { language } : {}) });
  }
  return { examples, skipped: body.length - examples.length };
}

/** Labelled examples from a CSV file (e.g. rated reviews from another system), sent in batches of 1,000. */
export function ExamplesImport() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const notify = useToast();
  const queryClient = useQueryClient();
  const fileId = useId();
  const [parsed, setParsed] = useState<{ name: string; examples: Example[]; skipped: number } | null>(null);
  const [sent, setSent] = useState(0);
  const upload = useMutation({
    mutationFn: async (examples: Example[]) => {
      setSent(0);
      let stored = 0;
      for (let i = 0; i < examples.length; i += BATCH) {
        const r = await ok(client.POST('/text/examples', { body: { examples: examples.slice(i, i + BATCH) } }));
        stored += r.stored;
        setSent(Math.min(examples.length, i + BATCH));
      }
      return stored;
    },
    onSuccess: async (stored) => {
      notify(t('feedback.import.done', { count: stored, formatted: fmt.number(stored) }));
      setParsed(null);
      await queryClient.invalidateQueries({ queryKey: textKeys.models });
    },
  });
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    upload.reset();
    if (!file) return setParsed(null);
    setParsed({ name: file.name, ...examplesOf(parseCsv(await file.text())) });
  };
  const total = parsed?.examples.length ?? 0;
  const percent = total ? Math.round((sent / total) * 100) : 0;
  return (
    <section className="card fb-card" aria-labelledby="fb-import-title">
      <h2 id="fb-import-title" className="card-title">{t('feedback.import.title')}</h2>
      <p className="muted">{t('feedback.import.help')}</p>
      <div className="field">
        <label htmlFor={fileId}>{t('feedback.import.file')}</label>
        <input id={fileId} type="file" accept=".csv,text/csv" onChange={(e) => void onFile(e)} />
      </div>
      {parsed && (
        <p role="status">
          {t('feedback.import.ready', { count: total, formatted: fmt.number(total) })}
          {parsed.skipped > 0 && ` ${t('feedback.import.skipped', { count: parsed.skipped, formatted: fmt.number(parsed.skipped) })}`}
        </p>
      )}
      {upload.isPending && (
        <div className="fb-progress" role="progressbar" aria-label={t('feedback.import.progress')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
          <span style={{ width: `${percent}%` }} />
        </div>
      )}
      <ProblemAlert error={upload.error} />
      <div className="fb-actions">
        <button type="button" className="button" disabled={!total || upload.isPending} onClick={() => parsed && upload.mutate(parsed.examples)}>
          {t('feedback.import.send')}
        </button>
      </div>
    </section>
  );
}
