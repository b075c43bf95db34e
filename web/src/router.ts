/**
 * A tiny router over the History API: the admin page's views are paths under /app
 * (the server answers /, /app and /app/* with this page) and their filters live in the
 * query string, so a view can be linked to (the insights feed does) and reloaded.
 * Inside Shopify admin, App Bridge's nav menu navigates with `shopify:navigate` events.
 */
import { useEffect, useState } from 'react';

export type ViewId = 'journeys' | 'insights' | 'recommendations' | 'models' | 'settings';

/** The views in navigation order; their names are the `nav.<id>` messages (i18n.ts). */
export const VIEWS: Array<{ id: ViewId; path: string }> = [
  { id: 'journeys', path: '/' },
  { id: 'insights', path: '/app/insights' },
  { id: 'recommendations', path: '/app/recommendations' },
  { id: 'models', path: '/app/models' },
  { id: 'settings', path: '/app/settings' },
];

export function viewOf(pathname: string): ViewId {
  const hit = VIEWS.find((v) => v.path !== '/' && (pathname === v.path || pathname.startsWith(`${v.path}/`)));
  return hit?.id ?? 'journeys';
}

const EVENT = 'waymark:navigate';

/** Navigates within the page. `params` replaces the query string (undefined keeps it). */
export function navigate(path: string, params?: URLSearchParams | Record<string, string>, opts: { replace?: boolean } = {}) {
  const search = params === undefined ? window.location.search : `?${new URLSearchParams(params).toString()}`;
  const url = `${path}${search === '?' ? '' : search}`;
  if (opts.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new Event(EVENT));
}

export function useLocation(): { pathname: string; search: URLSearchParams } {
  const read = () => ({ pathname: window.location.pathname, search: new URLSearchParams(window.location.search) });
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const update = () => setLoc(read());
    const fromAdmin = (e: Event) => {
      const href = (e.target as HTMLAnchorElement | null)?.getAttribute?.('href');
      if (href) {
        e.preventDefault();
        navigate(new URL(href, window.location.origin).pathname);
      }
    };
    window.addEventListener('popstate', update);
    window.addEventListener(EVENT, update);
    document.addEventListener('shopify:navigate', fromAdmin);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(EVENT, update);
      document.removeEventListener('shopify:navigate', fromAdmin);
    };
  }, []);
  return loc;
}
