import { parseRoute, routeHash } from './router.svelte';

describe('routes', () => {
  it('parse and print symmetrically', () => {
    for (const hash of ['#/portfolio', '#/settings', '#/alerts', '#/alerts/41', '#/apps/12/versions']) {
      expect(routeHash(parseRoute(hash))).toBe(hash);
    }
  });

  it('fall back to sensible places', () => {
    expect(parseRoute('')).toEqual({ view: 'portfolio' });
    expect(parseRoute('#/apps/x')).toEqual({ view: 'portfolio' });
    expect(parseRoute('#/alerts/x')).toEqual({ view: 'alerts', alertId: null });
    expect(parseRoute('#/apps/3/nope')).toEqual({ view: 'app', id: 3, tab: 'metrics' });
  });
});
