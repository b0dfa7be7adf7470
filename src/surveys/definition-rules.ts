import type { FieldError } from '../platform/errors.js';
import type { TCondition, TConditionGroup, TLocalized } from './survey-conditions.js';
import type { TEnding, TQuestion } from './survey-definition.js';
import type { TSurveySettings } from './survey-settings.js';

/** What the cross-field rules need to see of a definition. */
export interface DefinitionParts {
  languages: string[];
  defaultLanguage?: string;
  questions: TQuestion[];
  hiddenFields: string[];
  endings: TEnding[];
  settings: TSurveySettings;
}

const SCORED = new Set(['nps', 'csat', 'ces', 'rating']);
const NUMERIC_OPS = new Set(['lt', 'lte', 'gt', 'gte', 'between']);

/**
 * The rules a schema cannot state field by field: every text translated into every language of the
 * survey, unique ids, logic naming only earlier questions (so a respondent can never loop), jumps
 * going forward, conditions that fit the question they test, valid scales and choice limits.
 */
export function definitionProblems(def: DefinitionParts): FieldError[] {
  const errors: FieldError[] = [];
  const add = (path: string, message: string) => errors.push({ path: `body.${path}`, message });
  const langs = [...new Set(def.languages)];
  if (langs.length !== def.languages.length) add('languages', 'lists a language twice');
  if (def.defaultLanguage && !langs.includes(def.defaultLanguage)) add('defaultLanguage', `must be one of languages (${langs.join(', ')})`);

  const translated = (text: TLocalized | undefined, path: string, required = true) => {
    if (!text) return;
    for (const lang of langs) {
      if (!text[lang]?.trim() && required) add(path, `lacks the "${lang}" translation`);
    }
    for (const lang of Object.keys(text)) if (!langs.includes(lang)) add(path, `has "${lang}", which is not one of the survey's languages`);
  };

  const index = new Map<string, number>();
  def.questions.forEach((q, i) => {
    if (index.has(q.id)) add(`questions.${i}.id`, `"${q.id}" is used by an earlier question`);
    else index.set(q.id, i);
  });
  const hidden = new Set<string>();
  def.hiddenFields.forEach((h, i) => {
    if (hidden.has(h)) add(`hiddenFields.${i}`, `"${h}" is listed twice`);
    if (index.has(h)) add(`hiddenFields.${i}`, `"${h}" is also a question id`);
    hidden.add(h);
  });

  const checkCondition = (c: TCondition, path: string, before: number) => {
    const at = index.get(c.question);
    if (at === undefined) return add(path, `names "${c.question}", which is not a question of this survey`);
    if (at >= before) return add(path, `names "${c.question}", which is not an earlier question`);
    const q = def.questions[at];
    const needsValue = c.op !== 'answered' && c.op !== 'not_answered';
    if (needsValue && c.value === undefined) return add(path, `"${c.op}" needs a value`);
    if (NUMERIC_OPS.has(c.op) && !SCORED.has(q.type)) add(path, `"${c.op}" compares numbers, but "${q.id}" is a ${q.type} question`);
    if (c.op === 'between' && !(Array.isArray(c.value) && c.value.length === 2 && c.value.every((v) => typeof v === 'number'))) {
      add(path, '"between" needs [min, max]');
    }
    if ((c.op === 'in' || c.op === 'not_in') && !Array.isArray(c.value)) add(path, `"${c.op}" needs a list of values`);
  };
  const checkGroup = (g: TConditionGroup | undefined, path: string, before: number) =>
    g?.conditions.forEach((c, i) => checkCondition(c, `${path}.conditions.${i}`, before));

  def.questions.forEach((q, i) => {
    const p = `questions.${i}`;
    translated(q.text, `${p}.text`);
    translated(q.description, `${p}.description`, false);
    if ('labels' in q && q.labels) {
      translated(q.labels.low, `${p}.labels.low`);
      translated(q.labels.high, `${p}.labels.high`);
    }
    if ('scale' in q && q.scale.min >= q.scale.max) add(`${p}.scale`, 'min must be below max');
    if (q.type === 'single_choice' || q.type === 'multiple_choice') {
      const ids = new Set<string>();
      q.options.forEach((o, j) => {
        if (ids.has(o.id)) add(`${p}.options.${j}.id`, `"${o.id}" is used by an earlier option`);
        ids.add(o.id);
        translated(o.label, `${p}.options.${j}.label`);
      });
      translated(q.otherLabel, `${p}.otherLabel`);
      if (q.type === 'multiple_choice') {
        const most = q.options.length + (q.allowOther ? 1 : 0);
        if (q.maxSelected !== undefined && q.maxSelected > most) add(`${p}.maxSelected`, `is more than the ${most} options`);
        if (q.minSelected !== undefined && q.minSelected > (q.maxSelected ?? most)) add(`${p}.minSelected`, 'is more than can be selected');
      }
    }
    if (q.type === 'text') translated(q.placeholder, `${p}.placeholder`, false);
    checkGroup(q.logic?.show, `${p}.logic.show`, i);
    q.logic?.jumps.forEach((j, k) => {
      // A jump is decided once this question is answered, so it may test this question too.
      checkGroup(j.when, `${p}.logic.jumps.${k}.when`, i + 1);
      if (j.to === 'end') return;
      const target = index.get(j.to);
      if (target === undefined) add(`${p}.logic.jumps.${k}.to`, `"${j.to}" is not a question of this survey`);
      else if (target <= i) add(`${p}.logic.jumps.${k}.to`, `"${j.to}" is not a later question (jumps go forward only)`);
    });
  });

  const endingIds = new Set<string>();
  def.endings.forEach((e, i) => {
    if (endingIds.has(e.id)) add(`endings.${i}.id`, `"${e.id}" is used by an earlier ending`);
    endingIds.add(e.id);
    translated(e.title, `endings.${i}.title`);
    translated(e.body, `endings.${i}.body`, false);
    translated(e.button?.label, `endings.${i}.button.label`);
    checkGroup(e.when, `endings.${i}.when`, def.questions.length);
  });
  // A quota may also count by hidden field ("at most 50 answers from region=north"): text tests only.
  def.settings.quotas.forEach((quota, i) =>
    quota.when.conditions.forEach((c, j) => {
      const path = `settings.quotas.${i}.when.conditions.${j}`;
      if (!hidden.has(c.question)) return checkCondition(c, path, def.questions.length);
      if (NUMERIC_OPS.has(c.op)) add(path, `"${c.op}" compares numbers, but the hidden field "${c.question}" is text`);
      else if (c.op !== 'answered' && c.op !== 'not_answered' && c.value === undefined) add(path, `"${c.op}" needs a value`);
    }),
  );
  const quotaIds = new Set<string>();
  def.settings.quotas.forEach((quota, i) => {
    if (quotaIds.has(quota.id)) add(`settings.quotas.${i}.id`, `"${quota.id}" is used by an earlier quota`);
    quotaIds.add(quota.id);
  });
  return errors;
}
