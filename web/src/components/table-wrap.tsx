import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A table's horizontally scrolling frame. When the table is wider than the frame (a narrow screen,
 * a long audit detail), keyboard users must be able to scroll it too (WCAG 2.1.1; axe's
 * "scrollable-region-focusable"), so the frame then becomes a named, focusable region. While the
 * table fits, it stays a plain box and adds no tab stop.
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  const frame = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    const measure = () => setScrolls(el.scrollWidth > el.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={frame} className="table-wrap" {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}>
      {children}
    </div>
  );
}
