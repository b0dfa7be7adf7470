import { useTranslation } from 'react-i18next';
import type { ImportKind, ImportPreview, PreviewColumn, ValueType } from './imports-api';
import { TableWrap } from '../../components/table-wrap';

const VALUE_TYPES: ValueType[] = ['string', 'number', 'boolean', 'date'];

/** Where one column goes, as the wizard edits it. */
export interface ColumnChoice {
  /** 'ignore', a catalog field ("email"), or 'custom' (an attribute / event property). */
  target: string;
  key: string;
  type: ValueType;
  /** The type was picked by a person, so it is sent (forcing it) rather than inferred again. */
  typeChosen: boolean;
}

const customPrefix = (kind: ImportKind) => (kind === 'customers' ? 'attributes' : 'properties');

/** The preview's suggestion for a column, as a choice. */
export function choiceOf(kind: ImportKind, c: PreviewColumn): ColumnChoice {
  const prefix = `${customPrefix(kind)}.`;
  if (c.field.startsWith(prefix)) return { target: 'custom', key: c.field.slice(prefix.length).split(':')[0], type: c.type, typeChosen: false };
  return { target: c.field || 'ignore', key: c.column.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[^A-Za-z]+/, '') || 'column', type: c.type, typeChosen: false };
}

/** The mapping the API takes: {column: field}, custom columns as "attributes.<key>[:type]". */
export function mappingOf(kind: ImportKind, choices: Record<string, ColumnChoice>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [column, c] of Object.entries(choices)) {
    out[column] = c.target === 'custom' ? `${customPrefix(kind)}.${c.key}${c.typeChosen ? `:${c.type}` : ''}` : c.target;
  }
  return out;
}

interface Props {
  kind: ImportKind;
  preview: ImportPreview;
  choices: Record<string, ColumnChoice>;
  onChange: (column: string, choice: ColumnChoice) => void;
}

/** One row per column: sample values, the suggested field (editable), and for custom columns key and type. */
export function MappingTable({ kind, preview, choices, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <TableWrap label={t('imports.wizard.stepMapping')}>
      <table className="mapping-table">
        <thead>
          <tr>
            <th scope="col">{t('imports.mapping.column')}</th>
            <th scope="col">{t('imports.mapping.samples')}</th>
            <th scope="col">{t('imports.mapping.field')}</th>
            <th scope="col">{t('imports.mapping.details')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.columns.map((col) => {
            const c = choices[col.column] ?? choiceOf(kind, col);
            const set = (patch: Partial<ColumnChoice>) => onChange(col.column, { ...c, ...patch });
            return (
              <tr key={col.column} className={c.target === 'ignore' ? 'row-muted' : undefined}>
                <th scope="row" className="mapping-column">{col.column}</th>
                <td className="mapping-samples">{col.samples.slice(0, 3).map((s, i) => <span key={i} className="sample">{s}</span>)}</td>
                <td>
                  <select aria-label={t('imports.mapping.fieldFor', { column: col.column })} value={c.target} onChange={(e) => set({ target: e.target.value })}>
                    <option value="ignore">{t('imports.mapping.ignore')}</option>
                    <option value="custom">{kind === 'customers' ? t('imports.mapping.customAttribute') : t('imports.mapping.customProperty')}</option>
                    <optgroup label={t('imports.mapping.fields')}>
                      {preview.fields.map((f) => <option key={f.field} value={f.field} title={f.description}>{f.label}</option>)}
                      {!['ignore', 'custom'].includes(c.target) && !preview.fields.some((f) => f.field === c.target) && <option value={c.target}>{c.target}</option>}
                    </optgroup>
                  </select>
                </td>
                <td>
                  {c.target === 'custom' && (
                    <span className="mapping-custom">
                      <input aria-label={t('imports.mapping.keyFor', { column: col.column })} value={c.key} size={14} onChange={(e) => set({ key: e.target.value.trim() })} />
                      <select aria-label={t('imports.mapping.typeFor', { column: col.column })} value={c.type} onChange={(e) => set({ type: e.target.value as ValueType, typeChosen: true })}>
                        {VALUE_TYPES.map((v) => <option key={v} value={v}>{t(`rules.types.${v}`)}</option>)}
                      </select>
                    </span>
                  )}
                  {c.target !== 'custom' && c.target !== 'ignore' && (
                    <span className="muted small">{preview.fields.find((f) => f.field === c.target)?.description}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}
