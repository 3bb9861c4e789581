import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { vi } from 'vitest';

import { fakeShell, sampleApp, trend } from '../lib/fake-shell';
import type { ConnectionOverview } from '../ipc';
import { portfolio, sortApps } from '../lib/portfolio.svelte';
import PortfolioView from './Portfolio.svelte';

async function renderWith(apps = [sampleApp()], demoMode = false, connections: ConnectionOverview[] = []) {
  const shell = fakeShell(apps, demoMode, connections);
  // The portfolio is a module singleton, as in the app: start each test from nothing.
  portfolio.apps = [];
  portfolio.loaded = false;
  portfolio.info = null;
  portfolio.connections = {};
  portfolio.trends = null;
  portfolio.sunsets = null;
  await portfolio.load();
  render(PortfolioView);
  await tick();
  return shell;
}

describe('Portfolio', () => {
  it('says what to do next when empty', async () => {
    await renderWith([]);
    expect(screen.getByTestId('empty-portfolio').textContent).toContain('Add your first app');
  });

  it('shows every app of a long portfolio once the first screen has painted', async () => {
    const apps = Array.from({ length: 50 }, (_, i) => sampleApp({ id: i + 1, displayName: `App ${String(i + 1).padStart(2, '0')}` }));
    await renderWith(apps);
    // The first screen's rows first (the rest wait for its paint), then all fifty, in order.
    await vi.waitFor(() => expect(screen.getAllByTestId('app-row')).toHaveLength(50));
    expect(screen.getAllByTestId('app-name').map((a) => a.textContent)).toEqual(sortApps(apps).map((a) => a.displayName));
  });

  it('shows each app’s Procore connection, and says when Procore could not be reached', async () => {
    const at = Date.now() - 5 * 60_000;
    await renderWith(
      [sampleApp({ id: 1, displayName: 'Alpha' }), sampleApp({ id: 2, displayName: 'Beta' }), sampleApp({ id: 3, displayName: 'Gamma' })],
      false,
      [
        { appId: 1, grant: 'clientCredentials', lastSyncAt: at, lastError: null, companies: 402 },
        { appId: 2, grant: 'clientCredentials', lastSyncAt: at, lastError: { code: 'Offline', message: 'Procore could not be reached.', at }, companies: 7 },
      ],
    );
    await vi.waitFor(() => expect(screen.getAllByTestId('connection-state')[0]?.textContent).toContain('402 companies'));
    const states = screen.getAllByTestId('connection-state').map((cell) => cell.textContent?.trim());
    expect(states).toEqual(['402 companies', 'Sync failed', 'Not connected']);
    expect(screen.getByTestId('offline-banner').textContent).toContain('Procore could not be reached');
  });

  it('shows no offline notice while every sync succeeds', async () => {
    await renderWith([sampleApp({ id: 1 })], false, [
      { appId: 1, grant: 'clientCredentials', lastSyncAt: Date.now(), lastError: null, companies: 1 },
    ]);
    await vi.waitFor(() => expect(screen.getByTestId('connection-state').textContent).toContain('1 company'));
    expect(screen.queryByTestId('offline-banner')).toBeNull();
  });

  it('sums the last 90 days and draws a small trend per app', async () => {
    await renderWith([sampleApp({ id: 1, displayName: 'Alpha' }), sampleApp({ id: 2, displayName: 'Beta' })]);
    // The figures hold their place from the first paint, dashes until the store answers.
    const overview = screen.getByTestId('portfolio-overview');
    expect(screen.getByTestId('overview-installs').textContent?.trim()).toBe('–');
    await vi.waitFor(() => expect(overview.getAttribute('aria-busy')).toBe('false'));
    expect(screen.getByTestId('overview-installs').textContent?.trim()).toBe('5');
    expect(screen.getByTestId('overview-net').textContent?.trim()).toBe('+1');
    const cells = screen.getAllByTestId('app-trend').map((c) => c.textContent?.trim());
    expect(cells).toEqual(['+1', 'No metrics']);
    expect(screen.getAllByRole('img')[0]?.getAttribute('aria-label')).toContain('Net installations per week');
  });

  it('compares each figure with the 90 days before, coloured by whether that is good news', async () => {
    await renderWith([sampleApp({ id: 1 })]);
    await vi.waitFor(() => expect(screen.getByTestId('portfolio-overview').getAttribute('aria-busy')).toBe('false'));
    // Installations 5 against 10: down by half, bad news.
    const installs = screen.getByTestId('overview-installs').nextElementSibling;
    expect(installs?.textContent?.trim()).toBe('-50% vs prior 90 days');
    expect(installs?.classList.contains('tone-bad')).toBe(true);
    // Uninstalls 4 against none: no percentage to give, and the line keeps its place.
    const uninstalls = screen.getByTestId('overview-uninstalls').nextElementSibling;
    expect(uninstalls?.textContent?.trim()).toBe('');
    expect(screen.getByTestId('overview-active').textContent?.trim()).toBe('11');
  });

  it('shows each app’s nearest sunset once loaded, in a cell that held its place', async () => {
    const shell = await renderWith([sampleApp({ id: 1, displayName: 'Alpha' }), sampleApp({ id: 2, displayName: 'Beta' })]);
    expect(screen.getAllByTestId('nearest-sunset').map((c) => c.textContent?.trim())).toEqual(['–', '–']);
    await vi.waitFor(() => expect(screen.getAllByTestId('nearest-sunset')[0]?.textContent?.trim()).toBe('Sunset 12 days ago'));
    const [alpha, beta] = screen.getAllByTestId('nearest-sunset');
    expect(alpha?.getAttribute('title')).toBe('GET /rest/v1.0/projects/{project_id}/submittals: sunset 2026-11-21; 1 used route is not in Procore’s reference');
    expect(alpha?.classList.contains('past')).toBe(true);
    expect(beta?.textContent?.trim()).toBe('No deprecated routes');

    // Only deprecations without a date: said so, with the count.
    shell.watch.view = { ...shell.watch.view, routes: shell.watch.view.routes.filter((r) => r.sunset === null) };
    await portfolio.loadSunsets();
    await tick();
    expect(screen.getAllByTestId('nearest-sunset')[0]?.textContent?.trim()).toBe('1 deprecated, no date');
  });

  it('says where metrics come from when there are none yet', async () => {
    await renderWith([sampleApp({ id: 1 })]);
    await vi.waitFor(() => expect(screen.getByTestId('portfolio-overview').getAttribute('aria-busy')).toBe('false'));
    portfolio.trends = { total: { ...trend, span: null }, apps: [] };
    await tick();
    const overview = screen.getByTestId('portfolio-overview');
    expect(overview.textContent).toContain('No metrics yet: import the CSV files from the Developer Portal');
    expect(screen.getByTestId('overview-installs').textContent?.trim()).toBe('–');
  });

  it('labels demo data', async () => {
    await renderWith([sampleApp({ demo: true })], true);
    expect(screen.getByTestId('demo-banner').textContent).toContain('Demo data');
    expect(within(screen.getByTestId('app-row')).getByText('Demo')).toBeTruthy();
  });

  it('adds an app through the dialog', async () => {
    const user = userEvent.setup();
    const shell = await renderWith([]);
    await user.click(screen.getByRole('button', { name: /Add your first app/ }));
    // The dialogs' code loads after the first paint (or on first use): they appear once it has.
    const dialog = await screen.findByRole('dialog');
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Name'));
    await user.type(within(dialog).getByLabelText('Name'), 'Punch List Pro');
    await user.selectOptions(within(dialog).getByLabelText('Your role'), 'Admin');
    await user.click(within(dialog).getByTestId('save-app'));
    expect(shell.calls).toEqual(['add_app']);
    expect(screen.queryByRole('dialog')).toBeNull();
    const row = screen.getByTestId('app-row');
    expect(row.textContent).toContain('Punch List Pro');
    expect(row.textContent).toContain('Admin');
  });

  it('refuses a 10,000-character name with a clear message', async () => {
    await renderWith([]);
    const user = userEvent.setup();
    await user.keyboard('{Control>}n{/Control}');
    const dialog = await screen.findByRole('dialog');
    const input = within(dialog).getByLabelText('Name') as HTMLInputElement;
    // Typing 10,000 keys through user-event is slow; paste is what a person would do.
    input.focus();
    await user.paste('x'.repeat(10_000));
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(dialog.textContent).toContain('the limit is 120');
    await user.click(within(dialog).getByTestId('save-app'));
    expect(within(dialog).getByTestId('form-error').textContent).toContain('10000 characters');
    expect(screen.queryByTestId('app-row')).toBeNull();
  });

  it('asks before removing, and Escape cancels', async () => {
    const user = userEvent.setup();
    const shell = await renderWith([sampleApp()]);
    await user.click(screen.getByTestId('remove-app'));
    const confirm = await screen.findByRole('alertdialog');
    expect(confirm.textContent).toContain('Site Diary');
    expect(document.activeElement?.textContent?.trim()).toBe('Cancel');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(shell.calls).toEqual([]);
    await user.click(screen.getByTestId('remove-app'));
    await user.click(within(await screen.findByRole('alertdialog')).getByTestId('confirm'));
    expect(shell.calls).toEqual(['remove_app']);
    expect(screen.queryByTestId('app-row')).toBeNull();
  });

  it('shows markup in names as inert text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    await renderWith([sampleApp({ displayName: hostile })]);
    const row = screen.getByTestId('app-row');
    expect(screen.getByTestId('app-name').textContent).toBe(hostile);
    expect(row.querySelector('img')).toBeNull();
  });

  it('edits role and environment', async () => {
    const user = userEvent.setup();
    const shell = await renderWith([sampleApp()]);
    await user.click(screen.getByRole('button', { name: 'Edit Site Diary' }));
    const dialog = await screen.findByRole('dialog');
    await user.selectOptions(within(dialog).getByLabelText('Environment'), 'federal');
    await user.click(within(dialog).getByTestId('save-app'));
    expect(shell.calls).toEqual(['update_app']);
    expect(screen.getByTestId('app-row').textContent).toContain('Federal (FedRAMP)');
  });
});

describe('sortApps', () => {
  it('puts the partner’s apps first, then sorts by name without case', () => {
    const sorted = sortApps([
      sampleApp({ id: 1, displayName: 'b', demo: true }),
      sampleApp({ id: 2, displayName: 'Zed' }),
      sampleApp({ id: 3, displayName: 'alpha' }),
    ]);
    expect(sorted.map((a) => a.id)).toEqual([3, 2, 1]);
  });
});
