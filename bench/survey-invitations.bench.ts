import { createTransport } from 'nodemailer';
import type { BenchContext, BenchRow } from './bench.js';
import { runIfMain } from './bench.js';
import { call, createTestApp } from '../test/helpers/app.js';
import { buildWorkspace } from '../test/factories.js';
import { startSmtp } from '../test/helpers/smtp.js';

/**
 * E-mail invitations end to end: a wave of N recipients POSTed to /surveys/{id}/invitations, listed
 * by the expand job, checked (consent, fatigue), rendered, written to the outbox and delivered by
 * the mail job to a real SMTP server on loopback — invitations delivered per second, from the POST
 * to the last message received. Baseline, same run and server: N messages of the same size sent
 * one after another with a bare nodemailer transport (no database, no queue). PGlite only (the
 * test app); the send rate is set high so the limiter does not set the pace.
 */
export const name = 'survey-invitations';

const N = Number(process.env.BENCH_INVITATIONS ?? 200);

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const smtp = await startSmtp();
  const t = await createTestApp({ work: true, env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://cx.example.com' } });
  try {
    const a = await buildWorkspace(t.rt.ctx, 'Bench');
    const s = await call<{ id: string }>(t.app, 'POST', '/api/v1/surveys', {
      key: a.keys.admin,
      body: { name: 'Bench NPS', touchpoint: 'post-purchase', channel: 'email', languages: ['en'], questions: [{ id: 'q1', type: 'nps', text: { en: 'How likely are you to recommend us?' } }], settings: { fatigue: { respectWorkspaceRules: false } } },
    });
    await call(t.app, 'POST', `/api/v1/surveys/${s.body.id}/publish`, { key: a.keys.admin });
    await call(t.app, 'PATCH', '/api/v1/survey-distribution/settings', { key: a.keys.admin, body: { sendRatePerMinute: 100_000 } });
    const recipients = Array.from({ length: N }, (_, i) => ({ email: `person${i}@example.com`, name: `Person ${i}` }));

    const t0 = performance.now();
    const r = await call(t.app, 'POST', `/api/v1/surveys/${s.body.id}/invitations`, { key: a.keys.admin, body: { audience: { recipients } } });
    if (r.status !== 202) throw new Error(`wave refused: ${r.status} ${JSON.stringify(r.body)}`);
    while (smtp.received.length < N) await new Promise((res) => setTimeout(res, 50));
    const kundeRate = N / ((performance.now() - t0) / 1000);
    const sample = smtp.received[0].data;

    const transport = createTransport({ url: smtp.url });
    const t1 = performance.now();
    for (let i = 0; i < N; i++) await transport.sendMail({ from: 'bench@example.com', to: `raw${i}@example.com`, subject: 'Raw', text: sample.slice(0, 2000), html: sample });
    const rawRate = N / ((performance.now() - t1) / 1000);
    transport.close();

    return [
      { bench: name, engine: ctx.engine === 'postgres' ? 'pglite (test app)' : ctx.engine, metric: `${N} invitations queued + delivered over loopback SMTP`, value: kundeRate, unit: 'mails/s', baseline: rawRate, note: 'baseline: bare nodemailer sends, same server, same run' },
    ];
  } finally {
    await t.close();
    await smtp.close();
  }
}

runIfMain(import.meta.url, run);
