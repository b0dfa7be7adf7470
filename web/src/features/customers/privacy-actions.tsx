import { useId, useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../lib/api';
import { useCan } from '../../lib/session';
import { ProblemAlert } from '../../components/feedback';
import { useToast } from '../../components/toast';
import { customerKeys, type CustomerDetail } from './customers-api';

/** Saves a JSON document as a file without a second request (the export is already in hand). */
function download(name: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * GDPR/KVKK requests: export everything held about the customer, or erase them. Erasing cannot be
 * undone, so the dialog asks for the customer's identifier to be typed, not just a click.
 */
export function PrivacyActions({ customer: c }: { customer: CustomerDetail }) {
  const { t } = useTranslation();
  const notify = useToast();
  const queryClient = useQueryClient();
  const canExport = useCan('customers:export');
  const canErase = useCan('customers:erase');
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const inputId = useId();
  const [typed, setTyped] = useState('');
  const word = c.email ?? c.externalId ?? c.id.slice(0, 8);

  const exportData = useMutation({
    mutationFn: () => ok(client.GET('/customers/{id}/export', { params: { path: { id: c.id } } })),
    onSuccess: (data) => download(`customer-${c.externalId ?? c.id}.json`, data),
    onError: (err) => notify(err.message, 'error'),
  });
  const erase = useMutation({
    mutationFn: () => ok(client.DELETE('/customers/{id}', { params: { path: { id: c.id } } })),
    onSuccess: async () => {
      dialog.current?.close();
      await queryClient.invalidateQueries({ queryKey: customerKeys.all });
      notify(t('customers.privacy.erased'));
    },
  });

  if ((!canExport && !canErase) || c.erasedAt) return null;
  return (
    <section className="panel" aria-labelledby="privacy-title">
      <h2 id="privacy-title" className="section-title">{t('customers.privacy.title')}</h2>
      <p className="muted small">{t('customers.privacy.text')}</p>
      <div className="form-actions">
        {canExport && (
          <button type="button" className="button" disabled={exportData.isPending} onClick={() => exportData.mutate()}>
            {t('customers.privacy.export')}
          </button>
        )}
        {canErase && (
          <button type="button" className="button button-danger-ghost" onClick={() => {
            setTyped('');
            erase.reset();
            dialog.current?.showModal();
          }}>
            {t('customers.privacy.erase')}
          </button>
        )}
      </div>
      <dialog ref={dialog} className="dialog" aria-labelledby={titleId}>
        <form method="dialog" onSubmit={(e) => {
          e.preventDefault();
          if (typed.trim() === word) erase.mutate();
        }}>
          <h2 id={titleId}>{t('customers.privacy.eraseTitle')}</h2>
          <div className="dialog-body">
            <p>{t('customers.privacy.eraseMessage')}</p>
            <div className="field">
              <label htmlFor={inputId}>{t('customers.privacy.typeToConfirm', { word })}</label>
              <input id={inputId} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
            </div>
            <ProblemAlert error={erase.error} />
          </div>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => dialog.current?.close()} autoFocus>{t('common.cancel')}</button>
            <button type="submit" className="button button-danger" disabled={typed.trim() !== word || erase.isPending}>{t('customers.privacy.eraseConfirm')}</button>
          </div>
        </form>
      </dialog>
    </section>
  );
}
