import { useId, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client, messageOf, ok } from '../lib/api';
import { useSession } from '../lib/session';
import { useToast } from './toast';

/**
 * Moves the session to another of the user's workspaces. Every cached answer belongs to the old
 * workspace, so all of them are refetched. Resolves to whether the switch happened.
 */
export function useSwitchWorkspace(): { switchTo: (workspaceId: string, name: string) => Promise<boolean>; isSwitching: boolean } {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const notify = useToast();
  const [isSwitching, setSwitching] = useState(false);
  const switchTo = async (workspaceId: string, name: string) => {
    setSwitching(true);
    try {
      await ok(client.POST('/auth/switch-workspace', { body: { workspaceId } }));
      await queryClient.invalidateQueries();
      notify(t('workspace.switched', { name }));
      return true;
    } catch (err) {
      notify(messageOf(err), 'error');
      return false;
    } finally {
      setSwitching(false);
    }
  };
  return { switchTo, isSwitching };
}

/** The current workspace's name, or a picker when the user belongs to several. */
export function WorkspaceSwitcher() {
  const { t } = useTranslation();
  const me = useSession();
  const { switchTo, isSwitching } = useSwitchWorkspace();
  const id = useId();

  if (me.workspaces.length < 2) {
    return <span className="workspace-name" title={me.workspace.name}>{me.workspace.name}</span>;
  }

  const pick = (workspaceId: string) => void switchTo(workspaceId, me.workspaces.find((w) => w.id === workspaceId)?.name ?? '');
  return (
    <div className="workspace-switcher">
      <label htmlFor={id} className="visually-hidden">{t('workspace.switch')}</label>
      <select id={id} value={me.workspaceId} disabled={isSwitching} onChange={(e) => pick(e.target.value)}>
        {me.workspaces.map((w) => (
          <option key={w.id} value={w.id}>{w.name}</option>
        ))}
      </select>
    </div>
  );
}
