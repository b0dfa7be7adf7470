import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { getPublicSurvey } from '../public-survey.js';
import { ZPublicSurvey, ZWidgetSettings } from '../surveys.schemas.js';
import { loadRespondentAssets, type Asset } from './assets.js';
import { pageText } from './respondent-text.js';
import { isInSegment } from './widget-segments.js';
import { findWidgetSurveyIds } from './widget.queries.js';
import type { WidgetConfig } from './view.js';
import { hasChatInbox } from '../../inbox/chat/chat-settings.service.js';

/*
 * The website widget, served first-party: /widget.js and /widget.css (cross-origin embeddable), and
 * the public configuration it reads: the workspace's published surveys with the widget switched on.
 * Every site visit asks for the configuration, so it is cached here and by browsers for a minute.
 */

const ZWorkspaceParams = z.object({ workspaceId: z.uuid() });
const ZConfigQuery = z.object({ lang: z.string().max(35).optional() });
const ZEligibilityQuery = z
  .object({ survey: z.uuid(), email: z.string().trim().max(320).optional(), externalId: z.string().trim().min(1).max(200).optional() })
  .refine((q) => q.email || q.externalId, 'needs email or externalId');

const ZWidgetConfig = z
  .object({
    surveys: z.array(
      z.object({
        survey: ZPublicSurvey.pick({ id: true, slug: true, name: true, language: true, defaultLanguage: true, direction: true, questions: true, endings: true }).extend({
          settings: z.object({ allowBack: z.boolean(), showProgress: z.boolean() }),
        }),
        text: z.record(z.string(), z.string()).describe('Built-in strings (buttons, scale ends, errors) in the survey language'),
        widget: ZWidgetSettings,
      }),
    ),
    chat: z.boolean().describe('Whether the workspace has a website chat: the widget then loads /chat.js'),
  })
  .describe('Published website surveys with their texts and widget settings');

function crossOrigin(reply: FastifyReply) {
  reply.header('access-control-allow-origin', '*');
  // Helmet's same-origin resource policy would stop other sites loading these.
  reply.header('cross-origin-resource-policy', 'cross-origin');
}

/** /widget.js, /widget.css and /chat.js at the root of the Kunde host. */
export async function widgetAssetRoutes(app: FastifyInstance) {
  const assets = loadRespondentAssets();
  const serve = (a: Asset | undefined) => async (_req: unknown, reply: FastifyReply) => {
    if (!a) return reply.code(404).type('text/plain').send('The widget is not built: run "npm run build:widget".');
    crossOrigin(reply);
    // Sites embed the fixed name, so it is revalidated often (ETag) rather than cached for ever.
    return reply.type(a.type).header('cache-control', 'public, max-age=300').header('etag', `"${a.hash}"`).send(a.body);
  };
  app.get('/widget.js', { schema: { hide: true } }, serve(assets.widgetJs));
  app.get('/widget.css', { schema: { hide: true } }, serve(assets.widgetCss));
  // The website chat, fetched by widget.js only for workspaces with a chat inbox.
  app.get('/chat.js', { schema: { hide: true } }, serve(assets.chatJs));
}
widgetAssetRoutes.prefix = '';

export async function widgetApiRoutes(base: FastifyInstance) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ['survey responses (public)'];
  const cache = new LRUCache<string, WidgetConfig>({ max: 2000, ttl: 15_000 });

  app.get('/public/widget/:workspaceId/surveys', {
    schema: {
      tags,
      summary: "The workspace's website surveys for the widget (cacheable, any origin)",
      params: ZWorkspaceParams,
      querystring: ZConfigQuery,
      response: { 200: ZWidgetConfig },
    },
    config: { access: 'public' },
  }, async (req, reply) => {
    crossOrigin(reply);
    reply.header('cache-control', 'public, max-age=60');
    const key = `${req.params.workspaceId}|${req.query.lang ?? ''}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const ids = await findWidgetSurveyIds(ctx.db, req.params.workspaceId);
    const found = await Promise.all(ids.map((id) => getPublicSurvey(ctx, id, req.query.lang).catch(() => undefined)));
    const out: WidgetConfig = {
      chat: await hasChatInbox(ctx.db, req.params.workspaceId),
      surveys: found
        .filter((s): s is NonNullable<typeof s> => Boolean(s?.isOpen))
        .map((s) => ({
          survey: { id: s.id, slug: s.slug, name: s.name, language: s.language, defaultLanguage: s.defaultLanguage, direction: s.direction, questions: s.questions, endings: s.endings, settings: { allowBack: s.settings.allowBack, showProgress: s.settings.showProgress } },
          text: pageText(s.language),
          widget: s.settings.widget,
        })),
    };
    cache.set(key, out);
    return out;
  });

  app.get('/public/widget/:workspaceId/eligibility', {
    schema: {
      tags,
      summary: 'Whether an identified visitor is in the segment a website survey targets',
      description: 'Answers only `eligible`; it never says whether a profile exists.',
      params: ZWorkspaceParams,
      querystring: ZEligibilityQuery,
      response: { 200: z.object({ eligible: z.boolean() }) },
    },
    config: { access: 'public' },
  }, async (req, reply) => {
    crossOrigin(reply);
    reply.header('cache-control', 'private, max-age=60');
    return { eligible: await isInSegment(ctx, req.params.workspaceId, req.query.survey, req.query) };
  });
}
