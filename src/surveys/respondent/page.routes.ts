import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import type { Answers } from '../answers.js';
import { questionPath } from '../answers.js';
import { getPublicSurvey } from '../public-survey.js';
import { invitationResolver } from '../invitation-tokens.js';
import { continueResponse, directionOf, submitResponse } from '../responses.service.js';
import { ZPublicSurveyParams, type TPublicSurvey } from '../surveys.schemas.js';
import { loadRespondentAssets } from './assets.js';
import { pageText } from './respondent-text.js';
import { messageScreen, pageDocument, renderScreen, stoppedScreen } from './page-render.js';
import { answerFromForm, preferredLanguage, readOwnResponse, type FormBody } from './page-support.js';
import { DEFAULT_LINK_CHANNEL, hiddenFromQuery } from '../share/share-link.js';

/*
 * The hosted survey page /s/<slug>: server-rendered, one question per screen. With script, page.js
 * saves each answer through the public API as it is given; without, each screen is a plain form
 * POSTed back here (the response's id and secret then travel in a cookie scoped to /s/).
 * A GET never records anything: mail scanners fetch every link of an invitation, so a one-click
 * score (?score=9) is only shown chosen, and saved on the respondent's first action or submit.
 */

// Loose: a shared link also carries hidden.<name>=value (read by hiddenFromQuery). A bad value is
// dropped rather than refused, so a mangled poster link still opens the survey.
const ZPageQuery = z.looseObject({
  lang: z.string().max(35).regex(/^[A-Za-z-]+$/).optional().catch(undefined),
  t: z.string().min(8).max(200).optional().catch(undefined),
  score: z.coerce.number().int().min(0).max(10).optional().catch(undefined),
  q: z.string().max(64).optional().catch(undefined),
  channel: z.string().regex(/^[a-z0-9_-]{1,50}$/).optional().catch(undefined),
  touchpoint: z.string().trim().min(1).max(100).optional().catch(undefined),
  source: z.string().trim().min(1).max(100).optional().catch(undefined),
});
type PageQuery = z.infer<typeof ZPageQuery>;

/**
 * What a shared link says about where it was used (/s/<slug>?channel=qr&source=poster&hidden.store=cph),
 * stored on the response. An invitation token wins: its channel is the invitation's.
 */
function linkContext(query: PageQuery) {
  return {
    channel: query.t ? undefined : (query.channel ?? DEFAULT_LINK_CHANNEL),
    touchpoint: query.touchpoint,
    source: query.source,
    hidden: hiddenFromQuery(query),
  };
}

/** The link context as hidden inputs of the plain form (without script, the first POST carries it). */
function linkFields(query: PageQuery): Record<string, string | undefined> {
  const link = linkContext(query);
  return {
    channel: query.t ? undefined : query.channel,
    touchpoint: link.touchpoint,
    source: link.source,
    ...Object.fromEntries(Object.entries(link.hidden ?? {}).map(([k, v]) => [`hidden.${k}`, v])),
  };
}

const cookieName = (surveyId: string) => `kunde_r_${surveyId.replace(/-/g, '').slice(-12)}`;

