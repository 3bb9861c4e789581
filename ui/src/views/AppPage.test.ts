import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';

import { fakeShell, sampleApp } from '../lib/fake-shell';
import { portfolio } from '../lib/portfolio.svelte';
import { router } from '../lib/router.svelte';
import AppPage from './AppPage.svelte';
import Settings from './Settings.svelte';

async function load(apps = [sampleApp({ id: 5, displayName: 'Site Diary', role: 'Developer' })], demoMode = false) {
  const shell = fakeShell(apps, demoMode);
  portfolio.apps = [];
  portfolio.loaded = false;
  await portfolio.load();
  return shell;
}

describe('App page', () => {
  it('moves between tabs with the arrow keys', async () => {
    await load();
    router.go({ view: 'app', id: 5, tab: 'metrics' });
    const { rerender } = render(AppPage, { id: 5, tab: 'metrics' });
    const user = userEvent.setup();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.textContent?.trim())).toEqual(['Metrics', 'Versions', 'Listing', 'Deprecations', 'Alerts']);
    // The panel is a lazily loaded chunk: a cold module transform can take over a second.
    expect(await screen.findByTestId('metrics-panel', {}, { timeout: 5000 })).toBeTruthy();

    tabs[0]?.focus();
    await user.keyboard('{ArrowRight}');
    expect(router.current).toEqual({ view: 'app', id: 5, tab: 'versions' });
    await rerender({ id: 5, tab: 'versions' });
    expect(document.activeElement?.textContent?.trim()).toBe('Versions');
    expect(await screen.findByTestId('versions-panel', {}, { timeout: 5000 })).toBeTruthy();

    // The window passes the router's tab back in as a prop; do the same here.
    await user.keyboard('{ArrowLeft}');
    await rerender({ id: 5, tab: 'metrics' });
    await user.keyboard('{ArrowLeft}');
    expect(router.current, 'wraps around from the first tab').toMatchObject({ tab: 'alerts' });
  }, 15_000);

  it('opens the deprecation watch on its tab', async () => {
    await load();
    render(AppPage, { id: 5, tab: 'deprecations' });
    const panel = await screen.findByTestId('deprecations-panel', {}, { timeout: 5000 });
    expect(screen.getByRole('tab', { selected: true }).textContent?.trim()).toBe('Deprecations');
    await vi.waitFor(() => expect(within(panel).getAllByTestId('status-badge').length).toBeGreaterThan(0));
    expect(screen.getByRole('tabpanel').textContent).not.toContain('coming');
  });

  it('shows where a connected app is installed', async () => {
    await load();
    render(AppPage, { id: 5, tab: 'metrics' });
    await vi.waitFor(() => expect(screen.getByTestId('installed-count').textContent).toBe('1'));
    expect(screen.getByTestId('installation-events').textContent).toContain('Granite Builders');
    expect(screen.getByTestId('installation-baseline').textContent).toContain('12 companies already had the app');
    expect(screen.getByTestId('installation-events').textContent).not.toContain('Already installed');
    expect(screen.getByTestId('installations').textContent).toContain('3599 of 3600');
  });

  it('connects an app after Procore accepts the credentials', async () => {
    const shell = await load([sampleApp({ id: 7, displayName: 'Unconnected' })]);
    render(AppPage, { id: 7, tab: 'metrics' });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('connect'));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Client id'), 'cid');
    await user.type(within(dialog).getByLabelText('Client secret'), 'wrong');
    await user.click(within(dialog).getByTestId('connect-submit'));
    expect((await within(dialog).findByTestId('connect-error')).textContent).toContain('refused by Procore');
    const secret = within(dialog).getByLabelText('Client secret');
    await user.clear(secret);
    await user.type(secret, 'right');
    await user.click(within(dialog).getByTestId('connect-submit'));
    await vi.waitFor(() => expect(screen.getByTestId('installed-count').textContent).toBe('1'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(shell.calls).toEqual(['connect_account', 'connect_account']);
  });

  it('signs in as a Procore user with the out-of-band code', async () => {
    const shell = await load([sampleApp({ id: 8, displayName: 'User App' })]);
    render(AppPage, { id: 8, tab: 'metrics' });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('connect'));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByLabelText(/A Procore user/));
    await user.click(within(dialog).getByLabelText(/By pasting a code/));
    await user.type(within(dialog).getByLabelText('Client id'), 'cid');
    await user.type(within(dialog).getByLabelText('Client secret'), 's');
    await user.click(within(dialog).getByTestId('connect-submit'));
    const url = (await within(dialog).findByTestId('authorization-url')) as HTMLInputElement;
    expect(url.value).toContain('/oauth/authorize');
    await user.type(within(dialog).getByLabelText('Paste the code Procore shows'), 'good-code');
    await user.click(within(dialog).getByTestId('connect-submit'));
    expect(await screen.findByTestId('signed-in-as-user')).toBeTruthy();
    expect(shell.calls).toEqual(['begin_sign_in:pasteCode', 'finish_sign_in']);
  });

  it('signs in through the browser and continues by itself once Procore redirects', async () => {
    const shell = await load([sampleApp({ id: 8, displayName: 'User App' })]);
    render(AppPage, { id: 8, tab: 'metrics' });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('connect'));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByLabelText(/A Procore user/));
    await user.type(within(dialog).getByLabelText('Client id'), 'cid');
    await user.type(within(dialog).getByLabelText('Client secret'), 's');
    await user.click(within(dialog).getByTestId('connect-submit'));
    expect((await within(dialog).findByTestId('sign-in-waiting')).textContent).toContain('open in your browser');
    expect((within(dialog).getByTestId('connect-submit') as HTMLButtonElement).disabled).toBe(true);
    shell.approveBrowserSignIn();
    expect(await screen.findByTestId('signed-in-as-user')).toBeTruthy();
    expect(shell.calls).toEqual(['begin_sign_in:browser', 'finish_sign_in:browser']);
  });

  it('cancelling a browser sign-in tells the shell to stop waiting', async () => {
    const shell = await load([sampleApp({ id: 8, displayName: 'User App' })]);
    render(AppPage, { id: 8, tab: 'metrics' });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('connect'));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByLabelText(/A Procore user/));
    await user.type(within(dialog).getByLabelText('Client id'), 'cid');
    await user.type(within(dialog).getByLabelText('Client secret'), 's');
    await user.click(within(dialog).getByTestId('connect-submit'));
    await within(dialog).findByTestId('sign-in-waiting');
    await user.click(within(dialog).getByTestId('connect-cancel'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(shell.calls).toEqual(['begin_sign_in:browser', 'finish_sign_in:browser', 'cancel_sign_in']);
  });

  it('tells a Developer what their role cannot do', async () => {
    await load();
    render(AppPage, { id: 5, tab: 'listing' });
    expect(screen.getByRole('note').textContent).toContain('need the Owner or Admin role');
  });

  it('explains an app that is no longer there', async () => {
    await load([]);
    render(AppPage, { id: 99, tab: 'metrics' });
    expect(screen.getByRole('heading').textContent).toContain('not in your portfolio');
  });
});

describe('Settings', () => {
  it('removes demo data after confirmation', async () => {
    const shell = await load([sampleApp({ demo: true }), sampleApp({ id: 2, displayName: 'Mine' })], true);
    render(Settings);
    await tick();
    const user = userEvent.setup();
    await user.click(screen.getByTestId('remove-demo'));
    await user.click(within(screen.getByRole('alertdialog')).getByTestId('confirm'));
    expect(shell.calls).toEqual(['remove_demo_data']);
    expect(portfolio.apps.map((a) => a.displayName)).toEqual(['Mine']);
    expect(portfolio.demoMode).toBe(false);
    expect(screen.getByText('No demo apps in this portfolio.')).toBeTruthy();
  });
});
