import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { fakeShell, sampleApp } from '../../lib/fake-shell';
import { portfolio } from '../../lib/portfolio.svelte';
import { toasts } from '../../lib/toasts.svelte';
import Alerts from '../../views/Alerts.svelte';
import AppAlerts from './AppAlerts.svelte';

function setUp() {
  toasts.items = [];
  const shell = fakeShell([sampleApp({ id: 5, displayName: 'Site Diary' }), sampleApp({ id: 7, displayName: 'Punch Sync' })]);
  portfolio.apps = shell.apps;
  portfolio.loaded = true;
  return shell;
}

function items(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('[data-testid="alert"]')];
}

function item(id: number): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[data-alert-id="${id}"]`);
  if (!found) throw new Error(`no alert ${id}`);
  return found;
}

const shownIds = () => items().map((i) => Number(i.dataset.alertId));

describe('Alerts inbox', () => {
  it('lists every app’s alerts newest first, with severity, app, day, explanation and delivery', async () => {
    const shell = setUp();
    render(Alerts, { alertId: null });
    await screen.findAllByTestId('alert');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Alerts');
    expect(shownIds()).toEqual([42, 41, 40, 39, 38]);
    expect(items().map((i) => within(i).getByTestId('alert-delivery').textContent)).toEqual([
      'Held until quiet hours end',
      'Notified Dec 3, 09:12',
      'Muted',
      'In a summary',
      'In the inbox only: older than a week',
    ]);
    expect(items().map((i) => within(i).getByTestId('alert-app').textContent)).toEqual([
      'Site Diary',
      'Site Diary',
      'Site Diary',
      'Punch Sync',
      'Site Diary',
    ]);
    const rfis = within(item(41));
    expect(rfis.getByTestId('alert-severity').textContent).toBe('Critical');
    expect(rfis.getByRole('heading', { level: 3 }).textContent).toBe('GET /rest/v1.0/projects/{project_id}/rfis sunsets in 41 days');
    expect(item(41).querySelector('time')?.textContent).toBe('2026-12-03');
    expect(item(41).textContent).toContain('Procore moved its sunset earlier, to 2027-01-13.');
    // Viewing the inbox marks what was new as seen; the items still say they were new.
    await expect.poll(() => shell.alerts.states.length).toBe(4);
    expect(shell.alerts.states).toEqual([
      { id: 42, state: 'seen' },
      { id: 41, state: 'seen' },
      { id: 40, state: 'seen' },
      { id: 39, state: 'seen' },
    ]);
    expect(shell.alerts.list.filter((a) => a.state === 'new')).toEqual([]);
    expect(items().map((i) => i.querySelector('.badge.new') !== null)).toEqual([true, true, true, true, false]);
  });

  it('dismisses an alert, and shows it again with the dismissed', async () => {
    const shell = setUp();
    const user = userEvent.setup();
    render(Alerts, { alertId: null });
    await screen.findAllByTestId('alert');
    await user.click(within(item(41)).getByRole('button', { name: 'Dismiss' }));
    expect(shell.alerts.states).toContainEqual({ id: 41, state: 'dismissed' });
    expect(shownIds()).toEqual([42, 40, 39, 38]);
    expect(document.activeElement).toBe(item(40));

    await user.click(screen.getByRole('checkbox', { name: 'Show dismissed' }));
    await expect.poll(shownIds).toEqual([42, 41, 40, 39, 38]);
    expect(within(item(41)).getByText('Dismissed')).toBeTruthy();
    await user.click(within(item(41)).getByRole('button', { name: 'Restore' }));
    expect(shell.alerts.states.at(-1)).toEqual({ id: 41, state: 'seen' });
  });

  it('mutes a kind of alert for its app from the alert', async () => {
    const shell = setUp();
    const user = userEvent.setup();
    render(Alerts, { alertId: null });
    await screen.findAllByTestId('alert');
    await user.click(within(item(42)).getByRole('button', { name: 'Mute uninstall surge alerts for this app' }));
    expect(shell.alerts.mutes).toEqual([{ mute: { appId: 5, kind: 'surge' }, muted: true }]);
    expect(toasts.items.map((t) => t.text)).toContain('Muted uninstall surge alerts for Site Diary');
    expect(within(item(42)).getByRole('button', { name: 'Unmute uninstall surge alerts for this app' })).toBeTruthy();
    // Site Diary's drops were muted already; Punch Sync's surges are not.
    expect(within(item(40)).getByRole('button', { name: 'Unmute drop alerts for this app' }).getAttribute('aria-pressed')).toBe('true');
    expect(within(item(39)).getByRole('button', { name: 'Mute uninstall surge alerts for this app' })).toBeTruthy();
  });

  it('says what alerts are for when there are none', async () => {
    const shell = setUp();
    shell.alerts.list = [];
    render(Alerts, { alertId: null });
    const empty = await screen.findByTestId('alerts-empty');
    expect(empty.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'No alerts. Plumbline tells you here, and on your desktop, when uninstalls surge or a Procore route your app uses nears its sunset.',
    );
    expect(items()).toEqual([]);
  });
});

describe('An app’s Alerts tab', () => {
  it('lists only that app’s alerts, and its mutes with toggles', async () => {
    const shell = setUp();
    const user = userEvent.setup();
    render(AppAlerts, { appId: 5 });
    await screen.findAllByTestId('alert');
    expect(shownIds()).toEqual([42, 41, 40, 38]);
    expect(screen.queryByTestId('alert-app')).toBeNull();

    const mutes = within(screen.getByTestId('app-mutes'));
    const box = (name: string) => mutes.getByRole('checkbox', { name }) as HTMLInputElement;
    expect(['Uninstall surges', 'Drops in installs or listing views', 'Deprecations and sunsets', 'Connection problems'].map((n) => box(n).checked)).toEqual([
      true,
      false,
      true,
      true,
    ]);
    await user.click(box('Uninstall surges'));
    expect(shell.alerts.mutes).toEqual([{ mute: { appId: 5, kind: 'surge' }, muted: true }]);
    expect(box('Uninstall surges').checked).toBe(false);
    // The list's own buttons follow the toggles.
    expect(within(item(42)).getByRole('button', { name: 'Unmute uninstall surge alerts for this app' })).toBeTruthy();
    await user.click(box('Drops in installs or listing views'));
    expect(shell.alerts.mutes.at(-1)).toEqual({ mute: { appId: 5, kind: 'drop' }, muted: false });
  });

  it('lists another app’s one alert', async () => {
    setUp();
    render(AppAlerts, { appId: 7 });
    await screen.findAllByTestId('alert');
    expect(shownIds()).toEqual([39]);
  });

  it('shows what the detector watches on the app’s tab, and a surge’s days as a chart', async () => {
    setUp();
    render(AppAlerts, { appId: 5 });
    const watch = await screen.findByTestId('surge-watch');
    await within(watch).findByText(/would notice \+6 in a week/);
    expect([...watch.querySelectorAll('li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Uninstalls (rises): watching: would notice +6 in a week (about 1.2 a day)',
      'Installations (drops): learning until March 14',
      'Listing views (drops): no days yet: import the portal’s metrics export or connect the app',
    ]);
    const chart = await within(item(42)).findByTestId('alert-chart');
    const svg = chart.querySelector('svg');
    expect(svg?.getAttribute('aria-label')).toBe(
      'Uninstalls per day from November 16 to December 3, against what was expected; the alert covers December 1 to December 3.',
    );
    // 17 days with a number as bars, the missing one as a tick, the episode shaded.
    expect(chart.querySelectorAll('rect.bar')).toHaveLength(17);
    expect(chart.querySelectorAll('line.missing')).toHaveLength(1);
    expect(chart.querySelectorAll('rect.episode')).toHaveLength(1);
    // Other kinds have no chart.
    expect(within(item(41)).queryByTestId('alert-chart')).toBeNull();
  });
});
