import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';

import App from './App.svelte';
import { ALERT_OPENED_EVENT, ALERTS_CHANGED_EVENT } from './ipc';
import { emitShellEvent as emit } from './ipc/mock';
import { fakeShell, sampleApp } from './lib/fake-shell';
import { router } from './lib/router.svelte';

describe('The window', () => {
  it('counts unseen alerts, and opens the inbox on a clicked notification’s alert', async () => {
    const shell = fakeShell([sampleApp({ id: 5, displayName: 'Site Diary' }), sampleApp({ id: 7, displayName: 'Punch Sync' })]);
    render(App);
    // Read once the first screen has painted.
    const badge = await screen.findByTestId('alerts-unseen', {}, { timeout: 3000 });
    expect(badge.textContent).toBe('4');
    expect(screen.getByRole('link', { name: /^Alerts/ }).textContent?.replace(/\s+/g, ' ').trim()).toBe('Alerts 4 new');

    // A new alert arrives while the window is open.
    const first = shell.alerts.list[0];
    if (!first) throw new Error('no sample alert');
    shell.alerts.list.push({ ...first, id: 43, state: 'new', createdAt: first.createdAt + 1 });
    await emit(ALERTS_CHANGED_EVENT);
    await expect.poll(() => screen.queryByTestId('alerts-unseen')?.textContent).toBe('5');

    await emit(ALERT_OPENED_EVENT, { alertId: 41, appId: 5 });
    expect(router.current).toEqual({ view: 'alerts', alertId: 41 });
    expect(window.location.hash).toBe('#/alerts/41');
    const opened = await screen.findByText('GET /rest/v1.0/projects/{project_id}/rfis sunsets in 41 days', {}, { timeout: 5000 });
    const item = opened.closest<HTMLElement>('[data-testid="alert"]');
    expect(item?.dataset.alertId).toBe('41');
    expect(item?.getAttribute('aria-current')).toBe('true');
    await expect.poll(() => document.activeElement).toBe(item);
    expect(screen.getByRole('link', { name: /^Alerts/ }).getAttribute('aria-current')).toBe('page');

    // Viewing the inbox marked them seen: the badge goes.
    await expect.poll(() => screen.queryByTestId('alerts-unseen')).toBeNull();
    expect(shell.alerts.states).toContainEqual({ id: 41, state: 'seen' });
  });
});
