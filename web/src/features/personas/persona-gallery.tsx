import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { useFormat } from '../../lib/format';
import { EmptyState } from '../../components/empty-state';
import { QueryStatus } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { DEMOGRAPHIC_KEYS, personaKeys, type Persona } from './personas-api';
import { PersonaAvatar } from './persona-avatar';
import './personas.css';

function Items({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <div className="persona-items">
      <h3>{title}</h3>
      <ul>{items.map((item) => <li key={item}>{item}</li>)}</ul>
    </div>
  );
}

function PersonaCard({ persona: p }: { persona: Persona }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const canManage = useCan('segments:manage');
  const percent = new Intl.NumberFormat(fmt.locale, { style: 'percent', maximumFractionDigits: 1 }).format(p.share);
  const demographics = DEMOGRAPHIC_KEYS.filter((k) => p.demographics[k]).map((k) => [k, p.demographics[k] as string] as const);
  return (
    <li className="card persona-card">
      <div className="persona-head">
        <PersonaAvatar avatar={p.avatar} name={p.name} />
        <div>
          <h2 className="card-title">{p.name}</h2>
          <p className="persona-fit">
            <strong data-testid="persona-count">{fmt.number(p.matchedCount)}</strong> {t('personas.customersFit', { percent })}
          </p>
          <div className="share-bar" aria-hidden="true"><span style={{ width: `${Math.round(p.share * 1000) / 10}%` }} /></div>
        </div>
      </div>
      {p.description && <p className="persona-description">{p.description}</p>}
      {demographics.length > 0 && (
        <dl className="persona-demographics">
          {demographics.map(([k, v]) => (
            <div key={k}><dt>{t(`personas.demographics.${k}`)}</dt><dd>{v}</dd></div>
          ))}
        </dl>
      )}
      <Items title={t('personas.goals')} items={p.goals} />
      <Items title={t('personas.motivations')} items={p.motivations} />
      <Items title={t('personas.painPoints')} items={p.painPoints} />
      {p.preferredChannels.length > 0 && (
        <div className="persona-items">
          <h3>{t('personas.preferredChannels')}</h3>
          <ul className="chips">{p.preferredChannels.map((c) => <li key={c} className="chip">{t(`timeline.channels.${c}`, { defaultValue: c })}</li>)}</ul>
        </div>
      )}
      <div className="persona-actions">
        <Link to={`/customers/personas/${p.id}`} className="button button-small">{canManage ? t('personas.edit') : t('personas.view')}</Link>
      </div>
    </li>
  );
}

/** The workspace's personas as cards, each with how many customers fit it today. */
export default function PersonaGallery() {
  const { t } = useTranslation();
  const canManage = useCan('segments:manage');
  const personas = useQuery({
    queryKey: personaKeys.list,
    queryFn: ({ signal }) => ok(client.GET('/personas', { params: { query: { limit: 200 } }, signal })),
  });
  const create = canManage && <Link className="button button-primary" to="/customers/personas/new">{t('personas.new')}</Link>;
  return (
    <>
      <PageHeader title={t('personas.title')} description={t('personas.description')} actions={create} />
      <QueryStatus query={personas} />
      {personas.data && personas.data.data.length === 0 && (
        <EmptyState icon="customers" title={t('personas.empty')} action={create}><p>{t('personas.emptyText')}</p></EmptyState>
      )}
      {personas.data && personas.data.data.length > 0 && (
        <ul className="persona-grid">{personas.data.data.map((p) => <PersonaCard key={p.id} persona={p} />)}</ul>
      )}
    </>
  );
}
