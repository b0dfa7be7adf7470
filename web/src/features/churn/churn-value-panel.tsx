import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { client, ok } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useSession } from '../../lib/session';

interface Factor { factor: string; value: string | number | boolean | null; effect: number }

/**
 * On a profile: the customer's churn risk with the factors behind it, and what they are predicted to be
 * worth over the next 12 months (BG/NBD + Gamma-Gamma), linking to the churn page for the model behind both.
 */
export function ChurnValuePanel({ customerId, churnRisk, churnFactors }: { customerId: string; churnRisk: number | null; churnFactors: Factor[] | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const currency = useSession().workspace.baseCurrency;
  const clv = useQuery({
    queryKey: ['churn', 'clv', customerId],
    queryFn: ({ signal }) => ok(client.GET('/analytics/clv-model/customers/{customerId}', { params: { path: { customerId } }, signal })),
  });
  const p = clv.data?.prediction ?? null;
  if (churnRisk === null && p === null) return null;
  return (
    <section className="panel" aria-labelledby="churn-value-title">
      <h2 id="churn-value-title" className="section-title">{t('churn.profile.title')}</h2>
      <table className="facts-table">
        <tbody>
          {churnRisk !== null && (
            <tr><th scope="row">{t('churn.atRisk.risk')}</th><td>{`${Math.round(churnRisk * 100)} %`}</td></tr>
          )}
          {(churnFactors ?? []).slice(0, 3).map((f) => (
            <tr key={f.factor}>
              <th scope="row">{f.factor}{f.value !== null ? ` = ${String(f.value)}` : ''}</th>
              <td>{f.effect > 0 ? t('churn.atRisk.raises') : t('churn.atRisk.lowers')}</td>
            </tr>
          ))}
          {p && (
            <>
              <tr><th scope="row">{t('churn.atRisk.clv')}</th><td>{fmt.money(p.expectedValue, currency)}</td></tr>
              <tr><th scope="row">{t('churn.profile.purchases')}</th><td>{p.expectedPurchases.toFixed(1)}</td></tr>
              <tr><th scope="row">{t('churn.profile.alive')}</th><td>{`${Math.round(p.probabilityAlive * 100)} %`}</td></tr>
            </>
          )}
        </tbody>
      </table>
      <p className="small"><Link to="/analytics/churn">{t('churn.profile.model')}</Link></p>
    </section>
  );
}
