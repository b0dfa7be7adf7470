import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { useSession } from '../../lib/session';
import { LoadMore, QueryStatus } from '../../components/feedback';
import { TableWrap } from '../../components/table-wrap';
import { useAtRisk, type AtRiskCustomer } from './churn-api';

const THRESHOLDS = [0.5, 0.7, 0.9];

/** "Months-to-month (+0.42)": a factor with the value the customer has and which way it pushed the score. */
function Factors({ customer }: { customer: AtRiskCustomer }) {
  const { t } = useTranslation();
  return (
    <ul className="churn-factors">
      {customer.churnFactors.slice(0, 3).map((f) => (
        <li key={f.factor}>
          {f.factor}
          {f.value !== null && <> = {String(f.value)}</>}{' '}
          <span className={f.effect > 0 ? 'churn-up' : 'churn-down'}>
            {f.effect > 0 ? t('churn.atRisk.raises') : t('churn.atRisk.lowers')}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The customers most likely to churn, linking to their profiles, with why and what they are worth. */
export function AtRiskList() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const currency = useSession().workspace.baseCurrency;
  const [minRisk, setMinRisk] = useState(0.7);
  const query = useAtRisk(minRisk);
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <section className="panel" aria-labelledby="churn-at-risk">
      <div className="churn-section-head">
        <h2 id="churn-at-risk">{t('churn.atRisk.title')}</h2>
        <label className="an-inline">
          {t('churn.atRisk.threshold')}
          <select value={minRisk} onChange={(e) => setMinRisk(Number(e.target.value))}>
            {THRESHOLDS.map((v) => <option key={v} value={v}>{`≥ ${Math.round(v * 100)} %`}</option>)}
          </select>
        </label>
      </div>
      <QueryStatus query={query} />
      {query.isSuccess && rows.length === 0 && <p className="muted">{t('churn.atRisk.none')}</p>}
      {rows.length > 0 && (
        <TableWrap label={t('churn.atRisk.title')}>
          <table data-testid="at-risk">
            <thead>
              <tr>
                <th scope="col">{t('churn.atRisk.customer')}</th>
                <th scope="col">{t('churn.atRisk.risk')}</th>
                <th scope="col">{t('churn.atRisk.factors')}</th>
                <th scope="col">{t('churn.atRisk.clv')}</th>
                <th scope="col">{t('churn.atRisk.stage')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id}>
                  <td><Link to={`/customers/${c.id}`}>{c.name ?? c.email ?? c.externalId ?? c.id.slice(0, 8)}</Link></td>
                  <td>{`${Math.round(c.churnRisk * 100)} %`}</td>
                  <td><Factors customer={c} /></td>
                  <td>{c.clv ? fmt.money(c.clv.expectedValue, currency) : '–'}</td>
                  <td>{t(`customers.stages.${c.lifecycleStage}`, { defaultValue: c.lifecycleStage })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <LoadMore query={query} />
    </section>
  );
}
