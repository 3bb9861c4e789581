// The alerts' words: kinds, severities, what happened to each notification, times of day.
// Pure, so they are tested on their own; kept beside the inbox so they load with it.
import type { Alert, AlertKind, AlertMute, AlertSeverity, DailyMetric, SurgeWatch } from '../../ipc';
import { LOCALE, lazily } from '../../lib/locale';

export const KINDS: readonly { kind: AlertKind; label: string; plural: string }[] = [
  { kind: 'surge', label: 'Uninstall surge', plural: 'Uninstall surges' },
  { kind: 'drop', label: 'Drop', plural: 'Drops in installs or listing views' },
  { kind: 'deprecation', label: 'Deprecation', plural: 'Deprecations and sunsets' },
  { kind: 'connection', label: 'Connection', plural: 'Connection problems' },
];

export function kindLabel(kind: AlertKind): string {
  return KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

export const SEVERITIES: Record<AlertSeverity, string> = {
  info: 'Info',
  warning: 'Warning',
  critical: 'Critical',
};

const notifiedFormat = lazily(
  () => new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
);

/** "Dec 3, 09:12" (in the partner's locale and time zone). */
export function formatMoment(unixMillis: number): string {
  return notifiedFormat().format(new Date(unixMillis));
}

/** Whether, when and how the desktop was told. */
export function deliveryText(alert: Pick<Alert, 'delivery' | 'notifiedAt'>): string {
  switch (alert.delivery) {
    case 'notified':
      return alert.notifiedAt === null ? 'Notified' : `Notified ${formatMoment(alert.notifiedAt)}`;
    case 'digest':
      return 'In a summary';
    case 'history':
      return 'In the inbox only: older than a week';
    case 'muted':
      return 'Muted';
    case 'held':
      return 'Held until quiet hours end';
    case 'pending':
      return 'Not notified yet';
  }
}

/** Newest first: by when the alert was recorded, then by id. */
export function newestFirst(alerts: Alert[]): Alert[] {
  return [...alerts].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
}

/** True when `kind` is muted for `appId`: for that app, or for every app. */
export function isMuted(mutes: AlertMute[], appId: number | null, kind: AlertKind): boolean {
  return mutes.some((m) => (m.appId === null || m.appId === appId) && (m.kind === null || m.kind === kind));
}

/** True when exactly this mute (not a broader one) is set. */
export function hasMute(mutes: AlertMute[], appId: number | null, kind: AlertKind | null): boolean {
  return mutes.some((m) => m.appId === appId && m.kind === kind);
}

/** "22:00" for 1320; the value a time input takes. */
export function minuteToTime(minute: number): string {
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** 1320 for "22:00"; null for anything a time input would not give. */
export function timeToMinute(time: string): number | null {
  const match = /^(\d{2}):(\d{2})/.exec(time);
  if (!match) return null;
  const h = Number(match[1]);
  const m = Number(match[2]);
  return h < 24 && m < 60 ? h * 60 + m : null;
}

/** The next 08:00 local time after `now`: "until tomorrow" morning. */
export function nextMorning(now: number): number {
  const at = new Date(now);
  at.setHours(8, 0, 0, 0);
  if (at.getTime() <= now) at.setDate(at.getDate() + 1);
  return at.getTime();
}

export const METRIC_NAMES: Record<DailyMetric, string> = {
  uninstalls: 'Uninstalls',
  installs: 'Installations',
  views: 'Listing views',
};

const dayFormat = lazily(() => new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'long', timeZone: 'UTC' }));

/** "14 March" for an ISO day (read as a calendar date, in no time zone). */
export function formatDay(day: string): string {
  return dayFormat().format(new Date(`${day}T00:00:00Z`));
}

function perDay(level: number): string {
  return level >= 10 ? `${Math.round(level)}` : level >= 1 ? level.toFixed(1) : level.toFixed(2);
}

/** What the surge detector can say of one metric: "learning until 14 March", "watching: would notice +6 in a week". */
export function watchSentence(w: SurgeWatch): string {
  switch (w.state) {
    case 'noData':
      return 'no days yet: import the portal’s metrics export or connect the app';
    case 'learning':
      return w.learningUntil === null ? 'learning' : `learning until ${formatDay(w.learningUntil)}`;
    case 'watching': {
      const level = w.levelPerDay === null ? '' : ` (about ${perDay(w.levelPerDay)} a day)`;
      if (w.minDetectableWeek === null) {
        return `watching${level}, but too few a day to notice a ${w.rises ? 'rise' : 'fall'}`;
      }
      const change = w.rises ? `+${w.minDetectableWeek}` : `${w.minDetectableWeek} fewer`;
      return `watching: would notice ${change} in a week${level}`;
    }
  }
}
