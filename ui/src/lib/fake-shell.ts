// An in-memory stand-in for the shell's portfolio commands, following the contract, for
// component tests. The real rules live in Rust; this applies only the ones the tests exercise.
import {
  DISPLAY_NAME_MAX_CHARS,
  type Alert,
  type AlertChart,
  type AlertSettings,
  type Annotation,
  type App,
  type AppDeprecations,
  type AppInstallations,
  type ConnectionOverview,
  type DesktopSettings,
  type SetDesktopSettingsArgs,
  type ScanFolderArgs,
  type SetAlertStateArgs,
  type SetMuteArgs,
  type SetQuietHoursArgs,
  type SnoozeArgs,
  type SurgeWatch,
  type Trend,
  type TrendQuery,
} from '../ipc';
import { mockCommands } from '../ipc/mock';
import { sampleAlerts, sampleAlertSettings, sampleCharts, sampleSurgeWatch } from './fake-alerts';
import { byUrgency, CHECKED_AT, sampleDeprecations, scannedRoute, sunsetOf } from './fake-deprecations';
import { versionHandlers, versionsState } from './fake-versions';

export function fakeShell(initial: App[] = [], demoMode = false, connections: ConnectionOverview[] = []) {
  const apps = [...initial];
  let next = 100;
  const calls: string[] = [];
  const saved: string[] = [];
  const trendQueries: TrendQuery[] = [];
  const annotations: Annotation[] = [
    { id: 1, appId: 5, day: '2026-03-10', kind: 'release', text: 'v2.0 promoted', createdAt: 0 },
  ];
  let approve: (value: AppInstallations) => void = () => undefined;
  const browserApproval = new Promise<AppInstallations>((resolve) => (approve = resolve));
  // The deprecation watch: one view answered for every app (tests set `view`, `offline`,
  // `picked`); the Portfolio's first app is the one that uses these routes.
  const watch = {
    view: sampleDeprecations() as AppDeprecations,
    offline: false,
    picked: '/home/partner/code/punch-sync' as string | null,
    noPicker: false,
    scans: [] as ScanFolderArgs[],
  };
  // The alerts inbox and its settings (tests set `list`, `settings`, `failing`; they read the
  // arguments each command was called with).
  const alerts = {
    list: sampleAlerts() as Alert[],
    settings: sampleAlertSettings() as AlertSettings,
    failing: false,
    states: [] as SetAlertStateArgs[],
    mutes: [] as SetMuteArgs[],
    quietHours: [] as SetQuietHoursArgs[],
    snoozes: [] as SnoozeArgs[],
    watch: sampleSurgeWatch() as SurgeWatch[],
    charts: sampleCharts() as Record<number, AlertChart>,
  };
  // The desktop card: tests set `settings` (the tray's state) and read what was asked.
  const desktop = {
    settings: { closeToTray: true, tray: 'shown', startAtLogin: false, startAtLoginSupported: true } as DesktopSettings,
    changes: [] as SetDesktopSettingsArgs[],
  };
  // Versions and the listing: tests set `versions.versions`, `versions.changes` and read what
  // was created, recorded and saved.
  const versions = versionsState();
  mockCommands({
    ...versionHandlers(versions, apps),
    desktop_settings: () => desktop.settings,
    set_desktop_settings: (args) => {
      desktop.changes.push(args);
      desktop.settings = {
        ...desktop.settings,
        closeToTray: args.closeToTray ?? desktop.settings.closeToTray,
        startAtLogin: args.startAtLogin ?? desktop.settings.startAtLogin,
      };
      return desktop.settings;
    },
    list_alerts: ({ appId, includeDismissed }) => {
      if (alerts.failing) throw { code: 'Internal', message: 'The alerts could not be read: database is locked.' };
      const mine = alerts.list.filter((a) => appId === null || a.appId === appId);
      return {
        alerts: mine
          .filter((a) => includeDismissed || a.state !== 'dismissed')
          .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id),
        unseen: mine.filter((a) => a.state === 'new').length,
      };
    },
    set_alert_state: (args) => {
      alerts.states.push(args);
      const index = alerts.list.findIndex((a) => a.id === args.id);
      const current = alerts.list[index];
      if (!current) throw { code: 'NotFound', message: 'This alert is no longer in the inbox.' };
      alerts.list[index] = { ...current, state: args.state };
      return null;
    },
    alert_settings: () => alerts.settings,
    surge_watch: () => alerts.watch,
    alert_chart: ({ id }) => alerts.charts[id] ?? null,
    set_alert_mute: (args) => {
      alerts.mutes.push(args);
      const same = (m: AlertSettings['mutes'][number]) => m.appId === args.mute.appId && m.kind === args.mute.kind;
      const others = alerts.settings.mutes.filter((m) => !same(m));
      alerts.settings = { ...alerts.settings, mutes: args.muted ? [...others, args.mute] : others };
      return alerts.settings;
    },
    set_quiet_hours: (args) => {
      alerts.quietHours.push(args);
      alerts.settings = { ...alerts.settings, quietHours: args.hours };
      return alerts.settings;
    },
    snooze_alerts: (args) => {
      alerts.snoozes.push(args);
      alerts.settings = { ...alerts.settings, snoozedUntil: args.until };
      return alerts.settings;
    },
    app_info: () => ({ version: '0.1.0', databasePath: '/tmp/p.sqlite3', logDir: '/tmp', demoMode }),
    list_apps: () => [...apps],
    add_app: ({ app }) => {
      calls.push('add_app');
      const name = app.displayName.trim();
      if ([...name].length > DISPLAY_NAME_MAX_CHARS) {
        throw { code: 'Invalid', message: `The app name is ${[...name].length} characters long; the limit is ${DISPLAY_NAME_MAX_CHARS}. Shorten it.` };
      }
      const added: App = { ...app, displayName: name, id: next++, demo: false, createdAt: 0, updatedAt: 0, distribution: 'marketplace' };
      apps.push(added);
      return added;
    },
    update_app: ({ id, patch }) => {
      calls.push('update_app');
      const index = apps.findIndex((a) => a.id === id);
      const current = apps[index];
      if (!current) throw { code: 'NotFound', message: 'gone' };
      const updated = { ...current, ...patch };
      apps[index] = updated;
      return updated;
    },
    remove_app: ({ id }) => {
      calls.push('remove_app');
      apps.splice(apps.findIndex((a) => a.id === id), 1);
      return null;
    },
    remove_demo_data: () => {
      calls.push('remove_demo_data');
      return 0;
    },
    mark_first_paint: () => null,
    portfolio_connections: () => [...connections],
    portfolio_trends: () => ({
      total: trend,
      apps: apps.map((a, i) => ({ appId: a.id, net: i === 0 ? [3, -2, null] : [null, null, null], installs: i === 0 ? 5 : 0, uninstalls: i === 0 ? 4 : 0, active: 11 })),
    }),
    metrics_trend: ({ query }) => {
      trendQueries.push(query);
      return { trend: { ...trend, query }, annotations: [...annotations] };
    },
    remove_annotation: ({ id }) => {
      calls.push('remove_annotation');
      annotations.splice(annotations.findIndex((a) => a.id === id), 1);
      return null;
    },
    save_export: (bytes) => {
      saved.push(new TextDecoder().decode(bytes));
      return '/home/partner/Downloads/export.csv';
    },
    connect_account: ({ clientSecret }) => {
      calls.push('connect_account');
      if (clientSecret !== 'right') throw { code: 'Unauthorized', message: 'The client id or secret was refused by Procore.' };
      return {
        connected: true,
        grant: 'clientCredentials',
        lastSyncAt: 1_700_000_000_000,
        lastError: null,
        rate: null,
        companies: [{ companyId: 1, name: 'Summit Builders', isActive: true, since: 1 }],
        recentEvents: [],
        baseline: null,
      };
    },
    begin_sign_in: ({ method }) => {
      calls.push(`begin_sign_in:${method}`);
      return { authorizationUrl: 'http://127.0.0.1:1/oauth/authorize?client_id=cid', browserOpened: method === 'browser' };
    },
    finish_sign_in: ({ code }) => {
      calls.push(code === null ? 'finish_sign_in:browser' : 'finish_sign_in');
      // The browser variant: the shell waits until the partner approves (or the test cancels).
      if (code === null) return browserApproval;
      if (code !== 'good-code') throw { code: 'Unauthorized', message: 'Procore no longer accepts this sign-in. Sign in again.' };
      return { connected: true, grant: 'authorizationCode', lastSyncAt: null, lastError: null, rate: null, companies: [], recentEvents: [], baseline: null };
    },
    cancel_sign_in: () => {
      calls.push('cancel_sign_in');
      return null;
    },
    app_deprecations: ({ id }) => ({ ...watch.view, appId: id }),
    check_reference: ({ id }) => {
      calls.push('check_reference');
      if (watch.offline) {
        throw { code: 'Offline', message: 'Procore’s documentation site could not be reached. Check the network connection and try again.' };
      }
      watch.view = { ...watch.view, references: watch.view.references.map((r) => ({ ...r, checkedAt: CHECKED_AT })) };
      return {
        summary: ['OpenAPI reference: no change since the last check.', 'Resource reference: 1187 operations, 12 deprecated; 1 date change.'],
        deprecations: { ...watch.view, appId: id },
      };
    },
    pick_folder: () => {
      calls.push('pick_folder');
      if (watch.noPicker) throw { code: 'Invalid', message: 'This desktop has no folder picker: type or paste the folder’s path instead.' };
      return watch.picked;
    },
    scan_folder: (args) => {
      calls.push('scan_folder');
      watch.scans.push(args);
      const path = args.path.trim();
      if (!path.startsWith('/')) {
        throw { code: 'Invalid', message: `“${path}” is not a full path: start it with / (for example /home/you/code/app).` };
      }
      const root = path.replace(/(.)\/+$/, '$1');
      const added = scannedRoute(root);
      watch.view = {
        ...watch.view,
        routes: byUrgency([...watch.view.routes.filter((r) => r.route !== added.route), added]),
        scans: [...watch.view.scans.filter((s) => s.root !== root), { root, scannedAt: CHECKED_AT, filesScanned: 38 }],
      };
      return { ...watch.view, appId: args.id };
    },
    portfolio_sunsets: () => apps.map((a, i) => sunsetOf(a.id, i === 0 ? watch.view : null)),
    app_installations: ({ id }) => ({
      connected: id === 5,
      grant: id === 5 ? 'clientCredentials' : null,
      lastSyncAt: id === 5 ? 1_700_000_000_000 : null,
      lastError: null,
      rate: id === 5 ? { limit: 3600, remaining: 3599, reset: 1_700_000_360_000 } : null,
      companies: id === 5 ? [{ companyId: 9, name: 'Granite Builders', isActive: true, since: 1 }] : [],
      recentEvents:
        id === 5
          ? [{ id: 1, appId: 5, companyId: 9, companyName: 'Granite Builders', kind: 'install', baseline: false, at: 1_700_000_000_000 }]
          : [],
      baseline: id === 5 ? { companies: 12, at: 1_699_000_000_000 } : null,
    }),
  });
  const approveBrowserSignIn = () =>
    approve({ connected: true, grant: 'authorizationCode', lastSyncAt: null, lastError: null, rate: null, companies: [], recentEvents: [], baseline: null });
  return { apps, calls, saved, trendQueries, approveBrowserSignIn, watch, alerts, desktop, versions };
}

