// Sample deprecation-watch data for component tests, shaped like what the shell answers for a
// demo app on 2026-12-03: one route past its sunset and still called, one whose sunset Procore
// moved earlier, a deprecation without a date, a route the reference does not know, and two
// active ones, with fourteen days of API health and the watch's events.
import type { AppDeprecations, AppSunset, HealthDaySummary, RouteExposure } from '../ipc';

export const TODAY = '2026-12-03';
/** When the revision that moved the RFIs sunset earlier was accepted. */
export const SEEN_EARLIER = Date.UTC(2026, 11, 3, 9, 30);
export const SCANNED_ROOT = '/home/partner/code/site-diary';
/** When "Check now" found the reference current. */
export const CHECKED_AT = Date.UTC(2026, 11, 4, 8, 15);

const at = (day: string) => Date.parse(`${day}T09:30:00Z`);

/** 30 days of calls, oldest first, from a repeating weekly shape (quiet weekends). */
function daily(perWeekday: number, lastDay = 29): number[] {
  return Array.from({ length: 30 }, (_, i) => (i > lastDay ? 0 : i % 7 === 5 || i % 7 === 6 ? Math.round(perWeekday / 8) : perWeekday + (i % 3)));
}

function route(overrides: Partial<RouteExposure> & Pick<RouteExposure, 'method' | 'path' | 'route' | 'status'>): RouteExposure {
  return {
    summary: null,
    deprecatedAt: null,
    sunset: null,
    daysLeft: null,
    history: [],
    calls30d: 0,
    lastCalled: null,
    dailyCalls: [],
    seenIn: [],
    link: null,
    replacement: null,
    ...overrides,
  };
}

const scanned = (file: string, line: number, methodGuessed = false) => ({
  source: 'scan' as const,
  file,
  line,
  calls: null,
  lastCalled: null,
  root: SCANNED_ROOT,
  methodGuessed,
});

const activity = (calls: number, lastCalled: string) => ({
  source: 'activity' as const,
  file: null,
  line: null,
  calls,
  lastCalled,
  root: null,
  methodGuessed: false,
});

function submittalsDaily(): number[] {
  // Called until 2026-11-29 (index 26), eight days after its sunset on 2026-11-21.
  return daily(2, 26);
}

export function sampleRoutes(): RouteExposure[] {
  const submittals = submittalsDaily();
  const rfis = daily(52, 28);
  const companies = daily(90);
  return [
    route({
      method: 'GET',
      path: '/rest/v1.0/projects/{project_id}/submittals',
      route: 'GET /rest/v1.0/projects/{}/submittals',
      status: 'sunset',
      summary: 'List Submittals',
      deprecatedAt: '2026-05-01',
      sunset: '2026-11-21',
      daysLeft: -12,
      history: [
        { change: 'deprecated', before: null, after: '2026-05-01', seenAt: at('2026-05-04') },
        { change: 'sunset_announced', before: null, after: '2026-11-21', seenAt: at('2026-06-10') },
      ],
      calls30d: submittals.reduce((a, b) => a + b, 0),
      lastCalled: '2026-11-29',
      dailyCalls: submittals,
      seenIn: [activity(submittals.reduce((a, b) => a + b, 0), '2026-11-29'), scanned('src/submittals.ts', 88)],
      link: 'https://developers.procore.com/reference/rest/submittals?version=1.0',
      replacement: 'GET /rest/v2.0/companies/{company_id}/projects/{project_id}/submittals',
    }),
    route({
      method: 'GET',
      path: '/rest/v1.0/projects/{project_id}/rfis',
      route: 'GET /rest/v1.0/projects/{}/rfis',
      status: 'deprecated',
      summary: 'List RFIs',
      deprecatedAt: '2026-09-15',
      sunset: '2027-01-13',
      daysLeft: 41,
      history: [
        { change: 'deprecated', before: null, after: '2026-09-15', seenAt: at('2026-09-16') },
        { change: 'sunset_announced', before: null, after: '2027-03-01', seenAt: at('2026-09-16') },
        { change: 'sunset_earlier', before: '2027-03-01', after: '2027-01-13', seenAt: SEEN_EARLIER },
      ],
      calls30d: rfis.reduce((a, b) => a + b, 0),
      lastCalled: '2026-12-02',
      dailyCalls: rfis,
      seenIn: [
        activity(rfis.reduce((a, b) => a + b, 0), '2026-12-02'),
        { source: 'headers', file: null, line: null, calls: null, lastCalled: null, root: null, methodGuessed: false },
        scanned('src/rfis.ts', 12),
      ],
      link: 'https://developers.procore.com/reference/rest/rfis?version=1.0',
      replacement: 'GET /rest/v1.1/projects/{project_id}/rfis',
    }),
    route({
      method: 'GET',
      path: '/rest/v1.0/companies/{company_id}/vendors',
      route: 'GET /rest/v1.0/companies/{}/vendors',
      status: 'deprecated',
      summary: 'List Company Vendors',
      deprecatedAt: '2026-10-01',
      history: [{ change: 'deprecated', before: null, after: '2026-10-01', seenAt: at('2026-10-02') }],
      seenIn: [scanned('src/vendors.ts', 40, true)],
    }),
    route({
      method: 'GET',
      path: '/rest/v1.0/projects/{}/custom_reports',
      route: 'GET /rest/v1.0/projects/{}/custom_reports',
      status: 'unknown',
      calls30d: 6,
      lastCalled: '2026-11-30',
      dailyCalls: Array.from({ length: 30 }, (_, i) => (i === 27 ? 6 : 0)),
      seenIn: [activity(6, '2026-11-30')],
    }),
    route({
      method: 'GET',
      path: '/rest/v1.0/companies',
      route: 'GET /rest/v1.0/companies',
      status: 'active',
      summary: 'List Companies',
      calls30d: companies.reduce((a, b) => a + b, 0),
      lastCalled: TODAY,
      dailyCalls: companies,
      seenIn: [activity(companies.reduce((a, b) => a + b, 0), TODAY), scanned('src/companies.ts', 5)],
    }),
    route({
      method: 'GET',
      path: '/rest/v1.0/me',
      route: 'GET /rest/v1.0/me',
      status: 'active',
      summary: 'Show user info',
      seenIn: [scanned('src/auth.ts', 21)],
    }),
  ];
}

