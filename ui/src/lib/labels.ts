import type { Environment, Role } from '../ipc';
import { LOCALE, lazily } from './locale';
import { formatCount } from './metrics';

export const ENVIRONMENTS: readonly { value: Environment; label: string }[] = [
  { value: 'production', label: 'Production' },
  { value: 'developerSandbox', label: 'Developer Sandbox' },
  { value: 'monthlySandbox', label: 'Monthly Sandbox' },
  { value: 'federal', label: 'Federal (FedRAMP)' },
];

export const ROLES: readonly { value: Role; label: string; hint: string }[] = [
  { value: 'Owner', label: 'Owner', hint: 'Everything, including deleting the app' },
  { value: 'Admin', label: 'Admin', hint: 'Versions, listing, settings and collaborators' },
  { value: 'Developer', label: 'Developer', hint: 'Views credentials and manifests only' },
];

export function environmentLabel(env: Environment): string {
  return ENVIRONMENTS.find((e) => e.value === env)?.label ?? env;
}

export function roleLabel(role: Role): string {
  return ROLES.find((r) => r.value === role)?.label ?? role;
}

export function canEditVersionsAndListing(role: Role): boolean {
  return role === 'Owner' || role === 'Admin';
}

const dateFormat = lazily(() => new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium' }));

export function formatDate(unixMillis: number): string {
  return dateFormat().format(new Date(unixMillis));
}

const relative = lazily(() => new Intl.RelativeTimeFormat(LOCALE, { numeric: 'auto' }));

/** "5 minutes ago", "yesterday": how long ago `unixMillis` was, relative to `now`. */
export function formatAgo(unixMillis: number, now = Date.now()): string {
  const seconds = Math.round((unixMillis - now) / 1000);
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['second', 60],
    ['minute', 60],
    ['hour', 24],
    ['day', 30],
    ['month', 12],
  ];
  let value = seconds;
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return unit === 'second' && Math.abs(value) < 45 ? 'just now' : relative().format(value, unit);
    value = Math.round(value / size);
  }
  return relative().format(value, 'year');
}

const dateTimeFormat = lazily(() => new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' }));

export function formatDateTime(unixMillis: number): string {
  return dateTimeFormat().format(new Date(unixMillis));
}

/** "1 day", "41 days": a span of whole days, without its sign. */
export function formatDays(days: number): string {
  const n = Math.abs(days);
  return `${formatCount(n)} ${n === 1 ? 'day' : 'days'}`;
}

/** "Sunset in 41 days", "Sunset today", "Sunset 12 days ago": `daysLeft` is negative once past. */
export function formatSunset(daysLeft: number): string {
  if (daysLeft === 0) return 'Sunset today';
  return daysLeft > 0 ? `Sunset in ${formatDays(daysLeft)}` : `Sunset ${formatDays(daysLeft)} ago`;
}
