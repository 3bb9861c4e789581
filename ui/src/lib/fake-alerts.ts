// Sample alerts for component tests, shaped like what the shell answers on 2026-12-03 for the
// demo portfolio: Site Diary (id 5) with a sunset countdown, a surge held by quiet hours, an
// old connection problem (history) and a muted drop; Punch Sync (id 7) with a summary.
import type { Alert, AlertChart, AlertSettings, SurgeWatch } from '../ipc';

/** Local times, so the wording tests read the same in every time zone. */
export const NOTIFIED_AT = new Date(2026, 11, 3, 9, 12).getTime();
export const SUMMARY_AT = new Date(2026, 11, 2, 18, 40).getTime();

function alert(overrides: Partial<Alert> & Pick<Alert, 'id' | 'appId' | 'kind' | 'day' | 'title' | 'body' | 'createdAt'>): Alert {
  return {
    identity: `${overrides.kind}:${overrides.id}`,
    severity: 'warning',
    state: 'new',
    delivery: 'notified',
    notifiedAt: null,
    ...overrides,
  };
}

/** Oldest first, as the store recorded them (the inbox sorts newest first itself). */
export function sampleAlerts(): Alert[] {
  return [
    alert({
      id: 38,
      appId: 5,
      kind: 'connection',
      day: '2026-11-20',
      severity: 'warning',
      title: 'Site Diary has not synced for 2 days',
      body: 'Procore refused the stored credentials on every sync since 2026-11-18. Reconnect the account on the Metrics tab.',
      state: 'seen',
      delivery: 'history',
      createdAt: new Date(2026, 10, 28, 8, 0).getTime(),
    }),
    alert({
      id: 39,
      appId: 7,
      kind: 'surge',
      day: '2026-12-02',
      severity: 'warning',
      title: 'Punch Sync: 9 uninstalls on 2026-12-02',
      body: 'Usually 1 a day over the last 4 weeks. Most came from Granite Builders and Summit Builders.',
      delivery: 'digest',
      notifiedAt: SUMMARY_AT,
      createdAt: new Date(2026, 11, 2, 18, 30).getTime(),
    }),
    alert({
      id: 40,
      appId: 5,
      kind: 'drop',
      day: '2026-12-02',
      severity: 'info',
      title: 'Site Diary: installs fell to 2 last week',
      body: 'Down from 11 the week before. Marketplace views were steady, so the listing is still seen.',
      delivery: 'muted',
      createdAt: new Date(2026, 11, 3, 7, 5).getTime(),
    }),
    alert({
      id: 41,
      appId: 5,
      kind: 'deprecation',
      day: '2026-12-03',
      severity: 'critical',
      title: 'GET /rest/v1.0/projects/{project_id}/rfis sunsets in 41 days',
      body: 'Procore moved its sunset earlier, to 2027-01-13. Site Diary called it 1,284 times in the last 30 days. Use GET /rest/v1.1/projects/{project_id}/rfis instead.',
      delivery: 'notified',
      notifiedAt: NOTIFIED_AT,
      createdAt: new Date(2026, 11, 3, 9, 11).getTime(),
    }),
    alert({
      id: 42,
      appId: 5,
      kind: 'surge',
      day: '2026-12-03',
      severity: 'critical',
      title: 'Site Diary: 14 uninstalls today',
      body: 'Usually 2 a day over the last 4 weeks. 9 came from one company, Granite Builders.',
      delivery: 'held',
      createdAt: new Date(2026, 11, 3, 23, 20).getTime(),
    }),
  ];
}

export function sampleAlertSettings(): AlertSettings {
  return {
    quietHours: { startMinute: 22 * 60, endMinute: 7 * 60 },
    snoozedUntil: null,
    mutes: [{ appId: 5, kind: 'drop' }],
  };
}

/** The detector's watch over an app: uninstalls watched, installations learning, no views. */
export function sampleSurgeWatch(): SurgeWatch[] {
  return [
    { metric: 'uninstalls', rises: true, state: 'watching', learningUntil: null, levelPerDay: 1.2, minDetectableWeek: 6, lowVolume: false, lastFinal: '2026-12-01' },
    { metric: 'installs', rises: false, state: 'learning', learningUntil: '2027-03-14', levelPerDay: null, minDetectableWeek: null, lowVolume: false, lastFinal: '2026-12-01' },
    { metric: 'views', rises: false, state: 'noData', learningUntil: null, levelPerDay: null, minDetectableWeek: null, lowVolume: false, lastFinal: null },
  ];
}

/** Alert 42's days: two quiet weeks, a missing day, then the surge. */
export function sampleCharts(): Record<number, AlertChart> {
  const days = Array.from({ length: 18 }, (_, i) => {
    const day = new Date(Date.UTC(2026, 10, 16 + i)).toISOString().slice(0, 10);
    const observed = i === 5 ? null : i >= 15 ? 14 : 2;
    return { day, observed, expected: 2 };
  });
  return { 42: { metric: 'uninstalls', episodeStart: '2026-12-01', episodeEnd: '2026-12-03', days } };
}
