import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../../../lib/session';
import { useFormat } from '../../../lib/format';
import { LoadError, Loading, ProblemAlert, QueryStatus } from '../../../components/feedback';
import { PageHeader } from '../../../components/page-header';
import { TableWrap } from '../../../components/table-wrap';
import { useDebounced } from '../../segments/segments-api';
import { fetchSurvey, surveyKeys } from '../surveys-api';
import { PREVIEW_BYTES, responseImportKeys, uploadForm, type ResponseImportJob, type ResponseImportPreview } from './response-import-api';
import { PastImports } from './response-import-run';
import '../../imports/imports.css';

/**
 * Historical answers into a survey: pick a file, check the suggested mapping of its columns to the
 * questions and fields against its first rows, start the import as a job. Only the first megabyte
 * goes up for the preview; every mapping change asks the server again what would be left empty.
 */
export default function ResponseImportPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const survey = useQuery({ queryKey: surveyKeys.detail(id), queryFn: ({ signal }) => fetchSurvey(id, signal) });
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<Record<string, string> | null>(null);
  const request = useDebounced(JSON.stringify(mapping), 300);

  const preview = useQuery({
    queryKey: ['surveys', 'imports', 'preview', id, file?.name, file?.size, file?.lastModified, request],
    queryFn: () => {
      const m = JSON.parse(request) as Record<string, string> | null;
      return uploadForm<ResponseImportPreview>(`/surveys/${id}/responses/imports/preview`, m ? { mapping: JSON.stringify(m) } : {}, file!.slice(0, PREVIEW_BYTES), file!.name, me.csrfToken);
    },
    enabled: file !== null,
    placeholderData: (previous) => previous,
    retry: false,
    staleTime: Infinity,
  });
  // A new file starts from the server's suggestions.
  useEffect(() => setMapping(null), [file]);
  const shown = preview.data;
  const current = mapping ?? Object.fromEntries((shown?.columns ?? []).map((c) => [c.column, c.suggested]));

  const start = useMutation({
    mutationFn: () => uploadForm<ResponseImportJob>(`/surveys/${id}/responses/imports`, { mapping: JSON.stringify(current) }, file!, file!.name, me.csrfToken),
    onSuccess: async (job) => {
      await queryClient.invalidateQueries({ queryKey: responseImportKeys.list(id) });
      navigate(`/surveys/${id}/import/${job.id}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate();
  };
  const problems = shown?.problems ?? [];

  return (
    <>
      <Link to={`/surveys/${id}`} className="back-link">← {t('surveyImport.back')}</Link>
      <QueryStatus query={survey} />
      <PageHeader title={t('surveyImport.title')} description={survey.data ? t('surveyImport.description', { name: survey.data.name }) : undefined} />
      <form className="panel import-wizard" onSubmit={submit} aria-labelledby="response-import-title">
        <h2 id="response-import-title" className="section-title">{t('surveyImport.wizardTitle')}</h2>
        <ol className="wizard-steps">
          <li className="wizard-step">
            <h3>{t('surveyImport.stepFile')}</h3>
            <div className="field">
              <label htmlFor="response-file">{t('surveyImport.file')}</label>
              <input id="response-file" type="file" accept=".csv,.tsv,.txt,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
              <p className="field-hint">{file ? t('surveyImport.fileChosen', { name: file.name, size: fmt.number(Math.ceil(file.size / 1024)) }) : t('surveyImport.fileHint')}</p>
            </div>
          </li>
          {file && (
            <li className="wizard-step">
              <h3>{t('surveyImport.stepMapping')}</h3>
              {preview.isPending && <Loading label={t('surveyImport.reading')} />}
              {preview.isError && <LoadError error={preview.error} onRetry={() => void preview.refetch()} />}
              {shown && (
                <>
                  <p className="muted small">{t('surveyImport.mappingHint', { rows: fmt.number(shown.sampledRows) })}</p>
                  <TableWrap label={t('surveyImport.stepMapping')}>
                    <table className="mapping-table">
                      <thead>
                        <tr>
                          <th scope="col">{t('surveyImport.column')}</th>
                          <th scope="col">{t('surveyImport.firstRows')}</th>
                          <th scope="col">{t('surveyImport.target')}</th>
                          <th scope="col">{t('surveyImport.invalid')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {shown.columns.map((col) => {
                          const target = current[col.column] ?? 'ignore';
                          return (
                            <tr key={col.column} className={target === 'ignore' ? 'row-muted' : undefined}>
                              <th scope="row" className="mapping-column">{col.column || t('surveyImport.unnamed')}</th>
                              <td className="mapping-samples">{col.examples.slice(0, 3).map((s, i) => <span key={i} className="sample">{s}</span>)}</td>
                              <td>
                                <select aria-label={t('surveyImport.targetFor', { column: col.column })} value={target} onChange={(e) => setMapping({ ...current, [col.column]: e.target.value })}>
                                  <option value="ignore">{t('surveyImport.ignore')}</option>
                                  <optgroup label={t('surveyImport.questions')}>
                                    {shown.targets.filter((x) => x.kind === 'question').map((x) => <option key={x.value} value={x.value}>{`${x.value} · ${x.label}`}</option>)}
                                  </optgroup>
                                  <optgroup label={t('surveyImport.fields')}>
                                    {shown.targets.filter((x) => x.kind === 'field').map((x) => <option key={x.value} value={x.value}>{t(`surveyImport.fieldNames.${x.value}`)}</option>)}
                                  </optgroup>
                                </select>
                              </td>
                              <td className={col.invalidInSample ? 'text-bad' : 'muted'}>{col.invalidInSample ? t('surveyImport.invalidCount', { count: col.invalidInSample, rows: fmt.number(shown.sampledRows) }) : '—'}</td>
                            </tr>
                          );
                        })}
                      </tbody>
                    </table>
                  </TableWrap>
                  {problems.length > 0 && (
                    <div className="alert alert-warn" role="status">
                      <ul className="problem-list">{problems.map((p) => <li key={`${p.path}${p.message}`}>{p.message}</li>)}</ul>
                    </div>
                  )}
                  <p className="muted small">{t('surveyImport.invalidHint')}</p>
                </>
              )}
            </li>
          )}
        </ol>
        <ProblemAlert error={start.error} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={!file || !shown || problems.length > 0 || preview.isFetching || start.isPending}>
            {start.isPending ? t('surveyImport.uploading') : t('surveyImport.start')}
          </button>
        </div>
      </form>
      <PastImports surveyId={id} />
    </>
  );
}
