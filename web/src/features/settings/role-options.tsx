import { useTranslation } from 'react-i18next';
import { grantableRoles, useSession } from '../../lib/session';

/** The roles the signed-in person may hand out, as <option>s: nobody grants more than they hold. */
export function RoleOptions() {
  const { t } = useTranslation();
  const me = useSession();
  return <>{grantableRoles(me.role).map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}</>;
}
