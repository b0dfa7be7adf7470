import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { languageAutonym } from '../../i18n';
import { Badge } from '../../components/feedback';
import { displayName, NPS_TONE, STAGE_TONE, type CustomerDetail } from './customers-api';

/** Two letters for the avatar: initials of the name, else of the e-mail. */
function initials(c: CustomerDetail): string {
  const source = c.name?.trim() || c.email || c.externalId || '?';
  const words = source.split(/[\s.@_-]+/).filter(Boolean);
  // Names written without spaces (Chinese) show their first character, not two "words".
  const letters = words.length > 1 ? words[0][0] + words[1][0] : [...source][0];
  return letters.toLocaleUpperCase();
}

function countryName(code: string, locale: string): string {
  try {
    return /^[A-Za-z]{2}$/.test(code) ? (new Intl.DisplayNames([locale], { type: 'region' }).of(code.toUpperCase()) ?? code) : code;
  } catch {
    return code;
  }
}

/** Who the customer is: name, identifiers, where they are, consents and where they stand. */
export function ProfileHeader({ customer: c }: { customer: CustomerDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const name = displayName(c) ?? t('customers.anonymous');
  const place = [c.city, c.country && countryName(c.country, fmt.locale)].filter(Boolean).join(', ');
  return (
    <header className="profile-header card">
      <span className="profile-avatar" aria-hidden="true">{initials(c)}</span>
      <div className="profile-identity">
        <h1 className="page-title">{name}</h1>
        <dl className="profile-facts">
          {c.email && c.name && (<><dt>{t('customers.fields.email')}</dt><dd>{c.email}</dd></>)}
          {c.externalId && (<><dt>{t('customers.fields.externalId')}</dt><dd><code>{c.externalId}</code></dd></>)}
          {c.phone && (<><dt>{t('customers.fields.phone')}</dt><dd>{c.phone}</dd></>)}
          {place && (<><dt>{t('customers.fields.place')}</dt><dd>{place}</dd></>)}
          {c.language && (<><dt>{t('customers.fields.language')}</dt><dd>{languageAutonym(c.language)}</dd></>)}
        </dl>
        <div className="badges">
          <Badge tone={STAGE_TONE[c.traits.lifecycleStage]}>{t(`customers.stages.${c.traits.lifecycleStage}`)}</Badge>
          {c.traits.npsCategory && <Badge tone={NPS_TONE[c.traits.npsCategory]}>{t(`customers.nps.${c.traits.npsCategory}`)}</Badge>}
          <Badge tone={c.marketingConsent ? 'good' : 'neutral'}>{c.marketingConsent ? t('customers.consent.marketingYes') : t('customers.consent.marketingNo')}</Badge>
          <Badge tone={c.surveyConsent ? 'good' : 'warn'}>{c.surveyConsent ? t('customers.consent.surveysYes') : t('customers.consent.surveysNo')}</Badge>
          {c.erasedAt && <Badge tone="bad">{t('customers.erasedOn', { date: fmt.date(c.erasedAt) })}</Badge>}
        </div>
      </div>
    </header>
  );
}

function Stat({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="card stat">
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
      {note && <span className="stat-note">{note}</span>}
    </div>
  );
}

/** The computed traits, money in the workspace's base currency. */
export function TraitCards({ customer: c }: { customer: CustomerDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const tr = c.traits;
  const money = (minor: number) => fmt.money(minor, tr.baseCurrency);
  const otherCurrencies = Object.keys(tr.spendByCurrency).filter((cur) => cur !== tr.baseCurrency);
  const score = (v: number | null, max: number) => (v === null ? '—' : `${fmt.number(v)} / ${max}`);
  return (
    <section className="trait-cards" aria-label={t('customers.traits.label')}>
      <Stat label={t('customers.traits.orders')} value={fmt.number(tr.orderCount)}
        note={tr.lastPurchaseAt ? t('customers.traits.lastPurchase', { date: fmt.date(tr.lastPurchaseAt) }) : t('customers.traits.noPurchases')} />
      <Stat label={t('customers.traits.totalSpend')} value={money(tr.totalSpend)}
        note={otherCurrencies.length ? t('customers.traits.paidIn', { currencies: Object.keys(tr.spendByCurrency).join(', ') }) : undefined} />
      <Stat label={t('customers.traits.avgOrder')} value={money(tr.avgOrderValue)} />
      <Stat label={t('customers.traits.clv')} value={money(tr.clv)} note={tr.refundTotal ? t('customers.traits.refunded', { amount: money(tr.refundTotal) }) : undefined} />
      <Stat label={t('customers.traits.firstPurchase')} value={fmt.date(tr.firstPurchaseAt)} />
      <Stat label={t('customers.traits.lastActivity')}
        value={tr.daysSinceLastActivity === null ? '—' : tr.daysSinceLastActivity === 0 ? t('customers.traits.today') : t('customers.traits.daysAgo', { days: fmt.number(tr.daysSinceLastActivity) })}
        note={tr.lastActivityAt ? fmt.dateTime(tr.lastActivityAt) : undefined} />
      <Stat label={t('customers.traits.nps')} value={score(tr.npsScore, 10)} note={tr.npsCategory ? t(`customers.nps.${tr.npsCategory}`) : undefined} />
      <Stat label={t('customers.traits.csatCes')} value={`${score(tr.csatScore, 5)} · ${score(tr.cesScore, 7)}`}
        note={tr.lastSurveyAt && (tr.csatScore !== null || tr.cesScore !== null) ? t('customers.traits.lastAnswer', { date: fmt.date(tr.lastSurveyAt) }) : undefined} />
      <Stat label={t('customers.traits.supportCases')} value={fmt.number(tr.supportCases)}
        note={tr.openSupportCases ? t('customers.traits.openCases', { open: fmt.number(tr.openSupportCases) }) : undefined} />
    </section>
  );
}
