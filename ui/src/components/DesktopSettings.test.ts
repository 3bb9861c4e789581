import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { fakeShell } from '../lib/fake-shell';
import DesktopSettings from './DesktopSettings.svelte';

async function open(tray: 'shown' | 'noHost' | 'unavailable' = 'shown', startAtLoginSupported = true) {
  const shell = fakeShell();
  shell.desktop.settings = { ...shell.desktop.settings, tray, startAtLoginSupported };
  render(DesktopSettings);
  await expect.poll(() => screen.queryByTestId('tray-note')).not.toBeNull();
  return shell;
}

describe('Desktop settings', () => {
  it('turns close-to-tray and start-at-login on and off through the shell', async () => {
    const shell = await open();
    const user = userEvent.setup();
    const closeToTray = screen.getByTestId('close-to-tray') as HTMLInputElement;
    expect(closeToTray.checked).toBe(true);
    expect(screen.getByTestId('tray-note').textContent).toMatch(/tray icon/);

    await user.click(closeToTray);
    await expect.poll(() => shell.desktop.changes).toEqual([{ closeToTray: false, startAtLogin: null }]);
    await expect.poll(() => screen.getByTestId('tray-note').textContent).toMatch(/quits Plumbline/);

    await user.click(screen.getByTestId('start-at-login'));
    await expect.poll(() => shell.desktop.changes.at(-1)).toEqual({ closeToTray: null, startAtLogin: true });
    expect((screen.getByTestId('start-at-login') as HTMLInputElement).checked).toBe(true);
  });

  it('says so when the desktop has no tray: closing minimizes', async () => {
    await open('noHost');
    expect(screen.getByTestId('tray-note').textContent).toMatch(/no tray icons.*minimizes/);
  });

  it('names the missing library when the tray could not be created', async () => {
    await open('unavailable');
    expect(screen.getByTestId('tray-note').textContent).toMatch(/libayatana-appindicator3-1/);
  });

  it('offers no start at login where the system has none', async () => {
    await open('shown', false);
    expect((screen.getByTestId('start-at-login') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText(/not available on this system/)).toBeTruthy();
  });
});
