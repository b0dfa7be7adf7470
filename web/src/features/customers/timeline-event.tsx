import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useFormat, type Formatters } from '../../lib/format';
import type { TimelineItem } from './customers-api';

// Drawn inline like the shell's icons (the CSP allows no icon fonts or CDNs).
const EVENT_PATHS: Record<string, string> = {
  purchase: 'M6 7h12l1 13H5zM9 7a3 3 0 0 1 6 0',
  refund: 'M9 14 4 9l5-5M4 9h10a6 6 0 0 1 0 12h-3',
  signup: 'M15 19v-1a4 4 0 0 0-4-4H7a4 4 0 0 0-4 4v1M9 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6M19 8v6M22 11h-6',
  page_view: 'M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6',
  support_case_opened: 'M4 14v-2a8 8 0 0 1 16 0v2M4 14h3v5H5a1 1 0 0 1-1-1zM20 14h-3v5h2a1 1 0 0 0 1-1z',
  support_case_resolved: 'M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0M8 12.5l2.5 2.5L16 9.5',
  subscription_started: 'M17 2l4 4-4 4M3 11V9a3 3 0 0 1 3-3h15M7 22l-4-4 4-4M21 13v2a3 3 0 0 1-3 3H3',
  subscription_cancelled: 'M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0M15 9l-6 6M9 9l6 6',
  survey_invitation: 'M3 6h18v12H3zM3 7l9 6 9-6',
  survey_response: 'M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z',
  message: 'M21 15a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z',
  note: 'M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4',
  other: 'M22 12h-4l-3 8-6-16-3 8H2',
};

export function EventIcon({ type }: { type: string }) {
  return (
    <span className={`event-icon event-icon-${EVENT_PATHS[type] ? type : 'other'}`} aria-hidden="true">
      <svg className="icon" width={18} height={18} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" focusable="false">
        <path d={EVENT_PATHS[type] ?? EVENT_PATHS.other} />
      </svg>
    </span>
  );
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : undefined);

function itemNames(items: unknown): string | undefined {
  if (!Array.isArray(items)) return undefined;
  const names = items.map((i) => (typeof i === 'object' && i !== null ? str((i as Record<string, unknown>).name) ?? str((i as Record<string, unknown>).sku) : undefined)).filter(Boolean);
  return names.length ? names.join(', ') : undefined;
}

/** One line a person understands ("Bought Rain jacket for 1.299,00 kr."), built from the event's properties. */
function headline(e: TimelineItem, t: TFunction, fmt: Formatters): string {
  const p = e.properties;
  const amount = e.amount !== null && e.currency ? fmt.money(e.amount, e.currency) : undefined;
  switch (e.type) {
    case 'purchase': {
      const items = itemNames(p.items);
      return items && amount ? t('timeline.summary.purchaseItems', { items, amount }) : t('timeline.summary.purchase', { amount: amount ?? '' });
    }
    case 'refund':
      return t('timeline.summary.refund', { amount: amount ?? '' });
    case 'signup':
      return str(p.source) ? t('timeline.summary.signupFrom', { source: str(p.source) }) : t('timeline.summary.signup');
    case 'page_view':
      return t('timeline.summary.pageView', { page: str(p.url) ?? str(p.path) ?? str(p.title) ?? '—' });
    case 'support_case_opened':
      return t('timeline.summary.caseOpened', { caseId: str(p.caseId) ?? '' });
    case 'support_case_resolved':
      return t('timeline.summary.caseResolved', { caseId: str(p.caseId) ?? '' });
    case 'subscription_started':
      return str(p.plan) ? t('timeline.summary.subscriptionPlan', { plan: str(p.plan) }) : t('timeline.summary.subscription');
    case 'subscription_cancelled':
      return t('timeline.summary.cancelled');
    case 'survey_invitation':
      return t('timeline.summary.invited', { survey: str(p.surveyName) ?? str(p.metric)?.toUpperCase() ?? '' });
    case 'survey_response': {
      const metric = str(p.metric)?.toUpperCase();
      return metric && typeof p.score === 'number'
        ? t('timeline.summary.answered', { metric, score: fmt.number(p.score) })
        : t('timeline.summary.answeredSurvey', { survey: str(p.surveyName) ?? '' });
    }
    case 'note':
      return t('timeline.summary.note', { author: str(p.author) ?? '' });
    case 'message':
      return t('timeline.summary.message');
    default:
      return e.type.replace(/[_.:-]+/g, ' ');
  }
}

/** Details under the headline: free text always as text (React escapes it), facts as small print. */
function details(e: TimelineItem, t: TFunction): { facts: string[]; text?: string } {
  const p = e.properties;
  const facts: string[] = [];
  const text = str(p.comment) ?? str(p.text) ?? str(p.body) ?? str(p.message);
  if (str(p.orderId)) facts.push(t('timeline.facts.order', { id: str(p.orderId) }));
  if (str(p.team)) facts.push(t('timeline.facts.team', { team: str(p.team) }));
  if (str(p.topic)) facts.push(str(p.topic)!.replace(/_/g, ' '));
  if (typeof p.contacts === 'number' && e.type === 'support_case_resolved') facts.push(t('timeline.facts.contacts', { contacts: p.contacts }));
  if (str(p.reason)) facts.push(t('timeline.facts.reason', { reason: str(p.reason)!.replace(/_/g, ' ') }));
  if (e.type === 'survey_response' && str(p.surveyName)) facts.push(str(p.surveyName)!);
  if (!(e.type in EVENT_PATHS)) {
    for (const [k, v] of Object.entries(p).slice(0, 6)) if (str(v) && k !== 'comment' && k !== 'text') facts.push(`${k}: ${str(v)}`);
  }
  return { facts, text };
}

export function TimelineEvent({ event: e, children }: { event: TimelineItem; children?: ReactNode }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { facts, text } = details(e, t);
  const where = [e.channel, e.touchpoint].filter(Boolean).join(' · ');
  return (
    <li className={`timeline-item timeline-${e.type}`}>
      <EventIcon type={e.type} />
      <div className="timeline-body">
        <p className="timeline-headline">{headline(e, t, fmt)}</p>
        <p className="timeline-meta">
          <time dateTime={e.occurredAt}>{fmt.dateTime(e.occurredAt)}</time>
          {where && <span>{where}</span>}
          {facts.map((f) => <span key={f}>{f}</span>)}
        </p>
        {text && <blockquote className="timeline-text">{text}</blockquote>}
        {children}
      </div>
    </li>
  );
}
