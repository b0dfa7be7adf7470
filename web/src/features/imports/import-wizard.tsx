import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../../lib/session';
import { useFormat } from '../../lib/format';
import { TextField } from '../../components/field';
import { LoadError, Loading, ProblemAlert } from '../../components/feedback';
import { useDebounced } from '../segments/segments-api';
import { importKeys, PREVIEW_BYTES, upload, type ImportKind } from './imports-api';
import { choiceOf, MappingTable, mappingOf, type ColumnChoice } from './mapping-table';

/**
 * Upload → mapping → start. The file stays in the browser until "Start": the preview reads only its
 * first megabyte, and every mapping change asks the server again which problems remain.
 */
export function ImportWizard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<ImportKind>('customers');
  const [file, setFile] = useState<File | null>(null);
  const [choices, setChoices] = useState<Record<string, ColumnChoice>>({});
  const [defaults, setDefaults] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState(false);

  const mapping = useMemo(() => mappingOf(kind, choices), [kind, choices]);
  const request = useDebounced(JSON.stringify({ mapping: touched ? mapping : undefined, defaults }), 300);
  const preview = useQuery({
    queryKey: ['imports', 'preview', file?.name, file?.size, file?.lastModified, kind, request],
    queryFn: () => {
      const { mapping: m, defaults: d } = JSON.parse(request) as { mapping?: Record<string, string>; defaults: Record<string, string> };
      const fields: Record<string, string> = { kind };
      if (m) fields.mapping = JSON.stringify(m);
      if (Object.keys(d).length) fields.defaults = JSON.stringify(d);
      return upload('/imports/preview', fields, file!.slice(0, PREVIEW_BYTES), file!.name, me.csrfToken);
    },
    enabled: file !== null,
    placeholderData: (previous) => previous,
    retry: false,
    staleTime: Infinity,
  });

  // A new file or kind starts from the server's suggestions.
  useEffect(() => {
    setChoices({});
    setTouched(false);
    setDefaults({});
  }, [file, kind]);
  useEffect(() => {
    const p = preview.data;
    if (p && !touched) setChoices(Object.fromEntries(p.columns.map((c) => [c.column, choiceOf(kind, c)])));
  }, [preview.data, touched, kind]);

  const start = useMutation({
    mutationFn: () => {
      const fields: Record<string, string> = { kind, mapping: JSON.stringify(mapping) };
      const d = Object.fromEntries(Object.entries(defaults).filter(([, v]) => v.trim() !== ''));
      if (Object.keys(d).length) fields.defaults = JSON.stringify(d);
      return upload('/imports', fields, file!, file!.name, me.csrfToken);
    },
    onSuccess: async (job) => {
      await queryClient.invalidateQueries({ queryKey: importKeys.all });
      navigate(`/customers/imports/${job.id}`);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate();
  };
  const problems = preview.data?.problems ?? [];
  const setDefault = (field: string, value: string) => {
    setTouched(true);
    setDefaults((d) => ({ ...d, [field]: value }));
  };

  return (
    <form className="panel import-wizard" onSubmit={submit} aria-labelledby="wizard-title">
      <h2 id="wizard-title" className="section-title">{t('imports.wizard.title')}</h2>
      <ol className="wizard-steps">
        <li className="wizard-step">
          <h3>{t('imports.wizard.stepFile')}</h3>
          <div className="wizard-file">
            <fieldset className="kind-choice">
              <legend>{t('imports.wizard.kind')}</legend>
              {(['customers', 'events'] as const).map((k) => (
                <label key={k} className="choice">
                  <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                  <span><strong>{t(`imports.kinds.${k}`)}</strong><span className="block muted small">{t(`imports.kindHints.${k}`)}</span></span>
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="import-file">{t('imports.wizard.file')}</label>
              <input id="import-file" type="file" accept=".csv,.tsv,.txt,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
              <p className="field-hint">{file ? t('imports.wizard.fileChosen', { name: file.name, size: fmt.number(Math.ceil(file.size / 1024)) }) : t('imports.wizard.fileHint')}</p>
            </div>
          </div>
        </li>
        {file && (
          <li className="wizard-step">
            <h3>{t('imports.wizard.stepMapping')}</h3>
            {preview.isPending && <Loading label={t('imports.wizard.reading')} />}
            {preview.isError && <LoadError error={preview.error} onRetry={() => void preview.refetch()} />}
            {preview.data && (
              <>
                <p className="muted small">{t(kind === 'customers' ? 'imports.wizard.mappingHint' : 'imports.wizard.mappingHintEvents', { rows: fmt.number(preview.data.sampledRows) })}</p>
                <MappingTable kind={kind} preview={preview.data} choices={choices} onChange={(column, c) => {
                  setTouched(true);
                  setChoices((all) => ({ ...all, [column]: c }));
                }} />
                {kind === 'events' && (
                  <div className="inline-form defaults-form">
                    <TextField label={t('imports.wizard.defaultType')} name="defaultType" value={defaults.type ?? ''} onChange={(e) => setDefault('type', e.target.value)} placeholder="purchase" />
                    <TextField label={t('imports.wizard.defaultCurrency')} name="defaultCurrency" maxLength={3} value={defaults.currency ?? ''} onChange={(e) => setDefault('currency', e.target.value.toUpperCase())} placeholder={me.workspace.baseCurrency} />
                  </div>
                )}
                {problems.length > 0 && (
                  <div className="alert alert-warn" role="status">
                    <ul className="problem-list">{problems.map((p) => <li key={`${p.path}${p.message}`}>{p.message}</li>)}</ul>
                  </div>
                )}
              </>
            )}
          </li>
        )}
      </ol>
      <ProblemAlert error={start.error} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!file || !preview.data || problems.length > 0 || preview.isFetching || start.isPending}>
          {start.isPending ? t('imports.wizard.uploading') : t('imports.wizard.start')}
        </button>
      </div>
    </form>
  );
}
