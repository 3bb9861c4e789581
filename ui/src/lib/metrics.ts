// Pure helpers of the metrics views: ranges, chart series, CSV export. No IPC here, so they
// are tested on their own.
import type { Granularity, MetricSource, Totals, TrendMetric, TrendPoint } from '../ipc';
import { LOCALE, lazily } from './locale';

export type Preset = '7d' | '30d' | '90d' | '1y' | 'all' | 'custom';

export const PRESETS: readonly { id: Preset; label: string }[] = [
  { id: '7d', label: '7 days' },
  { id: '30d', label: '30 days' },
  { id: '90d', label: '90 days' },
  { id: '1y', label: '1 year' },
  { id: 'all', label: 'All' },
  { id: 'custom', label: 'Custom' },
];

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a UTC day. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Milliseconds at the start of a `YYYY-MM-DD` day, UTC. */
export function dayMs(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`);
}

export function addDays(iso: string, days: number): string {
  return isoDay(dayMs(iso) + days * DAY_MS);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((dayMs(to) - dayMs(from)) / DAY_MS) + 1;
}

/**
 * The range a preset stands for, ending `today`; `all` spans the data (`span`), or the last
 * year when there is none.
 */
export function presetRange(preset: Exclude<Preset, 'custom'>, today: string, span: [string, string] | null): { from: string; to: string } {
  const back = { '7d': 7, '30d': 30, '90d': 90, '1y': 365 } as const;
  if (preset === 'all') {
    if (!span) return { from: addDays(today, -364), to: today };
    return { from: span[0], to: span[1] > today ? span[1] : today };
  }
  return { from: addDays(today, -(back[preset] - 1)), to: today };
}

/** A bucket size that keeps a chart readable: days up to a quarter, weeks up to three years. */
export function suggestedGranularity(from: string, to: string): Granularity {
  const days = daysBetween(from, to);
  if (days <= 120) return 'day';
  if (days <= 3 * 366) return 'week';
  return 'month';
}

/** What the chart shows, in the partner's words. */
export type ChartView = 'installs' | 'net' | 'active' | 'conversion' | 'views';

export const CHART_VIEWS: readonly { id: ChartView; label: string; metrics: TrendMetric[] }[] = [
  { id: 'installs', label: 'Installations vs uninstalls', metrics: ['installs', 'uninstalls'] },
  { id: 'net', label: 'Net installations', metrics: ['net'] },
  { id: 'active', label: 'Active installations', metrics: ['active'] },
  { id: 'conversion', label: 'Conversion', metrics: ['conversion'] },
  { id: 'views', label: 'Listing views', metrics: ['views'] },
];

export const METRIC_LABELS: Record<TrendMetric, string> = {
  views: 'Listing views',
  installs: 'Installations',
  uninstalls: 'Uninstalls',
  net: 'Net installations',
  active: 'Active installations',
  conversion: 'Conversion',
};

export function pointValue(point: TrendPoint, metric: TrendMetric): number | null {
  switch (metric) {
    case 'views':
      return point.views;
    case 'installs':
      return point.installs;
    case 'uninstalls':
      return point.uninstalls;
    case 'net':
      return point.net;
    case 'active':
      return point.active;
    case 'conversion':
      return point.conversion;
  }
}

export function totalValue(totals: Totals, metric: TrendMetric): number | null {
  switch (metric) {
    case 'views':
      return totals.views;
    case 'installs':
      return totals.installs;
    case 'uninstalls':
      return totals.uninstalls;
    case 'net':
      return totals.net;
    case 'active':
      return totals.activeAtEnd;
    case 'conversion':
      return totals.conversion;
  }
}

/** Relative change from `before` to `now`; null when there is nothing to compare with. */
export function change(now: number | null, before: number | null): number | null {
  if (now === null || before === null || before === 0) return null;
  return (now - before) / Math.abs(before);
}

const integer = lazily(() => new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 }));
const percent = lazily(() => new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 2 }));

/**
 * Whether a rise in `metric` is good news (1) or bad (-1): more installations, views or
 * conversion is good; more uninstalls is not.
 */
function goodDirection(metric: TrendMetric): 1 | -1 {
  return metric === 'uninstalls' ? -1 : 1;
}

/** The class that colours a change in `metric` (theme.css): good news, bad news, or none. */
export function changeTone(metric: TrendMetric, delta: number | null): 'tone-good' | 'tone-bad' | '' {
  if (delta === null || delta === 0) return '';
  return delta * goodDirection(metric) > 0 ? 'tone-good' : 'tone-bad';
}

/** A relative change with its sign, as a percentage: "+2%", "-25.0%". */
export function formatChange(delta: number, fractionDigits = 0): string {
  return `${delta > 0 ? '+' : ''}${(delta * 100).toFixed(fractionDigits)}%`;
}

/** A count for reading ("1,204"), in the partner's locale. */
export function formatCount(value: number): string {
  return integer().format(value);
}

/** A net change with its sign: "+86", "-12", "0". */
export function formatNet(value: number): string {
  return value > 0 ? `+${integer().format(value)}` : integer().format(value);
}

export function formatValue(metric: TrendMetric, value: number | null): string {
  if (value === null) return '–';
  return metric === 'conversion' ? percent().format(value) : integer().format(value);
}

export const SOURCE_LABELS: Record<MetricSource, string> = {
  manual: 'entered by hand',
  csv: 'portal CSV',
  rest: 'Procore REST snapshots',
};

export function sourcesText(sources: MetricSource[]): string {
  return sources.length === 0 ? 'no data' : sources.map((s) => SOURCE_LABELS[s]).join(', ');
}

/** A CSV cell, quoted when needed; a leading formula character is neutralised. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The visible series as CSV: one row per bucket, one column per metric, and the sources. */
export function seriesCsv(points: TrendPoint[], metrics: TrendMetric[]): string {
  const header = ['Bucket start', ...metrics.map((m) => METRIC_LABELS[m]), 'Sources'];
  const rows = points.map((p) => [
    p.start,
    ...metrics.map((m) => {
      const v = pointValue(p, m);
      return v === null ? '' : String(v);
    }),
    sourcesText(p.sources),
  ]);
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