function healthDays(): HealthDaySummary[] {
  return Array.from({ length: 14 }, (_, i) => {
    const day = new Date(Date.UTC(2026, 10, 20 + i)).toISOString().slice(0, 10);
    const weekend = i % 7 === 1 || i % 7 === 2;
    return {
      day,
      calls: weekend ? 21 : 148 + i,
      unauthorized: i === 4 ? 2 : 0,
      forbidden: 0,
      notFound: day === '2026-11-30' ? 6 : 0,
      rateLimited: i === 9 ? 3 : 0,
      deprecatedCalls: weekend ? 7 : 54,
    };
  });
}

export function sampleDeprecations(appId = 5): AppDeprecations {
  return {
    appId,
    today: TODAY,
    routes: sampleRoutes(),
    references: [
      {
        id: 3,
        kind: 'openApi',
        source: 'https://developers.procore.com/api/v1/resource_groups/full_oas?version=1',
        sha256: '9f2c6a0e',
        etag: 'W/"oas-2026-12-03"',
        lastModified: null,
        version: '2026.12.1',
        operations: 1953,
        deprecated: 38,
        acceptedAt: SEEN_EARLIER,
        checkedAt: SEEN_EARLIER,
      },
      {
        id: 2,
        kind: 'legacy',
        source: 'https://developers.procore.com/api/v1/resource_groups?version=rest_v1',
        sha256: '41be07d3',
        etag: null,
        lastModified: 'Tue, 01 Dec 2026 06:00:00 GMT',
        version: null,
        operations: 1186,
        deprecated: 11,
        acceptedAt: at('2026-12-01'),
        checkedAt: SEEN_EARLIER,
      },
    ],
    scans: [{ root: SCANNED_ROOT, scannedAt: at('2026-12-01'), filesScanned: 214 }],
    health: {
      from: '2026-11-20',
      to: TODAY,
      days: healthDays(),
      routes: [
        { method: 'GET', route: '/v1.0/projects/:project_id/rfis', calls: 1290, unauthorized: 2, forbidden: 0, notFound: 0, rateLimited: 3, deprecated: true, dailyErrors: errorsOn([[3, 2], [9, 3]]) },
        { method: 'GET', route: '/v1.0/projects/:project_id/custom_reports', calls: 6, unauthorized: 0, forbidden: 0, notFound: 6, rateLimited: 0, deprecated: false, dailyErrors: errorsOn([[11, 6]]) },
        { method: 'GET', route: '/v1.0/companies', calls: 2250, unauthorized: 0, forbidden: 0, notFound: 0, rateLimited: 0, deprecated: false, dailyErrors: errorsOn([]) },
      ],
    },
    events: [
      {
        id: 3,
        appId,
        kind: 'sunset_earlier',
        route: 'GET /rest/v1.0/projects/{}/rfis',
        key: 'sunset_earlier:2027-01-13:GET /rest/v1.0/projects/{}/rfis',
        day: TODAY,
        milestone: null,
        sunset: '2027-01-13',
        message: 'Procore moved the sunset of GET /rest/v1.0/projects/{project_id}/rfis earlier, from 2027-03-01 to 2027-01-13.',
        recordedAt: SEEN_EARLIER,
      },
      {
        id: 2,
        appId,
        kind: 'calls_after_sunset',
        route: 'GET /rest/v1.0/projects/{}/submittals',
        key: 'calls_after_sunset:2026-11-21:GET /rest/v1.0/projects/{}/submittals',
        day: '2026-11-29',
        milestone: null,
        sunset: '2026-11-21',
        message:
          'This app still called GET /rest/v1.0/projects/{project_id}/submittals on 2026-11-29, after its sunset on 2026-11-21: those calls fail in production.',
        recordedAt: at('2026-11-30'),
      },
      {
        id: 1,
        appId,
        kind: 'sunset_milestone',
        route: 'GET /rest/v1.0/projects/{}/submittals',
        key: 'milestone:7:2026-11-21:GET /rest/v1.0/projects/{}/submittals',
        day: '2026-11-14',
        milestone: 7,
        sunset: '2026-11-21',
        message: 'GET /rest/v1.0/projects/{project_id}/submittals stops working in 7 days, on 2026-11-21.',
        recordedAt: at('2026-11-14'),
      },
    ],
  };
}

