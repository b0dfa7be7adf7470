import { useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ConfirmButtonProps {
  /** The button's visible text, e.g. "Revoke". */
  children: ReactNode;
  /** Accessible name when the visible text alone is ambiguous in a table ("Revoke CI key"). */
  label?: string;
  title: string;
  message: ReactNode;
  confirmText: string;
  onConfirm: () => void;
  disabled?: boolean;
}

/**
 * A destructive action behind a modal question. The native <dialog> traps focus, closes on
 * Escape and returns focus to the button, so keyboard users get the same safety net.
 */
export function ConfirmButton({ children, label, title, message, confirmText, onConfirm, disabled }: ConfirmButtonProps) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <button type="button" className="button button-small button-danger-ghost" aria-label={label} disabled={disabled} onClick={() => dialog.current?.showModal()}>
        {children}
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby={titleId}>
        <form method="dialog">
          <h2 id={titleId}>{title}</h2>
          <div className="dialog-body">{message}</div>
          <div className="dialog-actions">
            <button type="submit" value="cancel" className="button" autoFocus>
              {t('common.cancel')}
            </button>
            <button type="submit" value="confirm" className="button button-danger" onClick={onConfirm}>
              {confirmText}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
