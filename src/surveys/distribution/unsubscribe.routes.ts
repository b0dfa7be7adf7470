import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { escapeHtml } from '../respondent/html.js';
import { textDirection } from '../respondent-strings/index.js';
import { invitationText } from './invitation-strings.js';
import { unsubscribeByToken, unsubscribeTarget } from './unsubscribe.service.js';

const ZTokenParams = z.object({ token: z.string().min(1).max(200) });

function page(lang: string, title: string, body: string): string {
  return `<!doctype html><html lang="${escapeHtml(lang)}" dir="${textDirection(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/**
 * The unsubscribe link of every invitation, outside /api so it stays short. GET only asks (mail
 * scanners open links; an unsubscribe on GET would remove people who never clicked); the POST —
 * the page's button, or a mail client's RFC 8058 one-click "List-Unsubscribe=One-Click" — does it.
 */
export async function unsubscribeRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  // The global limiter skips non-/api URLs; this page opts back in (allowList: none).
  const limit = { rateLimit: { max: ctx.config.RATE_LIMIT_PUBLIC_PER_MINUTE, timeWindow: 60_000, allowList: () => false } };
  // RFC 8058 clients POST "List-Unsubscribe=One-Click" form-encoded; the content does not matter.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => done(null, String(body)));
  const send = (reply: FastifyReply, status: number, html: string) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(html);

  app.get('/unsubscribe/:token', { schema: { hide: true, params: ZTokenParams }, config: limit }, async (req, reply) => {
    const target = await unsubscribeTarget(ctx, req.params.token);
    if (!target) return send(reply, 404, page('en', invitationText('en', 'unsubscribeUnknown'), ''));
    const { language: lang } = target;
    const form = `<p>${escapeHtml(invitationText(lang, 'unsubscribeQuestion', { company: target.company, email: target.email }))}</p><form method="post" action="/unsubscribe/${encodeURIComponent(req.params.token)}"><button type="submit">${escapeHtml(invitationText(lang, 'unsubscribeButton'))}</button></form>`;
    return send(reply, 200, page(lang, invitationText(lang, 'unsubscribeTitle'), form));
  });

  app.post('/unsubscribe/:token', { schema: { hide: true, params: ZTokenParams }, config: limit }, async (req, reply) => {
    const done = await unsubscribeByToken(ctx, req.params.token);
    if (!done) return send(reply, 404, page('en', invitationText('en', 'unsubscribeUnknown'), ''));
    return send(reply, 200, page(done.language, invitationText(done.language, 'unsubscribeTitle'), `<p>${escapeHtml(invitationText(done.language, 'unsubscribeDone', { company: done.company }))}</p>`));
  });
}
unsubscribeRoutes.prefix = '';
