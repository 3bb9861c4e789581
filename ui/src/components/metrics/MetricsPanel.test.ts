import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { fakeShell } from '../../lib/fake-shell';
import { daysBetween } from '../../lib/metrics';
import MetricsPanel from './MetricsPanel.svelte';

describe('Metrics panel', () => {
  it('shows totals against the previous period, the sources and the marks', async () => {
    fakeShell();
    render(MetricsPanel, { appId: 5, appName: 'Site Diary' });
    expect((await screen.findByTestId('total-installs')).textContent).toBe('5');
    expect(screen.getByTestId('total-active').textContent).toBe('11');
    const installs = within(screen.getByTestId('metric-cards')).getByText(/vs previous/, { selector: '[data-metric=installs] .delta' });
    expect(installs.textContent).toContain('-50.0%');
    expect(screen.getByTestId('metrics-provenance').textContent).toContain('portal CSV');
    expect(screen.getByRole('list', { name: 'Marks on the chart' }).textContent).toContain('v2.0 promoted');
    expect(screen.getByTestId('trend-chart').dataset.points).toBe('3');
  });

  it('shows every figure card with its whole label, figure and change, in that order', async () => {
    fakeShell();
    render(MetricsPanel, { appId: 5, appName: 'Site Diary' });
    await screen.findByTestId('total-installs');
    const cards = [...screen.getByTestId('metric-cards').children] as HTMLElement[];
    expect(cards.map((c) => c.dataset.metric)).toEqual(['installs', 'uninstalls', 'net', 'active', 'conversion', 'views']);
    // The three parts fill the three rows each card shares with its neighbours (a subgrid).
    expect(cards.map((c) => [...c.children].map((p) => p.tagName))).toEqual(cards.map(() => ['SPAN', 'STRONG', 'SPAN']));
    expect(cards.map((c) => c.querySelector('.label')?.textContent)).toEqual([
      'Installations',
      'Uninstalls',
      'Net installations',
      'Active installations (end)',
      'Conversion',
      'Listing views',
    ]);
    expect(screen.getByTestId('metric-cards').textContent).not.toContain('…');
  });

  it('exports the visible series as CSV', async () => {
    const shell = fakeShell();
    render(MetricsPanel, { appId: 5, appName: 'Site Diary' });
    await screen.findByTestId('total-installs');
    await userEvent.setup().click(screen.getByTestId('export-csv'));
    await vi.waitFor(() => expect(shell.saved).toHaveLength(1));
    expect(shell.saved[0]?.split('\r\n').slice(0, 2)).toEqual([
      'Bucket start,Installations,Uninstalls,Sources',
      '2026-03-09,4,1,portal CSV',
    ]);
  });

  it('asks for the range it shows and changes buckets on request', async () => {
    const shell = fakeShell();
    render(MetricsPanel, { appId: 5, appName: 'Site Diary' });
    await screen.findByTestId('total-installs');
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: '1 year' }));
    await user.selectOptions(screen.getByTestId('granularity'), 'month');
    await vi.waitFor(() => expect(shell.trendQueries.at(-1)?.by).toBe('month'));
    const last = shell.trendQueries.at(-1);
    expect(last?.scope).toEqual({ kind: 'app', id: 5 });
    expect(daysBetween(last?.from ?? '', last?.to ?? '')).toBe(365);
  });
});