export function sampleApp(overrides: Partial<App> = {}): App {
  return {
    id: 1,
    displayName: 'Site Diary',
    procoreAppId: null,
    clientId: null,
    environment: 'production',
    role: 'Owner',
    demo: false,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    distribution: 'marketplace',
    ...overrides,
  };
}

/** A small trend: two days of CSV numbers, one gap. */
export const trend: Trend = {
  query: { scope: { kind: 'app', id: 5 }, from: '2026-03-09', to: '2026-03-11', by: 'day' },
  points: [
    { start: '2026-03-09', views: 200, installs: 4, uninstalls: 1, net: 3, active: 13, conversion: 0.02, sources: ['csv'] },
    { start: '2026-03-10', views: 50, installs: 1, uninstalls: 3, net: -2, active: 11, conversion: 0.02, sources: ['csv'] },
    { start: '2026-03-11', views: null, installs: null, uninstalls: null, net: null, active: 11, conversion: null, sources: [] },
  ],
  totals: { views: 250, installs: 5, uninstalls: 4, net: 1, activeAtEnd: 11, conversion: 0.02 },
  previous: { views: 100, installs: 10, uninstalls: 0, net: 10, activeAtEnd: 10, conversion: 0.1 },
  span: ['2026-03-01', '2026-03-10'],
  asOf: 1_700_000_000_000,
  sources: ['csv'],
};
