import type { Actor, AppContext } from '../platform/context.js';
import { AppError, notFound } from '../platform/errors.js';
import { newId, randomToken } from '../platform/ids.js';
import { cursorValue, decodeCursor, encodeCursor } from '../platform/http/cursor.js';
import { recordAudit } from '../audit/audit.service.js';
import { forgetPublicSurvey } from './responses.service.js';
import { z } from 'zod';
import { definitionProblems } from './definition-rules.js';
import {
  findSurvey,
  insertSurvey,
  listSurveyRows,
  updateSurveyRow,
  upsertVersion,
  type SurveyListFilter,
  type SurveyRow,
} from './surveys.queries.js';
import { ZSurveyPatch, type SurveyDefinition, type TSurvey, type TSurveyInput, ZSurveyInput, type ZFromTemplate } from './surveys.schemas.js';
import { SURVEY_TEMPLATES, templateIn, templateLanguages } from './survey-templates.js';

/** 10 base62 characters: short enough to type from a QR caption, ~59 bits so links cannot be guessed. */
export const newSurveySlug = (): string => randomToken(10);

type ParsedInput = z.output<typeof ZSurveyInput>;

/** Parses with a schema, turning its issues into one 422 listing every field that is wrong. */
export function parseOr422<T extends z.ZodType>(schema: T, raw: unknown, what = 'survey'): z.output<T> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => ({ path: `body.${i.path.join('.')}`, message: i.message }));
  throw new AppError('validation_failed', `Invalid ${what}: ${errors[0].path} ${errors[0].message}`, { errors });
}

function splitInput(input: ParsedInput): { meta: Pick<SurveyRow, 'name' | 'touchpoint' | 'channel' | 'team'>; definition: SurveyDefinition } {
  const { name, touchpoint, channel, team, ...def } = input;
  const definition: SurveyDefinition = { ...def, defaultLanguage: def.defaultLanguage ?? def.languages[0] };
  return { meta: { name, touchpoint, channel, team: team ?? null }, definition };
}

/** Creates a draft survey with a fresh public slug. */
export async function createSurvey(ctx: AppContext, actor: Actor, raw: TSurveyInput, templateKey: string | null = null): Promise<TSurvey> {
  const { meta, definition } = splitInput(parseOr422(ZSurveyInput, raw));
  const row = await ctx.db.transaction(async (tx) => {
    const created = await insertSurvey(tx, {
      workspaceId: actor.workspaceId,
      id: newId(),
      slug: newSurveySlug(),
      ...meta,
      definition,
      templateKey,
      createdBy: actor.label,
    });
    await recordAudit(tx, actor, { action: 'surveys.created', targetType: 'survey', targetId: created.id, details: { name: meta.name, templateKey } });
    return created;
  });
  return presentSurvey(ctx, row);
}

export async function getSurvey(ctx: AppContext, workspaceId: string, id: string): Promise<TSurvey> {
  const row = await findSurvey(ctx.db, workspaceId, id);
  if (!row) throw notFound('Survey');
  return presentSurvey(ctx, row);
}

/** The survey row, or a 404 for another workspace's or an unknown id. */
export async function requireSurvey(ctx: AppContext, workspaceId: string, id: string): Promise<SurveyRow> {
  const row = await findSurvey(ctx.db, workspaceId, id);
  if (!row) throw notFound('Survey');
  return row;
}

const LIST_CURSOR = 'surveys:id';

export async function listSurveys(ctx: AppContext, workspaceId: string, q: SurveyListFilter & { limit: number; cursor?: string }) {
  const before = q.cursor ? decodeCursor(q.cursor, LIST_CURSOR, z.tuple([cursorValue.id]))[0] : undefined;
  const rows = await listSurveyRows(ctx.db, workspaceId, q, q.limit + 1, before);
  const page = rows.slice(0, q.limit);
  return {
    data: page.map(({ survey, responseCount }) => {
      const { questions, endings, settings, hiddenFields, ...rest } = presentSurvey(ctx, survey);
      void endings;
      void settings;
      void hiddenFields;
      return { ...rest, questionCount: questions.length, responseCount };
    }),
    nextCursor: rows.length > q.limit ? encodeCursor(LIST_CURSOR, [page[page.length - 1].survey.id]) : null,
  };
}

