// The portfolio as the UI holds it: loaded once, then kept in step with each change the
// shell confirms (the shell's answer, not our guess, is what we show).
import {
  call,
  CommandError,
  takeBootState,
  toCommandError,
  type App,
  type AppInfo,
  type AppSunset,
  type AppPatch,
  type ConnectionOverview,
  type PortfolioTrends,
  type NewApp,
} from '../ipc';
import { LOCALE, lazily } from './locale';
import { addDays, isoDay } from './metrics';

// Everything here is replaced whole with the shell's answer, never changed in place, so the
// state is `raw`: no deep proxies to build around 50 apps before the first paint, and no
// per-property tracking to pay on every read.
export class Portfolio {
  apps = $state.raw<App[]>([]);
  info = $state.raw<AppInfo | null>(null);
  loaded = $state(false);
  loadError = $state.raw<CommandError | null>(null);
  /** Procore connection states by app id; apps not in it are not connected. */
  connections = $state.raw<Partial<Record<number, ConnectionOverview>>>({});

  get demoMode(): boolean {
    return this.info?.demoMode ?? false;
  }

  /** Takes the data the shell handed over at start-up; true when there was some. */
  hydrate(): boolean {
    const boot = takeBootState();
    if (!boot) return false;
    this.info = boot.info;
    this.apps = boot.apps;
    this.loadError = null;
    this.loaded = true;
    return true;
  }

  async load(): Promise<void> {
    try {
      const [info, apps] = await Promise.all([call('app_info'), call('list_apps')]);
      this.info = info;
      this.apps = apps;
      this.loadError = null;
    } catch (error) {
      this.loadError = toCommandError(error);
    } finally {
      this.loaded = true;
    }
  }

  /** The last 90 days by week, across the portfolio and per app (from the store, offline). */
  trends = $state.raw<PortfolioTrends | null>(null);

  async loadTrends(today = isoDay(Date.now())): Promise<void> {
    const from = addDays(today, -89);
    try {
      this.trends = await call('portfolio_trends', { from, to: today, by: 'week' });
    } catch {
      // The overview is a summary; the app pages show their own errors.
    }
  }

  /** Reads the connection states again; a failure keeps the ones shown. */
  async loadConnections(): Promise<void> {
    try {
      const list = await call('portfolio_connections');
      this.connections = Object.fromEntries(list.map((c) => [c.appId, c]));
    } catch {
      // The Portfolio still works without them; the app page shows the error in full.
    }
  }

  /**
   * The nearest sunset among the routes each app uses, by app id; null until the store has
   * answered (the Portfolio shows dashes in the cells' place until then).
   */
  sunsets = $state.raw<Partial<Record<number, AppSunset>> | null>(null);

  async loadSunsets(): Promise<void> {
    try {
      const list = await call('portfolio_sunsets');
      this.sunsets = Object.fromEntries(list.map((s) => [s.appId, s]));
    } catch {
      // A summary like the trends: the Deprecations tab shows its own errors.
    }
  }

  /** True when the last sync of some connected app could not reach Procore. */
  get offline(): boolean {
    return Object.values(this.connections).some((c) => c?.lastError?.code === 'Offline');
  }

  find(id: number): App | undefined {
    return this.apps.find((a) => a.id === id);
  }

  async add(app: NewApp): Promise<App> {
    const added = await call('add_app', { app });
    this.apps = sortApps([...this.apps, added]);
    return added;
  }

  async update(id: number, patch: AppPatch): Promise<App> {
    const updated = await call('update_app', { id, patch });
    this.apps = sortApps(this.apps.map((a) => (a.id === id ? updated : a)));
    return updated;
  }

  async remove(id: number): Promise<void> {
    await call('remove_app', { id });
    this.apps = this.apps.filter((a) => a.id !== id);
  }

  async removeDemoData(): Promise<number> {
    const removed = await call('remove_demo_data');
    this.apps = this.apps.filter((a) => !a.demo);
    if (this.info) this.info = { ...this.info, demoMode: false };
    return removed;
  }
}

const collator = lazily(() => new Intl.Collator(LOCALE, { sensitivity: 'base' }));

/** The store's order: the partner's apps before demo apps, then by name, then by id. */
export function sortApps(apps: App[]): App[] {
  return [...apps].sort(
    (a, b) =>
      Number(a.demo) - Number(b.demo) ||
      collator().compare(a.displayName, b.displayName) ||
      a.id - b.id,
  );
}

export const portfolio = new Portfolio();
