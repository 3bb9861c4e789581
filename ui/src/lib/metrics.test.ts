import { describe, expect, it } from 'vitest';

import type { TrendPoint } from '../ipc';
import { addDays, change, changeTone, daysBetween, formatChange, formatCount, formatNet, formatValue, presetRange, seriesCsv, suggestedGranularity } from './metrics';

const point = (start: string, installs: number | null, uninstalls: number | null): TrendPoint => ({
  start,
  views: null,
  installs,
  uninstalls,
  net: installs === null ? null : installs - (uninstalls ?? 0),
  active: 10,
  conversion: null,
  sources: installs === null ? [] : ['csv'],
});

describe('metrics helpers', () => {
  it('turns presets into ranges that end today', () => {
    expect(presetRange('7d', '2026-11-28', null)).toEqual({ from: '2026-11-22', to: '2026-11-28' });
    expect(presetRange('1y', '2026-11-28', null).from).toBe('2025-11-29');
    expect(presetRange('all', '2026-11-28', ['2016-01-01', '2026-11-27'])).toEqual({ from: '2016-01-01', to: '2026-11-28' });
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(4);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('suggests buckets that keep a chart readable', () => {
    expect(suggestedGranularity('2026-09-01', '2026-11-28')).toBe('day');
    expect(suggestedGranularity('2025-11-28', '2026-11-28')).toBe('week');
    expect(suggestedGranularity('2016-01-01', '2026-11-28')).toBe('month');
  });

  it('compares with the previous period and formats values', () => {
    expect(change(15, 10)).toBeCloseTo(0.5);
    expect(change(5, 0)).toBeNull();
    expect(formatValue('installs', null)).toBe('–');
    expect(formatValue('conversion', 0.025)).toMatch(/2[.,]5\s?%/);
  });

  it('exports the visible series as CSV with sources, formulas neutralised', () => {
    const csv = seriesCsv([point('2026-03-09', 4, 1), point('2026-03-10', null, null)], ['installs', 'uninstalls']);
    expect(csv.split('\r\n')).toEqual([
      'Bucket start,Installations,Uninstalls,Sources',
      '2026-03-09,4,1,portal CSV',
      '2026-03-10,,,no data',
      '',
    ]);
    const hostile = seriesCsv([{ ...point('2026-03-09', 1, 0), sources: [] }], ['installs']);
    expect(hostile).toContain('no data');
  });
});

describe('changeTone', () => {
  it('calls more uninstalls bad news and more of everything else good', () => {
    expect(changeTone('installs', 0.2)).toBe('tone-good');
    expect(changeTone('installs', -0.2)).toBe('tone-bad');
    expect(changeTone('uninstalls', 0.2)).toBe('tone-bad');
    expect(changeTone('uninstalls', -0.2)).toBe('tone-good');
    expect(changeTone('net', 0)).toBe('');
    expect(changeTone('active', null)).toBe('');
  });
});

describe('formatNet, formatCount and formatChange', () => {
  it('sign a net change and group large counts', () => {
    expect(formatNet(86)).toBe('+86');
    expect(formatNet(-12)).toBe('-12');
    expect(formatNet(0)).toBe('0');
    expect(formatCount(1204)).toMatch(/^1\D?204$/);
    expect(formatChange(0.02)).toBe('+2%');
    expect(formatChange(-0.25, 1)).toBe('-25.0%');
    expect(formatChange(0)).toBe('0%');
  });
});
