import { fireEvent, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { fakeShell } from '../../lib/fake-shell';
import NotificationSettings from './NotificationSettings.svelte';

afterEach(() => {
  vi.useRealTimers();
});

async function open() {
  const shell = fakeShell();
  render(NotificationSettings);
  await expect.poll(() => (screen.getByTestId('quiet-on') as HTMLInputElement).checked).toBe(true);
  return shell;
}

describe('Notification settings', () => {
  it('saves quiet hours as minutes of the day, and turns them off', async () => {
    const shell = await open();
    const user = userEvent.setup();
    expect((screen.getByTestId('quiet-from') as HTMLInputElement).value).toBe('22:00');
    expect((screen.getByTestId('quiet-to') as HTMLInputElement).value).toBe('07:00');
    await fireEvent.input(screen.getByTestId('quiet-from'), { target: { value: '21:30' } });
    await fireEvent.input(screen.getByTestId('quiet-to'), { target: { value: '06:45' } });
    await user.click(screen.getByRole('button', { name: 'Save quiet hours' }));
    expect(shell.alerts.quietHours).toEqual([{ hours: { startMinute: 1290, endMinute: 405 } }]);

    await user.click(screen.getByTestId('quiet-on'));
    await user.click(screen.getByRole('button', { name: 'Save quiet hours' }));
    expect(shell.alerts.quietHours.at(-1)).toEqual({ hours: null });
    expect(shell.alerts.settings.quietHours).toBeNull();
  });

  it('pauses for an hour, until the next 08:00, and resumes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const base = new Date(2026, 11, 3, 14, 30).getTime();
    vi.setSystemTime(base);
    const shell = await open();
    const user = userEvent.setup({ delay: null });
    expect(screen.getByTestId('pause-state').textContent?.trim()).toBe('Notifications are on');
    expect(screen.queryByRole('button', { name: 'Resume' })).toBeNull();

    // The clock stands still during each click.
    vi.setSystemTime(base);
    await user.click(screen.getByRole('button', { name: 'Pause for an hour' }));
    expect(shell.alerts.snoozes).toEqual([{ until: base + 60 * 60 * 1000 }]);
    expect(screen.getByTestId('pause-state').textContent?.trim()).toMatch(/^Paused until /);

    vi.setSystemTime(base);
    await user.click(screen.getByRole('button', { name: 'Pause until tomorrow, 08:00' }));
    expect(shell.alerts.snoozes.at(-1)).toEqual({ until: new Date(2026, 11, 4, 8, 0).getTime() });

    await user.click(screen.getByRole('button', { name: 'Resume' }));
    expect(shell.alerts.snoozes.at(-1)).toEqual({ until: null });
    expect(screen.getByTestId('pause-state').textContent?.trim()).toBe('Notifications are on');
  });

  it('mutes a kind of alert for every app', async () => {
    const shell = await open();
    const user = userEvent.setup();
    const surges = screen.getByRole('checkbox', { name: 'Uninstall surges' }) as HTMLInputElement;
    expect(surges.checked).toBe(true);
    await user.click(surges);
    expect(shell.alerts.mutes).toEqual([{ mute: { appId: null, kind: 'surge' }, muted: true }]);
    expect(surges.checked).toBe(false);
  });
});
