// Hash routes, so a reload (or a restart through WebDriver) lands on the same view.
export type AppTab = 'metrics' | 'versions' | 'listing' | 'deprecations' | 'alerts';

export const APP_TABS: readonly { id: AppTab; label: string }[] = [
  { id: 'metrics', label: 'Metrics' },
  { id: 'versions', label: 'Versions' },
  { id: 'listing', label: 'Listing' },
  { id: 'deprecations', label: 'Deprecations' },
  { id: 'alerts', label: 'Alerts' },
];

export type Route =
  | { view: 'portfolio' }
  | { view: 'settings' }
  | { view: 'alerts'; alertId: number | null }
  | { view: 'app'; id: number; tab: AppTab };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/');
  if (parts[0] === 'settings') return { view: 'settings' };
  if (parts[0] === 'alerts') return { view: 'alerts', alertId: parts[1] && /^\d+$/.test(parts[1]) ? Number(parts[1]) : null };
  if (parts[0] === 'apps' && parts[1] && /^\d+$/.test(parts[1])) {
    const tab = APP_TABS.find((t) => t.id === parts[2])?.id ?? 'metrics';
    return { view: 'app', id: Number(parts[1]), tab };
  }
  return { view: 'portfolio' };
}

export function routeHash(route: Route): string {
  switch (route.view) {
    case 'portfolio':
      return '#/portfolio';
    case 'settings':
      return '#/settings';
    case 'alerts':
      return route.alertId === null ? '#/alerts' : `#/alerts/${route.alertId}`;
    case 'app':
      return `#/apps/${route.id}/${route.tab}`;
  }
}

class Router {
  current = $state<Route>(parseRoute(window.location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.current = parseRoute(window.location.hash);
    });
  }

  go(route: Route): void {
    this.current = route;
    const hash = routeHash(route);
    if (window.location.hash !== hash) window.location.hash = hash;
  }
}

export const router = new Router();
