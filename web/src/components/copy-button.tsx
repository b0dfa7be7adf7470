import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './icon';

/** Copies a value (an API key secret) and says so; falls back to selecting it for manual copy. */
export function CopyButton({ value, targetId }: { value: string; targetId?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard access needs a secure context; plain-HTTP installs select the text instead.
      const el = targetId ? document.getElementById(targetId) : null;
      if (el) window.getSelection()?.selectAllChildren(el);
    }
  };
  return (
    <button type="button" className="button button-small" onClick={copy}>
      <Icon name={copied ? 'check' : 'copy'} size={16} />
      <span aria-live="polite">{copied ? t('common.copied') : t('common.copy')}</span>
    </button>
  );
}
