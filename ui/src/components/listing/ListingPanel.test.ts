import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

import { fakeShell, sampleApp } from '../../lib/fake-shell';
import ListingPanel from './ListingPanel.svelte';

describe('Listing', () => {
  it('counts as the partner types and shows the precheck beside the field', async () => {
    const s = fakeShell([sampleApp({ id: 5, role: 'Admin' })]);
    render(ListingPanel, { appId: 5, appName: 'Site Diary' });
    const name = await screen.findByTestId('listing-name');
    await userEvent.type(name, 'x'.repeat(30));
    await vi.waitFor(() => expect(screen.getByTestId('count-name').textContent).toBe('30 / 30'));
    expect(screen.queryAllByTestId('listing-finding').filter((f) => f.dataset.field === 'name')).toEqual([]);
    await userEvent.type(name, 'y');
    await vi.waitFor(() => expect(screen.getByTestId('count-name').textContent).toBe('31 / 30'));
    const finding = screen.getAllByTestId('listing-finding').find((f) => f.dataset.field === 'name');
    expect(finding?.textContent).toContain('31 characters');
    await userEvent.click(screen.getByTestId('save-listing'));
    await vi.waitFor(() => expect(s.versions.listingSaves).toHaveLength(1));
    expect(s.versions.listingSaves[0]?.name).toBe(`${'x'.repeat(30)}y`);
  });

  it('previews hostile text as text', async () => {
    fakeShell([sampleApp({ id: 5, role: 'Owner' })]);
    render(ListingPanel, { appId: 5, appName: 'Site Diary' });
    const summary = await screen.findByTestId('listing-summary-text');
    await userEvent.click(summary);
    await userEvent.paste('<script>window.hacked = true</script><b>bold</b>');
    await userEvent.click(screen.getByTestId('toggle-preview'));
    const shown = await screen.findByTestId('preview-summary');
    expect(shown.textContent).toBe('<script>window.hacked = true</script><b>bold</b>');
    expect(shown.querySelector('script, b')).toBeNull();
    expect((window as unknown as { hacked?: boolean }).hacked).toBeUndefined();
  });

  it('lets a Developer read but not edit', async () => {
    fakeShell([sampleApp({ id: 5, role: 'Developer' })]);
    render(ListingPanel, { appId: 5, appName: 'Site Diary' });
    const name = (await screen.findByTestId('listing-name')) as HTMLInputElement;
    expect(name.closest('fieldset')?.disabled).toBe(true);
    expect(screen.queryByTestId('save-listing')).toBeNull();
    expect(screen.getByRole('note').textContent).toContain('As a Developer');
  });

  it('reorders screenshots and copies a field for the portal', async () => {
    const s = fakeShell([sampleApp({ id: 5, role: 'Owner' })]);
    s.versions.listing.saved = true;
    s.versions.listing.draft = { ...s.versions.listing.draft, name: 'Site Diary' };
    s.versions.screenshots = ['a.png', 'b.png'];
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(ListingPanel, { appId: 5, appName: 'Site Diary' });
    await userEvent.click(await screen.findByLabelText('Move b.png earlier'));
    await vi.waitFor(() => expect(s.versions.moves).toEqual([{ from: 1, to: 0 }]));
    await vi.waitFor(() =>
      expect(screen.getAllByText(/\.png ·/).map((c) => c.textContent?.split(' ')[0])).toEqual(['b.png', 'a.png']),
    );
    expect(screen.getByLabelText('Move b.png later')).toBeTruthy();
    expect((screen.getByLabelText('Move b.png earlier') as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(screen.getByLabelText('Copy the name'));
    expect(writeText).toHaveBeenCalledWith('Site Diary');
  });
});
