import { useCallback, useEffect } from 'react';
import { useLocation, useSearchParams, type NavigateOptions } from 'react-router';

/**
 * Searches this tab has asked the router for that have not all rendered yet, oldest first. Module-wide so
 * sections of one page (filters, support, social) chain onto each other's updates too.
 */
let inFlight: string[] = [];
let lastSeen: string | null = null;

/**
 * A search-param setter whose updater gets the newest search. React Router's own functional form
 * (`setSearchParams(prev => next)`) hands over the params of the last render, and a data router navigates
 * asynchronously: two quick changes (two selects in one tick) computed the second from the stale search and
 * dropped the first. Here each update starts from the previous update still in flight, else the address bar.
 */
export function useSearchUpdater(): (update: (prev: URLSearchParams) => URLSearchParams, options?: NavigateOptions) => void {
  const [, setParams] = useSearchParams();
  const { search } = useLocation();
  useEffect(() => {
    const s = search.replace(/^\?/, '');
    if (s === lastSeen) return; // every hook on the page sees the same change: handle it once
    lastSeen = s;
    const i = inFlight.lastIndexOf(s);
    // An earlier update rendered while a later one is still on its way: keep chaining from the later one.
    // Anything else (the last update, back/forward, a link) makes the address the truth again.
    inFlight = i >= 0 && i < inFlight.length - 1 ? inFlight.slice(i + 1) : [];
  }, [search]);
  return useCallback((update, options) => {
    const base = inFlight.at(-1) ?? window.location.search;
    const next = update(new URLSearchParams(base));
    inFlight.push(next.toString());
    setParams(next, options);
  }, [setParams]);
}
