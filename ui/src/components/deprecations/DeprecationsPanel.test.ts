import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { CHECKED_AT, emptyDeprecations, SEEN_EARLIER } from '../../lib/fake-deprecations';
import { fakeShell } from '../../lib/fake-shell';
import { formatDate } from '../../lib/labels';
import { toasts } from '../../lib/toasts.svelte';
import DeprecationsPanel from './DeprecationsPanel.svelte';

const SUBMITTALS = 'GET /rest/v1.0/projects/{}/submittals';
const RFIS = 'GET /rest/v1.0/projects/{}/rfis';
const VENDORS = 'GET /rest/v1.0/companies/{}/vendors';
const CUSTOM = 'GET /rest/v1.0/projects/{}/custom_reports';
const PUNCH = 'DELETE /rest/v1.0/projects/{}/punch_items/{}';

function row(route: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[data-route="${route}"]`);
  if (!found) throw new Error(`no row for ${route}`);
  return found;
}

function shownRoutes(): (string | undefined)[] {
  return [...document.querySelectorAll<HTMLElement>('[data-route]')].map((r) => r.dataset.route);
}

async function open() {
  toasts.items = [];
  const shell = fakeShell();
  render(DeprecationsPanel, { appId: 5 });
  await screen.findByTestId('route-list');
  return shell;
}

describe('Deprecations panel', () => {
  it('lists the routes that need attention, most urgent first, with their countdowns and badges', async () => {
    await open();
    expect(shownRoutes()).toEqual([SUBMITTALS, RFIS, VENDORS, CUSTOM]);
    expect(screen.getByRole('radio', { name: 'Needs attention (4)' }).getAttribute('aria-checked')).toBe('true');
    expect(screen.getByTestId('route-counts').textContent).toBe('1 sunset · 2 deprecated · 1 unknown · 2 active');

    const rfis = within(row(RFIS));
    expect(rfis.getByTestId('countdown-text').textContent).toBe('Sunset in 41 days');
    expect(rfis.getByTestId('countdown').textContent).toMatch(/^41 days/);
    expect(rfis.getByTestId('status-badge').textContent).toBe('Deprecated');
    expect(rfis.getByRole('heading').textContent).toBe('GET /rest/v1.0/projects/{project_id}/rfis');
    expect(rfis.getByTestId('calls').textContent).toMatch(/^[\d,]+ calls in 30 days, last on 2026-12-02$/);
    expect(rfis.getByRole('img').getAttribute('aria-label')).toContain('Calls per day over the last 30 days');
    expect(rfis.getByRole('list', { name: 'Seen in' }).textContent).toContain('src/rfis.ts:12');
    expect(rfis.getByRole('list', { name: 'Seen in' }).textContent).toContain('API activity report');
    expect(rfis.getByRole('list', { name: 'Seen in' }).textContent).toContain('Deprecation headers');
    expect(row(RFIS).textContent).toContain('Use instead: GET /rest/v1.1/projects/{project_id}/rfis');
    const docs = rfis.getByRole('link');
    expect(docs.getAttribute('href')).toBe('https://developers.procore.com/reference/rest/rfis?version=1.0');
    expect([docs.getAttribute('target'), docs.getAttribute('rel')]).toEqual(['_blank', 'noreferrer']);

    const submittals = within(row(SUBMITTALS));
    expect(submittals.getByTestId('countdown-text').textContent).toBe('Sunset 12 days ago');
    expect(submittals.getByTestId('countdown').textContent).toMatch(/^12 days/);
    expect(submittals.getByTestId('status-badge').textContent).toBe('Sunset');
    expect(submittals.getByTestId('status-badge').classList.contains('sunset')).toBe(true);

    const vendors = within(row(VENDORS));
    expect(vendors.queryByTestId('countdown')).toBeNull();
    expect(row(VENDORS).textContent).toContain('No sunset date announced');
    expect(vendors.getByRole('list', { name: 'Seen in' }).textContent).toBe('src/vendors.ts:40 (method not visible in code)');
    expect(vendors.getByTestId('calls').textContent).toBe('Not in the imported API activity reports');
    expect(within(row(CUSTOM)).getByTestId('status-badge').textContent).toBe('Unknown');

    await userEvent.setup().click(screen.getByRole('radio', { name: 'All (6)' }));
    expect(shownRoutes()).toEqual([SUBMITTALS, RFIS, VENDORS, CUSTOM, 'GET /rest/v1.0/companies', 'GET /rest/v1.0/me']);
    expect(within(row('GET /rest/v1.0/me')).getByTestId('status-badge').textContent).toBe('Active');
  });

  it('says when the reference was checked, and tells a sunset moved earlier in a sentence', async () => {
    await open();
    expect(screen.getByTestId('reference-line').textContent?.trim()).toBe(
      `Procore reference: 1,953 operations, checked ${formatDate(SEEN_EARLIER)}`,
    );
    const history = within(row(RFIS)).getByRole('list', { name: 'Changes to its dates' });
    const items = within(history).getAllByRole('listitem');
    expect(items.map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      `Deprecated as of 2026-09-15, seen on ${formatDate(Date.parse('2026-09-16T09:30:00Z'))}`,
      `Sunset announced: 2027-03-01, seen on ${formatDate(Date.parse('2026-09-16T09:30:00Z'))}`,
      `Sunset moved from 2027-03-01 to 2027-01-13, seen on ${formatDate(SEEN_EARLIER)} earlier`,
    ]);
    expect(items[2]?.classList.contains('tone-bad')).toBe(true);
  });

  it('scans a typed folder and shows the route it found in its place', async () => {
    const shell = await open();
    const user = userEvent.setup();
    const path = screen.getByLabelText('Folder path to scan') as HTMLInputElement;
    await user.type(path, '/home/partner/code/punch-sync');
    await user.click(screen.getByRole('button', { name: 'Scan' }));
    await vi.waitFor(() => expect(document.querySelector(`[data-route="${PUNCH}"]`)).not.toBeNull());
    expect(shell.watch.scans).toEqual([{ id: 5, path: '/home/partner/code/punch-sync' }]);
    expect(shownRoutes()).toEqual([SUBMITTALS, RFIS, PUNCH, VENDORS, CUSTOM]);
    expect(within(row(PUNCH)).getByTestId('countdown').textContent).toMatch(/^120 days/);
    expect(within(row(PUNCH)).getByRole('list', { name: 'Seen in' }).textContent).toBe('lib/punch.py:57');
    expect(toasts.items.map((t) => t.text)).toContain('Found 1 Procore call in 38 files under /home/partner/code/punch-sync');
    expect(screen.getByRole('list', { name: 'Scanned folders' }).textContent).toContain('/home/partner/code/punch-sync');
    expect(path.value).toBe('');
  });

  it('shows why a typed path cannot be scanned, on the field', async () => {
    const shell = await open();
    const user = userEvent.setup();
    const path = screen.getByLabelText('Folder path to scan');
    await user.type(path, 'code/app{Enter}');
    expect((await screen.findByTestId('scan-error')).textContent).toContain('is not a full path');
    expect(path.getAttribute('aria-invalid')).toBe('true');
    expect(shell.watch.scans).toEqual([{ id: 5, path: 'code/app' }]);
    expect(shownRoutes()).toHaveLength(4);
  });

  it('scans the folder the picker returns, and nothing when it is cancelled', async () => {
    const shell = await open();
    const user = userEvent.setup();
    shell.watch.picked = null;
    await user.click(screen.getByRole('button', { name: 'Scan a folder…' }));
    expect(shell.calls).toEqual(['pick_folder']);
    shell.watch.picked = '/home/partner/code/punch-sync';
    await user.click(screen.getByRole('button', { name: 'Scan a folder…' }));
    await vi.waitFor(() => expect(document.querySelector(`[data-route="${PUNCH}"]`)).not.toBeNull());
    expect(shell.calls).toEqual(['pick_folder', 'pick_folder', 'scan_folder']);
    expect(shell.watch.scans).toEqual([{ id: 5, path: '/home/partner/code/punch-sync' }]);
  });

  it('sends the partner to the path field where the desktop has no folder picker', async () => {
    const shell = await open();
    shell.watch.noPicker = true;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Scan a folder…' }));
    expect((await screen.findByTestId('scan-error')).textContent).toContain('type or paste the folder’s path');
    expect(document.activeElement).toBe(screen.getByLabelText('Folder path to scan'));
  });

  it('checks the reference on request and shows what the check found', async () => {
    const shell = await open();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Check now' }));
    await vi.waitFor(() =>
      expect(toasts.items.map((t) => t.text)).toContain(
        'OpenAPI reference: no change since the last check. Resource reference: 1187 operations, 12 deprecated; 1 date change.',
      ),
    );
    expect(shell.calls).toEqual(['check_reference']);
    expect(screen.getByTestId('reference-line').textContent).toContain(`checked ${formatDate(CHECKED_AT)}`);
    expect(screen.queryByTestId('check-error')).toBeNull();
  });

  it('keeps the stored routes when Procore cannot be reached', async () => {
    const shell = await open();
    shell.watch.offline = true;
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Check now' }));
    const error = await screen.findByTestId('check-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('Procore’s documentation site could not be reached');
    expect(shownRoutes()).toEqual([SUBMITTALS, RFIS, VENDORS, CUSTOM]);
    expect(screen.getByTestId('reference-line').textContent).toContain(`checked ${formatDate(SEEN_EARLIER)}`);
    expect((screen.getByRole('button', { name: 'Check now' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows API health for the last 14 days and what changed', async () => {
    await open();
    const health = screen.getByTestId('api-health');
    expect(within(health).getByRole('heading', { level: 3 }).textContent).toBe('API health (last 14 days of activity)');
    const days = within(health).getAllByRole('table')[0];
    // Header, 14 days, total.
    expect(days && within(days).getAllByRole('row')).toHaveLength(16);
    const nov30 = days && within(days).getByRole('rowheader', { name: '2026-11-30' }).closest('tr');
    expect(nov30?.querySelectorAll('td')[3]?.textContent).toBe('6');
    const failing = within(screen.getByTestId('health-routes')).getAllByRole('rowheader').map((h) => h.textContent?.trim());
    expect(failing).toEqual(['GET /v1.0/projects/:project_id/rfis Deprecated', 'GET /v1.0/projects/:project_id/custom_reports']);
    // Each route's errors per day: one bar for each of the two days the RFIs route failed.
    const trend = within(screen.getByTestId('health-routes')).getAllByRole('img')[0];
    expect(trend?.getAttribute('aria-label')).toMatch(/^Refused or failed calls per day/);
    expect(trend?.querySelectorAll('rect:not(.gap)')).toHaveLength(2);

    const events = within(screen.getByTestId('watch-events'));
    expect(events.getByRole('heading').textContent).toBe('What changed');
    const first = events.getAllByRole('listitem')[0];
    expect(first?.querySelector('time')?.textContent).toBe('2026-12-03');
    expect(first?.textContent).toContain('Procore moved the sunset of GET /rest/v1.0/projects/{project_id}/rfis earlier');
  });

  it('says what to do when no routes are known yet', async () => {
    const shell = fakeShell();
    shell.watch.view = emptyDeprecations();
    render(DeprecationsPanel, { appId: 5 });
    const empty = await screen.findByTestId('deprecations-empty');
    expect(empty.textContent?.replace(/\s+/g, ' ')).toContain(
      'Import the API Call Activity Report (Metrics tab) or scan your source folder to see which Procore routes this app uses.',
    );
    expect(screen.queryByRole('radiogroup')).toBeNull();
    expect(screen.queryByTestId('api-health')).toBeNull();
    expect(screen.getByTestId('deprecations-panel').getAttribute('aria-busy')).toBe('false');
    expect(screen.getByLabelText('Folder path to scan')).toBeTruthy();
  });
});