export async function hostedPageRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const assets = loadRespondentAssets();
  if (!assets.pageJs) ctx.log.warn('widget/dist is missing (npm run build:widget): survey pages work without their script');

  // Plain forms post urlencoded; repeated names (checkboxes) keep every value.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    const out: FormBody = {};
    for (const [k, v] of new URLSearchParams(String(body))) (out[k] ??= []).push(v);
    done(null, out);
  });

  const send = (reply: FastifyReply, status: number, doc: string) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(doc);

  async function load(req: FastifyRequest, slug: string, query: PageQuery): Promise<TPublicSurvey | { status: number; lang: string; message: string }> {
    try {
      const s = await getPublicSurvey(ctx, slug, query.lang);
      const wish = query.lang ? undefined : await preferredLanguage(ctx, s.languages, query.t, req.headers['accept-language']);
      if (wish) Object.assign(s, { language: wish, direction: directionOf(wish) });
      if (!s.isOpen) return { status: 410, lang: s.language, message: pageText(s.language).closed };
      return s;
    } catch (err) {
      const lang = query.lang ?? 'en';
      if (err instanceof AppError && err.code === 'not_found') return { status: 404, lang, message: pageText(lang).notFound };
      throw err;
    }
  }

  function page(reply: FastifyReply, status: number, s: TPublicSurvey, query: PageQuery, answers: Answers, questionId: string | undefined, error?: string) {
    const text = pageText(s.language);
    const first = questionPath(s.questions, answers)[0];
    const preselect = query.score !== undefined && first && ['nps', 'csat', 'ces', 'rating'].includes(first.type) && questionId === undefined ? { q: first.id, value: query.score } : undefined;
    const main = renderScreen({
      survey: s,
      text,
      answers,
      questionId,
      value: preselect?.value,
      error,
      fields: { lang: s.language, t: query.t, at: String(Date.now()), ...linkFields(query) },
    });
    const data = { survey: s, text, token: query.t, ...linkContext(query), ...(preselect ? { preselect } : {}) };
    return send(reply, status, pageDocument({ lang: s.language, dir: s.direction, title: s.name, main, assets, data }));
  }

  app.get('/s/:idOrSlug', { schema: { hide: true, params: ZPublicSurveyParams, querystring: ZPageQuery } }, async (req, reply) => {
    const s = await load(req, req.params.idOrSlug, req.query);
    if ('message' in s) return send(reply, s.status, pageDocument({ lang: s.lang, dir: directionOf(s.lang), title: s.message, main: messageScreen(s.message), assets }));
    // The invitation log's "opened page" (never an answer); a failure must not cost the page.
    if (req.query.t) await invitationResolver()?.onOpened?.(ctx.db, req.query.t).catch((err: unknown) => ctx.log.warn({ err }, 'invitation open not recorded'));
    const own = await readOwnResponse(ctx, s.id, req.cookies[cookieName(s.id)]);
    return page(reply, 200, s, req.query, own?.answers ?? {}, req.query.q ?? (own?.finished ? 'end' : undefined));
  });

  // The page without script: one form per screen, answered here and redirected to the next (PRG).
  app.post('/s/:idOrSlug', {
    schema: { hide: true, params: ZPublicSurveyParams, querystring: ZPageQuery },
    config: { rateLimit: { max: ctx.config.RATE_LIMIT_PUBLIC_PER_MINUTE, timeWindow: 60_000, allowList: () => false } },
  }, async (req, reply) => {
    const form = (req.body ?? {}) as FormBody;
    const one = (k: string) => form[k]?.[0];
    const fromForm = Object.fromEntries(Object.entries(form).filter(([k]) => ['channel', 'touchpoint', 'source'].includes(k) || k.startsWith('hidden.')).map(([k, v]) => [k, v[0]]));
    const query = ZPageQuery.parse({ ...req.query, ...fromForm, lang: one('lang') ?? req.query.lang, t: one('t') ?? req.query.t });
    const s = await load(req, req.params.idOrSlug, query);
    if ('message' in s) return send(reply, s.status, pageDocument({ lang: s.lang, dir: directionOf(s.lang), title: s.message, main: messageScreen(s.message), assets }));
    const cookie = cookieName(s.id);
    const own = await readOwnResponse(ctx, s.id, req.cookies[cookie]);
    const answers: Answers = { ...(own?.answers ?? {}) };
    const path = questionPath(s.questions, answers);
    const q = s.questions.find((x) => x.id === one('q')) ?? path[0];
    const params = new URLSearchParams({ lang: s.language, ...(query.t ? { t: query.t } : {}) });
    const at = (x: string) => reply.redirect(`/s/${encodeURIComponent(req.params.idOrSlug)}?${params}&q=${encodeURIComponent(x)}`, 303);
    if (one('go') === 'back') {
      const i = path.findIndex((x) => x.id === q.id);
      return at(path[Math.max(0, i - 1)]?.id ?? q.id);
    }
    const text = pageText(s.language);
    const given = answerFromForm(q, form);
    if (q.required && given === undefined) return page(reply, 422, s, query, answers, q.id, text.required);
    const next = { ...answers };
    if (given === undefined) delete next[q.id];
    else next[q.id] = given;
    const np = questionPath(s.questions, next);
    const isLast = np.findIndex((x) => x.id === q.id) === np.length - 1;
    try {
      if (own) {
        await continueResponse(ctx, s.id, own.id, { secret: own.secret, answers: { [q.id]: given ?? null }, finished: isLast, language: s.language });
      } else {
        const elapsed = Math.max(0, (Date.now() - Number(one('at') ?? Date.now())) / 1000);
        const ack = await submitResponse(
          ctx,
          s.id,
          { answers: { [q.id]: given ?? null }, finished: isLast, language: s.language, token: query.t, ...linkContext(query), website: one('website'), elapsedSeconds: elapsed },
          { userAgent: req.headers['user-agent'] },
        );
        reply.setCookie(cookie, `${ack.body.id}.${ack.body.secret}`, { path: '/s/', httpOnly: true, sameSite: 'lax', maxAge: 30 * 86400, secure: req.protocol === 'https' });
      }
    } catch (err) {
      if (err instanceof AppError && err.code === 'gone') {
        // Closed or full meanwhile, or this respondent's quota is full: thanked on an end screen.
        const message = err.details?.reason === 'quota_full' ? text.quotaFull : text.closed;
        return send(reply, 200, pageDocument({ lang: s.language, dir: s.direction, title: s.name, main: stoppedScreen(text, s.language, message), assets }));
      }
      if (err instanceof AppError && (err.code === 'validation_failed' || err.code === 'conflict')) {
        return page(reply, err.code === 'conflict' ? 409 : 422, s, query, answers, q.id, err.details?.errors?.[0]?.message ?? err.message);
      }
      throw err;
    }
    return at(isLast ? 'end' : np[np.findIndex((x) => x.id === q.id) + 1].id);
  });

  app.get('/s/assets/:file', { schema: { hide: true, params: z.object({ file: z.string().max(100) }) } }, async (req, reply) => {
    const a = [assets.pageJs, assets.pageCss].find((x) => x && req.params.file === `${x.name.replace('.', `.${x.hash}.`)}`);
    if (!a) return reply.code(404).type('text/plain').send('Not found');
    return reply.type(a.type).header('cache-control', 'public, max-age=31536000, immutable').send(a.body);
  });
}
hostedPageRoutes.prefix = '';
