import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../lib/format';
import { TableWrap } from '../../../components/table-wrap';
import { BarChart } from '../../../components/bar-chart';
import type { Summary } from '../surveys-api';

/**
 * Responses and response rate per channel. Only e-mail has a known audience (delivered invitations), so
 * link, QR and widget show responses without a rate rather than a made-up one.
 */
export function ChannelRatesCard({ summary }: { summary: Summary }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const rows = summary.distribution.byChannel;
  if (rows.length === 0) return null;
  const title = t('surveyResults.channelsTitle');
  const rate = (v: number | null) => (v === null ? '–' : `${fmt.number(Math.round(v * 10) / 10)} %`);
  return (
    <section className="card results-section" aria-labelledby="channels-title" data-testid="channel-rates">
      <h2 className="card-title" id="channels-title">{title}</h2>
      <BarChart bars={rows.map((r) => ({ label: r.channel, value: r.responses }))} label={t('surveyResults.channelsChart')} height={180} />
      <TableWrap label={title}>
        <table className="results-table">
          <thead>
            <tr>
              <th scope="col">{t('surveyResults.channel')}</th>
              <th scope="col" className="num">{t('surveyResults.responses')}</th>
              <th scope="col" className="num">{t('surveyResults.finishedCol')}</th>
              <th scope="col" className="num">{t('surveyResults.invited')}</th>
              <th scope="col" className="num">{t('surveyResults.responseRate')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.channel}>
                <th scope="row">{r.channel}</th>
                <td className="num">{fmt.number(r.responses)}</td>
                <td className="num">{fmt.number(r.finished)}</td>
                <td className="num">{r.invited === null ? '–' : fmt.number(r.invited)}</td>
                <td className="num">{rate(r.responseRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p className="muted small">{t('surveyResults.channelsHint')}</p>
    </section>
  );
}
