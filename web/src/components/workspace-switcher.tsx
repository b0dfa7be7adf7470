import { useId, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, messageOf, ok } from '../lib/api';
import { useSession } from '../lib/session';
import { useToast } from './toast';

/** Moves the session to another of the user's workspaces; every cached answer belongs to the old one. */
export function WorkspaceSwitcher() {
  const { t } = useTranslation();
  const me = useSession();
  const queryClient = useQueryClient();
  const notify = useToast();
  const [busy, setBusy] = useState(false);
  const id = useId();

  if (me.workspaces.length < 2) {
    return <span className="workspace-name" title={me.workspace.name}>{me.workspace.name}</span>;
  }

  const switchTo = async (workspaceId: string) => {
    setBusy(true);
    try {
      await ok(client.POST('/auth/switch-workspace', { body: { workspaceId } }));
      await queryClient.invalidateQueries();
      const name = me.workspaces.find((w) => w.id === workspaceId)?.name ?? '';
      notify(t('workspace.switched', { name }));
    } catch (err) {
      notify(messageOf(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="workspace-switcher">
      <label htmlFor={id} className="visually-hidden">{t('workspace.switch')}</label>
      <select id={id} value={me.workspaceId} disabled={busy} onChange={(e) => void switchTo(e.target.value)}>
        {me.workspaces.map((w) => (
          <option key={w.id} value={w.id}>{w.name}</option>
        ))}
      </select>
    </div>
  );
}
