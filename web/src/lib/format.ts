import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useOptionalSession } from './session';

function validTimeZone(tz: string | undefined): string | undefined {
  if (!tz) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return undefined;
  }
}

export interface Formatters {
  locale: string;
  timeZone: string | undefined;
  dateTime(value: string | Date | null | undefined): string;
  date(value: string | Date | null | undefined): string;
  number(value: number): string;
  /** Money is stored in minor units (øre, cents) with its currency. */
  money(minor: number, currency: string): string;
}

/**
 * Dates and numbers in the user's locale; times in the workspace's time zone, because a team
 * spread over several countries must see the same day boundaries as their reports.
 */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const me = useOptionalSession();
  const userTag = me?.user?.language;
  const locale = userTag && userTag.split('-')[0] === i18n.language ? userTag : i18n.language;
  const timeZone = validTimeZone(me?.workspace.timeZone);
  return useMemo(() => {
    const dt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    const d = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
    const n = new Intl.NumberFormat(locale);
    const toDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));
    return {
      locale,
      timeZone,
      dateTime: (v) => (v ? dt.format(toDate(v)) : '—'),
      date: (v) => (v ? d.format(toDate(v)) : '—'),
      number: (v) => n.format(v),
      money: (minor, currency) => {
        const f = new Intl.NumberFormat(locale, { style: 'currency', currency });
        const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
        return f.format(minor / 10 ** digits);
      },
    };
  }, [locale, timeZone]);
}
