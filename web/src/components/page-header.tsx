import { useEffect, type ReactNode } from 'react';

/** The page's h1, which also names the browser tab (screen readers announce it on navigation). */
export function PageHeader({ title, description, actions, level = 1 }: { title: string; description?: ReactNode; actions?: ReactNode; level?: 1 | 2 }) {
  useDocumentTitle(title);
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <header className="page-header">
      <div>
        <Heading className="page-title">{title}</Heading>
        {description && <p className="page-description">{description}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}

export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Kunde`;
  }, [title]);
}
