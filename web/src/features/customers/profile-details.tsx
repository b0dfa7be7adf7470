import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { useFormat } from '../../lib/format';
import { ConfirmButton } from '../../components/confirm-button';
import { Badge } from '../../components/feedback';
import { useToast } from '../../components/toast';
import { customerKeys, type AttributeValue, type CustomerDetail, type Merge } from './customers-api';

function AttributeValueText({ value, type }: { value: AttributeValue; type?: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (value === null) return <span className="muted">—</span>;
  if (typeof value === 'boolean') return <>{value ? t('customers.yes') : t('customers.no')}</>;
  if (typeof value === 'number') return <>{fmt.number(value)}</>;
  if (type === 'date' && /^\d{4}-\d{2}-\d{2}/.test(value)) return <>{fmt.date(value.length === 10 ? `${value}T12:00:00Z` : value)}</>;
  return <>{value}</>;
}

/** Profile fields and custom attributes, labelled by their workspace definitions. */
export function AttributesPanel({ customer: c }: { customer: CustomerDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const definitions = useQuery({
    queryKey: customerKeys.attributes,
    queryFn: ({ signal }) => ok(client.GET('/customer-attributes', { signal })),
  });
  const defs = new Map((definitions.data?.data ?? []).map((d) => [d.key, d]));
  const profile: [string, string | null][] = [
    [t('customers.fields.gender'), c.gender],
    [t('customers.fields.ageBand'), c.ageBand],
    [t('customers.fields.birthDate'), c.birthDate && fmt.date(`${c.birthDate}T12:00:00Z`)],
    [t('customers.fields.incomeBand'), c.incomeBand],
    [t('customers.fields.firstSeen'), fmt.dateTime(c.firstSeenAt)],
  ];
  const attributes = Object.entries(c.attributes).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section className="panel" aria-labelledby="attributes-title">
      <h2 id="attributes-title" className="section-title">{t('customers.profile.attributes')}</h2>
      <table className="facts-table">
        <tbody>
          {profile.filter(([, v]) => v).map(([label, value]) => (
            <tr key={label}><th scope="row">{label}</th><td>{value}</td></tr>
          ))}
          {attributes.map(([key, value]) => (
            <tr key={key}>
              <th scope="row">{defs.get(key)?.label ?? key}</th>
              <td><AttributeValueText value={value} type={defs.get(key)?.type} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      {attributes.length === 0 && <p className="muted">{t('customers.profile.noAttributes')}</p>}
    </section>
  );
}

/** The identifiers that resolve to this profile, and the segments it is in. */
export function IdentitiesPanel({ customer: c }: { customer: CustomerDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <section className="panel" aria-labelledby="identities-title">
      <h2 id="identities-title" className="section-title">{t('customers.profile.identities')}</h2>
      {c.identities.length === 0 ? <p className="muted">{t('customers.profile.noIdentities')}</p> : (
        <ul className="identity-list">
          {c.identities.map((i) => (
            <li key={`${i.kind}:${i.value}`}>
              <span className="identity-kind">{t(`customers.identityKinds.${i.kind.startsWith('social:') ? 'social' : i.kind}`, { network: i.kind.slice(7) })}</span>
              <span className="identity-value">{i.value}</span>
            </li>
          ))}
        </ul>
      )}
      <h2 className="section-title section-title-spaced">{t('customers.profile.segments')}</h2>
      {c.segments.length === 0 ? <p className="muted">{t('customers.profile.noSegments')}</p> : (
        <ul className="segment-chips">
          {c.segments.map((s) => (
            <li key={s.id}>
              <Link to={`/customers/segments/${s.id}`} className="chip chip-link" title={t('customers.profile.since', { date: fmt.date(s.enteredAt) })}>{s.name}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Merges that formed this profile; an admin can undo one, giving the merged profile back its data. */
export function MergesPanel({ customer: c }: { customer: CustomerDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const notify = useToast();
  const queryClient = useQueryClient();
  const canMerge = useCan('customers:merge');
  const undo = useMutation({
    mutationFn: (m: Merge) => ok(client.POST('/customer-merges/{mergeId}/undo', { params: { path: { mergeId: m.id } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: customerKeys.all });
      notify(t('customers.merges.undone'));
    },
    onError: (err) => notify(err.message, 'error'),
  });
  if (c.merges.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="merges-title">
      <h2 id="merges-title" className="section-title">{t('customers.merges.title')}</h2>
      <ul className="merge-list">
        {c.merges.map((m) => (
          <li key={m.id} className={m.undoneAt ? 'merge merge-undone' : 'merge'}>
            <p>
              <strong>{t('customers.merges.merged', { date: fmt.dateTime(m.createdAt) })}</strong>{' '}
              {m.undoneAt && <Badge>{t('customers.merges.undoneOn', { date: fmt.date(m.undoneAt) })}</Badge>}
            </p>
            <p className="muted small">
              {t('customers.merges.because', { reason: m.reason })}
              {m.identifiers.length > 0 && ` · ${m.identifiers.map((i) => `${i.kind}: ${i.value}`).join(', ')}`}
            </p>
            {m.winnerId !== c.id && !m.undoneAt && <p className="small"><Link to={`/customers/${m.winnerId}`}>{t('customers.merges.openWinner')}</Link></p>}
            {canMerge && !m.undoneAt && m.winnerId === c.id && (
              <ConfirmButton title={t('customers.merges.undoTitle')} message={t('customers.merges.undoMessage')} confirmText={t('customers.merges.undo')}
                onConfirm={() => undo.mutate(m)} disabled={undo.isPending}>
                {t('customers.merges.undo')}
              </ConfirmButton>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
