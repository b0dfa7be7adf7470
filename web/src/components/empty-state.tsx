import type { ReactNode } from 'react';
import { Icon, type IconName } from './icon';

/** What a page shows when there is nothing yet, with the next step to take. */
export function EmptyState({ icon = 'sparkles', title, children, action, level = 2 }: { icon?: IconName; title: string; children?: ReactNode; action?: ReactNode; level?: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <div className="empty-state">
      <div className="empty-state-icon">
        <Icon name={icon} size={28} />
      </div>
      <Heading className="empty-state-title">{title}</Heading>
      {children && <div className="empty-state-text">{children}</div>}
      {action && <div className="empty-state-action">{action}</div>}
    </div>
  );
}
