import { useDeferredValue, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { client, ok, type paths } from '../../../lib/api';
import { languageAutonym } from '../../../i18n';
import { ProblemAlert, QueryStatus } from '../../../components/feedback';
import { PageHeader } from '../../../components/page-header';
import { CopyButton } from '../../../components/copy-button';
import { SelectField, TextField } from '../../../components/field';
import { fetchSurvey, surveyKeys, TOUCHPOINTS, type Survey } from '../surveys-api';

type LinkQuery = NonNullable<paths['/surveys/{id}/link']['get']['parameters']['query']>;

/** Channels a shared link or code is typically placed in (e-mail goes through Distribution). */
const SHARE_CHANNELS = ['link', 'qr', 'sms', 'in_app', 'website', 'social', 'print'];

/** Sharing one survey: its short link for a channel/touchpoint/source, a QR preview and SVG/PNG downloads. */
export default function SharePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const survey = useQuery({ queryKey: surveyKeys.detail(id), queryFn: ({ signal }) => fetchSurvey(id, signal) });
  const s = survey.data;
  return (
    <>
      <PageHeader title={s ? t('surveyShare.title', { name: s.name }) : t('surveyShare.titlePlain')} actions={<Link className="button" to={`/surveys/${id}`}>{t('surveyShare.back')}</Link>} />
      <QueryStatus query={survey} />
      {s && <ShareCard survey={s} />}
    </>
  );
}

function ShareCard({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const [channel, setChannel] = useState('link');
  const [touchpoint, setTouchpoint] = useState(survey.touchpoint);
  const [source, setSource] = useState('');
  const [lang, setLang] = useState('');
  const [hidden, setHidden] = useState<Record<string, string>>({});
  const [size, setSize] = useState(512);
  // Typing in the source field must not ask for a new link (and QR code) on every key.
  const query: LinkQuery = useDeferredValue({
    channel,
    ...(touchpoint.trim() ? { touchpoint: touchpoint.trim() } : {}),
    ...(source.trim() ? { source: source.trim() } : {}),
    ...(lang ? { lang } : {}),
    ...Object.fromEntries(Object.entries(hidden).filter(([, v]) => v.trim()).map(([k, v]) => [`hidden.${k}`, v.trim()])),
  });
  const link = useQuery({
    queryKey: ['surveys', 'link', survey.id, query],
    queryFn: ({ signal }) => ok(client.GET('/surveys/{id}/link', { params: { path: { id: survey.id }, query }, signal })),
    placeholderData: keepPreviousData,
  });
  // A printed code is scanned, not clicked: "link" becomes "qr" there, so the results tell them apart.
  const qrQuery: LinkQuery = { ...query, channel: query.channel === 'link' ? 'qr' : query.channel };
  const qrLink = useQuery({
    queryKey: ['surveys', 'link', survey.id, qrQuery],
    queryFn: ({ signal }) => ok(client.GET('/surveys/{id}/link', { params: { path: { id: survey.id }, query: qrQuery }, signal })),
    placeholderData: keepPreviousData,
  });
  const qs = new URLSearchParams(Object.entries(qrQuery).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const qrUrl = (format: 'svg' | 'png', extra: Record<string, string> = {}) =>
    `/api/v1/surveys/${survey.id}/qr.${format}?${new URLSearchParams([...qs, ...Object.entries(extra)])}`;
  const url = link.data?.url;
  return (
    <div className="share-layout">
      <section className="card" aria-labelledby="share-link-title">
        <h2 className="card-title" id="share-link-title">{t('surveyShare.linkTitle')}</h2>
        {survey.status !== 'published' && <p className="callout" role="note">{t('surveyShare.notPublished')}</p>}
        <div className="settings-grid">
          <SelectField label={t('surveyShare.channel')} name="channel" value={channel} hint={t('surveyShare.channelHint')} onChange={(e) => setChannel(e.target.value)}>
            {SHARE_CHANNELS.map((c) => <option key={c} value={c}>{t(`surveyShare.channels.${c}`)}</option>)}
          </SelectField>
          <TextField label={t('surveyShare.touchpoint')} name="touchpoint" list="share-touchpoints" value={touchpoint} onChange={(e) => setTouchpoint(e.target.value)} />
          <TextField label={t('surveyShare.source')} name="source" value={source} maxLength={100} hint={t('surveyShare.sourceHint')} onChange={(e) => setSource(e.target.value)} />
          <SelectField label={t('surveyShare.language')} name="lang" value={lang} onChange={(e) => setLang(e.target.value)}>
            <option value="">{t('surveyShare.languageAuto')}</option>
            {survey.languages.map((l) => <option key={l} value={l}>{languageAutonym(l)}</option>)}
          </SelectField>
          {survey.hiddenFields.map((h) => (
            <TextField key={h} label={t('surveyShare.hiddenField', { name: h })} name={`hidden.${h}`} value={hidden[h] ?? ''} maxLength={500} onChange={(e) => setHidden({ ...hidden, [h]: e.target.value })} />
          ))}
        </div>
        <datalist id="share-touchpoints">{TOUCHPOINTS.map((v) => <option key={v} value={v} />)}</datalist>
        <ProblemAlert error={link.error} />
        {url && (
          <p className="share-link">
            <code id="share-url" data-testid="share-url">{url}</code> <CopyButton value={url} targetId="share-url" />{' '}
            <a className="button button-small" href={url} target="_blank" rel="noreferrer">{t('surveyShare.open')}</a>
          </p>
        )}
        {url && <p className="muted small">{t('surveyShare.length', { count: url.length })}</p>}
      </section>
      <section className="card share-qr" aria-labelledby="share-qr-title">
        <h2 className="card-title" id="share-qr-title">{t('surveyShare.qrTitle')}</h2>
        {qrLink.data && (
          <>
            <img className="qr-preview" src={qrUrl('svg')} width={240} height={240} alt={t('surveyShare.qrAlt', { url: qrLink.data.url })} data-testid="qr-preview" />
            <p className="muted small">{t('surveyShare.encodes')} <code data-testid="qr-url">{qrLink.data.url}</code></p>
          </>
        )}
        <div className="inline-fields">
          <label>{t('surveyShare.size')} <select value={size} onChange={(e) => setSize(Number(e.target.value))}>{[256, 512, 1024, 2048].map((n) => <option key={n} value={n}>{n} px</option>)}</select></label>
        </div>
        <p className="share-downloads">
          <a className="button" href={qrUrl('svg', { download: '1' })} download data-testid="download-svg">{t('surveyShare.downloadSvg')}</a>{' '}
          <a className="button" href={qrUrl('png', { size: String(size), download: '1' })} download data-testid="download-png">{t('surveyShare.downloadPng')}</a>
        </p>
        <p className="muted small">{t('surveyShare.qrHint')}</p>
      </section>
    </div>
  );
}
