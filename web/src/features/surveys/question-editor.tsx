import { useTranslation } from 'react-i18next';
import { blankQuestion, QUESTION_TYPES, type Question, type QuestionType } from './surveys-api';

type ChoiceQuestion = Extract<Question, { type: 'single_choice' | 'multiple_choice' }>;
type ScaledQuestion = Extract<Question, { type: 'csat' | 'ces' | 'rating' }>;
type Show = NonNullable<NonNullable<Question['logic']>['show']>;
type Condition = Show['conditions'][number];

interface Props {
  question: Question;
  index: number;
  count: number;
  earlier: Question[];
  languages: string[];
  onChange: (q: Question) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

const isChoice = (q: Question): q is ChoiceQuestion => q.type === 'single_choice' || q.type === 'multiple_choice';
const isScaled = (q: Question): q is ScaledQuestion => q.type === 'csat' || q.type === 'ces' || q.type === 'rating';

/** One question of the builder: type, texts in every language, options, scale and a "show only if" rule. */
export function QuestionEditor({ question: q, index, count, earlier, languages, onChange, onMove, onRemove }: Props) {
  const { t } = useTranslation();
  const setType = (type: QuestionType) => {
    const fresh = blankQuestion(type, q.id, languages);
    onChange({ ...fresh, text: q.text, required: q.required, logic: q.logic } as Question);
  };
  const show = q.logic?.show;
  const firstCondition: Condition | undefined = show?.conditions[0];
  const setShow = (c: Condition | null) =>
    onChange({ ...q, logic: { jumps: q.logic?.jumps ?? [], show: c ? { match: 'all', conditions: [c] } : undefined } });
  return (
    <li className="card question-card">
      <div className="question-head">
        <span className="question-number" aria-hidden="true">{index + 1}</span>
        <label className="visually-hidden" htmlFor={`qt-${q.id}`}>{t('surveys.builder.type')}</label>
        <select id={`qt-${q.id}`} value={q.type} onChange={(e) => setType(e.target.value as QuestionType)}>
          {QUESTION_TYPES.map((type) => <option key={type} value={type}>{t(`surveys.types.${type}`)}</option>)}
        </select>
        <label className="checkbox">
          <input type="checkbox" checked={q.required ?? false} onChange={(e) => onChange({ ...q, required: e.target.checked })} /> {t('surveys.builder.required')}
        </label>
        <span className="question-tools">
          <button type="button" className="button button-small" disabled={index === 0} onClick={() => onMove(-1)} aria-label={t('surveys.builder.moveUp')}>↑</button>
          <button type="button" className="button button-small" disabled={index === count - 1} onClick={() => onMove(1)} aria-label={t('surveys.builder.moveDown')}>↓</button>
          <button type="button" className="button button-small button-danger" disabled={count === 1} onClick={onRemove}>{t('surveys.builder.remove')}</button>
        </span>
      </div>
      {languages.map((lang) => (
        <div key={lang} className="field">
          <label htmlFor={`qx-${q.id}-${lang}`}>{t('surveys.builder.text')} ({lang})</label>
          <input id={`qx-${q.id}-${lang}`} dir="auto" value={q.text[lang] ?? ''} onChange={(e) => onChange({ ...q, text: { ...q.text, [lang]: e.target.value } })} />
        </div>
      ))}
      {isScaled(q) && (
        <div className="inline-fields">
          <label>{t('surveys.builder.scaleFrom')} <input type="number" min={0} max={1} value={q.scale?.min ?? 1} onChange={(e) => onChange({ ...q, scale: { min: Number(e.target.value), max: q.scale?.max ?? 5 } })} /></label>
          <label>{t('surveys.builder.scaleTo')} <input type="number" min={2} max={10} value={q.scale?.max ?? 5} onChange={(e) => onChange({ ...q, scale: { min: q.scale?.min ?? 1, max: Number(e.target.value) } })} /></label>
        </div>
      )}
      {isChoice(q) && <OptionsEditor question={q} languages={languages} onChange={onChange} />}
      {earlier.length > 0 && (
        <fieldset className="logic-row">
          <legend>{t('surveys.builder.showIf')}</legend>
          <select aria-label={t('surveys.builder.showIfQuestion')} value={firstCondition?.question ?? ''}
            onChange={(e) => setShow(e.target.value ? { question: e.target.value, op: firstCondition?.op ?? 'lte', value: firstCondition?.value ?? 6 } : null)}>
            <option value="">{t('surveys.builder.always')}</option>
            {earlier.map((e) => <option key={e.id} value={e.id}>{e.id}</option>)}
          </select>
          {firstCondition && (
            <>
              <select aria-label={t('surveys.builder.operator')} value={firstCondition.op} onChange={(e) => setShow({ ...firstCondition, op: e.target.value as Condition['op'] })}>
                {(['lte', 'gte', 'eq', 'neq', 'answered'] as const).map((op) => <option key={op} value={op}>{t(`surveys.ops.${op}`)}</option>)}
              </select>
              {firstCondition.op !== 'answered' && (
                <input aria-label={t('surveys.builder.value')} className="logic-value" value={String(firstCondition.value ?? '')}
                  onChange={(e) => setShow({ ...firstCondition, value: e.target.value !== '' && !Number.isNaN(Number(e.target.value)) ? Number(e.target.value) : e.target.value })} />
              )}
            </>
          )}
        </fieldset>
      )}
    </li>
  );
}

function OptionsEditor({ question: q, languages, onChange }: { question: ChoiceQuestion; languages: string[]; onChange: (q: Question) => void }) {
  const { t } = useTranslation();
  const options = q.options;
  const setOptions = (next: ChoiceQuestion['options']) => onChange({ ...q, options: next });
  const addOption = () => {
    let n = options.length + 1;
    while (options.some((o) => o.id === `o${n}`)) n++;
    setOptions([...options, { id: `o${n}`, label: Object.fromEntries(languages.map((l) => [l, ''])) }]);
  };
  return (
    <fieldset className="options-editor">
      <legend>{t('surveys.builder.options')}</legend>
      <ol>
        {options.map((o, i) => (
          <li key={o.id} className="option-row">
            {languages.map((lang) => (
              <input key={lang} dir="auto" aria-label={`${t('surveys.builder.option')} ${i + 1} (${lang})`} placeholder={lang} value={o.label[lang] ?? ''}
                onChange={(e) => setOptions(options.map((x) => (x.id === o.id ? { ...x, label: { ...x.label, [lang]: e.target.value } } : x)))} />
            ))}
            <button type="button" className="button button-small" disabled={options.length === 1} onClick={() => setOptions(options.filter((x) => x.id !== o.id))}>{t('surveys.builder.remove')}</button>
          </li>
        ))}
      </ol>
      <div className="inline-fields">
        <button type="button" className="button button-small" onClick={addOption}>{t('surveys.builder.addOption')}</button>
        <label className="checkbox"><input type="checkbox" checked={q.allowOther ?? false} onChange={(e) => onChange({ ...q, allowOther: e.target.checked })} /> {t('surveys.builder.allowOther')}</label>
        <label className="checkbox"><input type="checkbox" checked={q.randomize ?? false} onChange={(e) => onChange({ ...q, randomize: e.target.checked })} /> {t('surveys.builder.randomize')}</label>
      </div>
    </fieldset>
  );
}