/** What a scan of a folder adds: a call to a route deprecated with a sunset in 120 days. */
export function scannedRoute(root: string): RouteExposure {
  return route({
    method: 'DELETE',
    path: '/rest/v1.0/projects/{project_id}/punch_items/{id}',
    route: 'DELETE /rest/v1.0/projects/{}/punch_items/{}',
    status: 'deprecated',
    summary: 'Delete Punch Item',
    deprecatedAt: '2026-08-01',
    sunset: '2027-04-02',
    daysLeft: 120,
    history: [
      { change: 'deprecated', before: null, after: '2026-08-01', seenAt: at('2026-08-03') },
      { change: 'sunset_announced', before: null, after: '2027-04-02', seenAt: at('2026-08-03') },
    ],
    seenIn: [{ source: 'scan', file: 'lib/punch.py', line: 57, calls: null, lastCalled: null, root, methodGuessed: false }],
    replacement: 'DELETE /rest/v1.1/projects/{project_id}/punch_items/{id}',
  });
}

/** The Portfolio's nearest sunset per app, by the shell's rule: the smallest days left wins. */
export function sunsetOf(appId: number, view: AppDeprecations | null): AppSunset {
  const routes = view?.routes ?? [];
  const nearest = routes
    .filter((r) => r.sunset !== null)
    .reduce<RouteExposure | null>((best, r) => (best === null || (r.daysLeft ?? Infinity) < (best.daysLeft ?? Infinity) ? r : best), null);
  return {
    appId,
    route: nearest ? `${nearest.method} ${nearest.path}` : null,
    sunset: nearest?.sunset ?? null,
    daysLeft: nearest?.daysLeft ?? null,
    status: nearest?.status ?? null,
    deprecatedRoutes: routes.filter((r) => r.status === 'deprecated' || r.status === 'sunset').length,
    unknownRoutes: routes.filter((r) => r.status === 'unknown').length,
  };
}

/** An app the watch knows nothing about yet: no activity imported, no folder scanned. */
export function emptyDeprecations(appId = 5): AppDeprecations {
  return { ...sampleDeprecations(appId), routes: [], scans: [], health: null, events: [] };
}

/** The shell's order: past sunsets, then the nearest sunsets, deprecations, unknown, active. */
/** Fourteen days of errors, zero but for the `[day index, count]` pairs given. */
function errorsOn(days: [number, number][]): number[] {
  const out = Array.from({ length: 14 }, () => 0);
  for (const [i, n] of days) out[i] = n;
  return out;
}

export function byUrgency(routes: RouteExposure[]): RouteExposure[] {
  const rank = (r: RouteExposure) =>
    r.status === 'sunset' ? 0
    : r.status === 'deprecated' ? (r.daysLeft !== null ? 1 : 2)
    : r.status === 'unknown' ? (r.daysLeft !== null ? 1 : 3)
    : 4;
  return [...routes].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.daysLeft ?? Number.MAX_SAFE_INTEGER) - (b.daysLeft ?? Number.MAX_SAFE_INTEGER) ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      (a.method < b.method ? -1 : a.method > b.method ? 1 : 0),
  );
}