/** JSON with sorted keys: jsonb hands objects back with its own key order. */
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`
      : JSON.stringify(v);
const isSame = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/**
 * Edits a survey. A draft is edited in place. Editing what a respondent answers (questions,
 * languages, hidden fields, endings) of a published or closed survey starts a new version, frozen at
 * once, so responses already given keep the questions they answered; settings and name edit in place.
 */
export async function updateSurvey(ctx: AppContext, actor: Actor, id: string, rawPatch: unknown): Promise<TSurvey> {
  const patch = parseOr422(ZSurveyPatch, rawPatch);
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findSurvey(tx, actor.workspaceId, id, true);
    if (!current) throw notFound('Survey');
    const { settings: oldSettings, ...oldDef } = current.definition;
    const merged = parseOr422(ZSurveyInput, {
      name: current.name,
      touchpoint: current.touchpoint,
      channel: current.channel,
      team: current.team,
      ...current.definition,
      // A new language list without a new default keeps the old default only if it is still listed.
      defaultLanguage: patch.languages && !patch.defaultLanguage && !patch.languages.includes(current.definition.defaultLanguage ?? '') ? undefined : current.definition.defaultLanguage,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    });
    const { meta, definition } = splitInput(merged);
    const { settings, ...newDef } = definition;
    const answerableChanged = !isSame(oldDef, newDef);
    const startsVersion = current.status !== 'draft' && answerableChanged;
    const version = startsVersion ? current.version + 1 : current.version;
    if (current.status !== 'draft' && (answerableChanged || !isSame(oldSettings, settings))) {
      await upsertVersion(tx, actor.workspaceId, id, version, definition);
    }
    const updated = await updateSurveyRow(tx, actor.workspaceId, id, { ...meta, definition, version });
    await recordAudit(tx, actor, {
      action: 'surveys.updated',
      targetType: 'survey',
      targetId: id,
      details: { fields: Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined), version, newVersion: startsVersion },
    });
    return updated;
  });
  forgetPublicSurvey(row);
  return presentSurvey(ctx, row);
}

/** Publishes a draft (freezing version 1) or reopens a closed survey; publishing twice is a no-op. */
export async function publishSurvey(ctx: AppContext, actor: Actor, id: string): Promise<TSurvey> {
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findSurvey(tx, actor.workspaceId, id, true);
    if (!current) throw notFound('Survey');
    if (current.status === 'published') return current;
    const problems = definitionProblems(current.definition);
    if (problems.length) throw new AppError('validation_failed', `The survey cannot be published: ${problems[0].path} ${problems[0].message}`, { errors: problems });
    await upsertVersion(tx, actor.workspaceId, id, current.version, current.definition);
    const updated = await updateSurveyRow(tx, actor.workspaceId, id, { status: 'published', publishedAt: current.publishedAt ?? new Date(), closedAt: null });
    await recordAudit(tx, actor, { action: current.status === 'closed' ? 'surveys.reopened' : 'surveys.published', targetType: 'survey', targetId: id, details: { version: current.version } });
    return updated;
  });
  forgetPublicSurvey(row);
  return presentSurvey(ctx, row);
}

/** Stops accepting responses; closing a closed survey is a no-op, closing a draft a 409. */
export async function closeSurvey(ctx: AppContext, actor: Actor, id: string, reason = 'manual'): Promise<TSurvey> {
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findSurvey(tx, actor.workspaceId, id, true);
    if (!current) throw notFound('Survey');
    if (current.status === 'closed') return current;
    if (current.status === 'draft') throw new AppError('conflict', 'A draft is not open; publish it first or edit it.');
    const updated = await updateSurveyRow(tx, actor.workspaceId, id, { status: 'closed', closedAt: new Date() });
    await recordAudit(tx, actor, { action: 'surveys.closed', targetType: 'survey', targetId: id, details: { reason } });
    return updated;
  });
  forgetPublicSurvey(row);
  return presentSurvey(ctx, row);
}

export function presentSurvey(ctx: Pick<AppContext, 'config'>, row: SurveyRow): TSurvey {
  const d = row.definition;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    touchpoint: row.touchpoint,
    channel: row.channel,
    team: row.team,
    status: row.status,
    version: row.version,
    languages: d.languages,
    defaultLanguage: d.defaultLanguage ?? d.languages[0],
    questions: d.questions,
    hiddenFields: d.hiddenFields,
    endings: d.endings,
    settings: d.settings,
    templateKey: row.templateKey,
    publicUrl: `${ctx.config.publicUrl.replace(/\/$/, '')}/s/${row.slug}`,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    publishedAt: row.publishedAt,
    closedAt: row.closedAt,
  };
}

/** The template catalogue, names in the asked language (English when it has none). */
export function listTemplates(lang = 'en') {
  return {
    data: SURVEY_TEMPLATES.map((tpl) => ({
      key: tpl.key,
      name: tpl.name[lang] ?? tpl.name.en,
      description: tpl.description[lang] ?? tpl.description.en,
      languages: templateLanguages(tpl),
      touchpoint: tpl.survey.touchpoint,
      channel: tpl.survey.channel,
      questionTypes: tpl.survey.questions.map((q) => q.type),
      survey: { ...tpl.survey },
    })),
  };
}

/** Creates a draft from a template in the languages asked for (each must be one the template ships). */
export async function createFromTemplate(ctx: AppContext, actor: Actor, input: z.output<typeof ZFromTemplate>): Promise<TSurvey> {
  const tpl = SURVEY_TEMPLATES.find((x) => x.key === input.template);
  if (!tpl) throw new AppError('validation_failed', `Unknown template "${input.template}".`, { errors: [{ path: 'body.template', message: `must be one of ${SURVEY_TEMPLATES.map((x) => x.key).join(', ')}` }] });
  const shipped = templateLanguages(tpl);
  const languages = input.languages ?? shipped;
  const missing = languages.filter((l) => !shipped.includes(l));
  if (missing.length) throw new AppError('validation_failed', `The template has no ${missing.join(', ')} texts; it ships ${shipped.join(', ')}.`, { errors: [{ path: 'body.languages', message: `must be among ${shipped.join(', ')}` }] });
  const survey = templateIn(tpl, languages);
  const { template: _t, languages: _l, ...overrides } = input;
  void _t;
  void _l;
  return createSurvey(ctx, actor, { ...survey, ...overrides }, tpl.key);
}
