import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/icon';
import { childrenOf, isGroup, isNot, newCondition, WELL_KNOWN_EVENTS, withChildren, type Condition, type Group, type RuleNode } from './rule-model';
import { ConditionEditor, type RuleContext } from './rule-condition';
import './segments.css';

const MAX_DEPTH = 4;

interface NodeProps {
  node: RuleNode;
  onChange: (n: RuleNode) => void;
  onRemove: () => void;
  ctx: RuleContext;
  depth: number;
}

/** A child of a group: a condition or a nested group, optionally negated ("not"), with remove. */
function NodeRow({ node, onChange, onRemove, ctx, depth }: NodeProps) {
  const { t } = useTranslation();
  const negated = isNot(node);
  const inner = negated ? node.not : node;
  const setInner = (n: RuleNode) => onChange(negated ? { not: n } : n);
  return (
    <li className={`rule-row${negated ? ' rule-row-negated' : ''}`}>
      <label className="rule-not" title={t('rules.notHint')}>
        <input type="checkbox" checked={negated} onChange={(e) => onChange(e.target.checked ? { not: inner } : inner)} />
        {t('rules.not')}
      </label>
      {isGroup(inner) ? (
        <GroupEditor group={inner} onChange={setInner} ctx={ctx} depth={depth + 1} />
      ) : isNot(inner) ? (
        // A double negation from a hand-written rule: edit what it negates.
        <NodeRow node={inner.not} onChange={(n) => setInner({ not: n })} onRemove={onRemove} ctx={ctx} depth={depth} />
      ) : (
        <ConditionEditor condition={inner as Condition} onChange={setInner} ctx={ctx} />
      )}
      <button type="button" className="icon-button rule-remove" aria-label={t('rules.remove')} title={t('rules.remove')} onClick={onRemove}>
        <Icon name="close" size={16} />
      </button>
    </li>
  );
}

function GroupEditor({ group, onChange, ctx, depth }: { group: Group; onChange: (g: Group) => void; ctx: RuleContext; depth: number }) {
  const { t } = useTranslation();
  const children = childrenOf(group);
  const mode = 'all' in group ? 'all' : 'any';
  const set = (list: RuleNode[]) => onChange(withChildren(group, list));
  return (
    <div className={`rule-group rule-depth-${depth}`} role="group" aria-label={t('rules.group')}>
      <div className="rule-group-head">
        <label>
          <span>{t('rules.match')}</span>
          <select value={mode} onChange={(e) => onChange(e.target.value === 'all' ? { all: children } : { any: children })}>
            <option value="all">{t('rules.all')}</option>
            <option value="any">{t('rules.any')}</option>
          </select>
          <span>{t('rules.ofThese')}</span>
        </label>
      </div>
      {children.length === 0 && <p className="muted small rule-empty">{depth === 0 ? t('rules.emptyRoot') : t('rules.emptyGroup')}</p>}
      <ol className="rule-children">
        {children.map((child, i) => (
          <NodeRow key={i} node={child} depth={depth} ctx={ctx}
            onChange={(n) => set(children.map((c, j) => (j === i ? n : c)))}
            onRemove={() => set(children.filter((_, j) => j !== i))} />
        ))}
      </ol>
      <div className="rule-actions">
        <button type="button" className="button button-small" onClick={() => set([...children, newCondition('field')])}>
          {t('rules.addCondition')}
        </button>
        {depth < MAX_DEPTH && (
          <button type="button" className="button button-small" onClick={() => set([...children, { any: [newCondition('field')] }])}>
            {t('rules.addGroup')}
          </button>
        )}
      </div>
    </div>
  );
}

/**
 * The visual editor of a segment rule document: nested all/any groups, "not", and conditions on
 * profile fields, traits, custom attributes, event counts and sums, and other segments.
 */
export function RuleBuilder({ rule, onChange, ctx }: { rule: Group; onChange: (g: Group) => void; ctx: RuleContext }) {
  return (
    <div className="rule-builder">
      <datalist id="rule-event-types">
        {WELL_KNOWN_EVENTS.map((e) => <option key={e} value={e} />)}
      </datalist>
      <GroupEditor group={rule} onChange={onChange} ctx={ctx} depth={0} />
    </div>
  );
}
