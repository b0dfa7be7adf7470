import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Badge } from '../../components/feedback';
import { client, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import type { Conversation } from './inbox-api';

const NPS_TONE = { promoter: 'good', passive: 'neutral', detractor: 'bad' } as const;

/** Who the conversation is with: a link to the profile, the latest NPS answer and the segments. */
export function CustomerPanel({ customerId, contact, followUp }: { customerId: string | null; contact: string | null; followUp: Conversation['followUp'] }) {
  const { t } = useTranslation();
  const canRead = useCan('customers:read');
  const customer = useQuery({
    queryKey: ['customers', 'detail', customerId],
    queryFn: ({ signal }) => ok(client.GET('/customers/{id}', { params: { path: { id: customerId! } }, signal })),
    enabled: !!customerId && canRead,
  });
  const c = customer.data;
  return (
    <aside className="inbox-customer card" aria-labelledby="customer-panel-title">
      <h2 id="customer-panel-title" className="section-title">{t('inbox.customerPanel.title')}</h2>
      {!customerId && <p className="muted">{contact ?? t('inbox.customerPanel.unknown')}</p>}
      {c && (
        <>
          <p>
            <Link to={`/customers/${c.id}`}>{c.name || c.email || c.externalId || t('inbox.customerPanel.profile')}</Link>
          </p>
          {c.email && <p className="muted small">{c.email}</p>}
          <dl className="inbox-facts">
            <dt>{t('inbox.customerPanel.nps')}</dt>
            <dd>
              {c.traits.npsScore === null ? '—' : c.traits.npsScore}{' '}
              {c.traits.npsCategory && <Badge tone={NPS_TONE[c.traits.npsCategory]}>{t(`inbox.customerPanel.npsCategory.${c.traits.npsCategory}`)}</Badge>}
            </dd>
            {c.language && (
              <>
                <dt>{t('inbox.customerPanel.language')}</dt>
                <dd>{c.language}</dd>
              </>
            )}
            <dt>{t('inbox.customerPanel.segments')}</dt>
            <dd>
              {c.segments.length === 0 ? '—' : (
                <ul className="inbox-segments">
                  {c.segments.map((s) => <li key={s.id}><Link to={`/customers/segments/${s.id}`}>{s.name}</Link></li>)}
                </ul>
              )}
            </dd>
          </dl>
        </>
      )}
      {followUp && (
        <div className="inbox-follow-up">
          <h3 className="small">{t('inbox.customerPanel.followUp')}</h3>
          <p className="small">
            {followUp.metric.toUpperCase()} {followUp.score} · {followUp.surveyName}
          </p>
          {followUp.comment && <blockquote className="small">{followUp.comment}</blockquote>}
        </div>
      )}
    </aside>
  );
}
