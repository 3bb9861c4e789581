import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

import { fakeShell, sampleApp } from '../../lib/fake-shell';
import { MISSPELT, sampleVersion } from '../../lib/fake-versions';
import VersionsPanel from './VersionsPanel.svelte';

function shell(role: 'Owner' | 'Developer' = 'Owner') {
  return fakeShell([sampleApp({ id: 5, role })]);
}

describe('Versions', () => {
  it('says there are none yet, and offers to create one to Owners only', async () => {
    shell();
    const { unmount } = render(VersionsPanel, { appId: 5 });
    expect(await screen.findByTestId('versions-empty')).toBeTruthy();
    expect(screen.getByTestId('create-version')).toBeTruthy();
    unmount();
    const dev = shell('Developer');
    dev.versions.versions = [sampleVersion('1.0.0', 'readyForTesting')];
    render(VersionsPanel, { appId: 5 });
    expect(await screen.findByTestId('version-detail')).toBeTruthy();
    expect(screen.queryByTestId('create-version')).toBeNull();
    expect(screen.queryByTestId('action-promote')).toBeNull();
    expect(screen.getByRole('note').textContent).toContain('As a Developer');
  });

  it('lists versions with their states and offers only the allowed moves', async () => {
    const s = shell();
    s.versions.versions = [sampleVersion('1.1.0', 'inReview'), sampleVersion('1.0.0', 'approved')];
    render(VersionsPanel, { appId: 5 });
    await screen.findByTestId('version-detail');
    expect(screen.getAllByTestId('version-state').map((b) => b.textContent)).toEqual(['In Review', 'Approved']);
    const actions = within(screen.getByTestId('version-detail')).getAllByRole('button').map((b) => b.textContent?.trim());
    expect(actions).toEqual(['Record approval', 'Record rejection', 'Withdraw from Review']);
    await userEvent.click(screen.getByTestId('version-row-1.0.0'));
    await vi.waitFor(() => expect(screen.getByTestId('version-detail').getAttribute('aria-label')).toBe('Version 1.0.0'));
    expect(within(screen.getByTestId('version-detail')).queryAllByRole('button', { name: /Record|Promote|Submit/ })).toEqual([]);
  });

  it('creates a version from pasted JSON with its findings shown live, then saves it', async () => {
    const s = shell();
    render(VersionsPanel, { appId: 5 });
    await userEvent.click(await screen.findByTestId('create-version'));
    expect((screen.getByTestId('version-number') as HTMLInputElement).value).toBe('1.0.0');
    const text = screen.getByTestId('manifest-text');
    await userEvent.click(text);
    await userEvent.paste('{"schema_version": "4.1", "fullscreen": {"source_url": "https://a.example/{{moed}}"}}');
    const finding = await screen.findByTestId('finding', {}, { timeout: 2000 });
    expect(finding.dataset.pointer).toBe('/fullscreen/source_url');
    expect(finding.textContent).toContain('{{moed}}');
    expect(screen.getByTestId('manifest-findings').textContent).toContain('1 error');
    await userEvent.type(screen.getByTestId('release-notes'), 'First.');
    await userEvent.click(screen.getByTestId('save-version'));
    await vi.waitFor(() => expect(s.versions.created).toHaveLength(1));
    expect(s.versions.created[0]).toMatchObject({ version: '1.0.0', releaseNotes: 'First.' });
    expect(s.versions.created[0]?.manifest).toContain('{{moed}}');
    expect(await screen.findByTestId('version-row-1.0.0')).toBeTruthy();
    expect(screen.getByTestId('version-row-1.0.0').textContent).toContain('1 error');
    expect(MISSPELT.errors).toHaveLength(1);
  });

  it('refuses a file that is not UTF-8 before sending it', async () => {
    const s = shell();
    render(VersionsPanel, { appId: 5 });
    await userEvent.click(await screen.findByTestId('create-version'));
    const bytes = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);
    await userEvent.upload(screen.getByTestId('manifest-file'), new File([bytes], 'manifest.json', { type: 'application/json' }));
    expect((await screen.findByRole('alert')).textContent).toContain('not UTF-8');
    expect((screen.getByTestId('manifest-text') as HTMLTextAreaElement).value).toBe('');
    expect(s.versions.linted).toEqual([]);
  });

  it('promotes with the diff and the warning shown, and only with release notes', async () => {
    const s = shell();
    s.versions.versions = [
      sampleVersion('1.1.0', 'readyForTesting', { releaseNotes: '' }),
      sampleVersion('1.0.0', 'approved', {
        history: [
          { action: null, state: 'readyForTesting', role: 'Owner', at: 1, comments: null },
          { action: 'promote', state: 'promoted', role: 'Owner', at: 2, comments: null },
        ],
      }),
    ];
    s.versions.changes = [
      { pointer: '/permissions/project/photos', kind: 'changed', before: 'readonly', after: 'standard', impact: 'Asks customers for more access.', within: 'manifest' },
    ];
    render(VersionsPanel, { appId: 5 });
    await userEvent.click(await screen.findByTestId('action-promote'));
    const dialog = await screen.findByTestId('promote-dialog');
    await vi.waitFor(() => expect(within(dialog).getByTestId('promote-diff').textContent).toContain('since 1.0.0'));
    expect(within(dialog).getByTestId('diff-change').textContent).toContain('Asks customers for more access.');
    expect(within(dialog).getByTestId('promote-warning').textContent).toContain('do not carry over');
    const confirm = screen.getByTestId('confirm-promote') as HTMLButtonElement;
    expect(confirm.disabled, 'release notes are required').toBe(true);
    await userEvent.type(within(dialog).getByTestId('promote-notes'), 'Photos at standard.');
    expect(confirm.disabled).toBe(false);
    await userEvent.click(confirm);
    await vi.waitFor(() => expect(s.versions.recorded).toEqual([{ id: 5, version: '1.1.0', action: 'promote', releaseNotes: 'Photos at standard.', comments: null }]));
    await vi.waitFor(() => expect(screen.getAllByTestId('version-state')[0]?.textContent).toBe('Promoted'));
  });

  it('records a rejection only with the reviewers’ comments', async () => {
    const s = shell();
    s.versions.versions = [sampleVersion('2.0.0', 'inReview')];
    render(VersionsPanel, { appId: 5 });
    await userEvent.click(await screen.findByTestId('action-reject'));
    const confirm = (await screen.findByTestId('confirm-action')) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    await userEvent.type(screen.getByTestId('reject-comments'), 'Ask for readonly.');
    await userEvent.click(confirm);
    await vi.waitFor(() => expect(s.versions.recorded[0]).toMatchObject({ action: 'reject', comments: 'Ask for readonly.' }));
    expect(await screen.findByText('Ask for readonly.')).toBeTruthy();
  });
});

describe('Versions, from a form', () => {
  it('writes the manifest from the form into the editor, where it is validated', async () => {
    const s = fakeShell([sampleApp({ id: 5, role: 'Admin' })]);
    render(VersionsPanel, { appId: 5 });
    await userEvent.click(await screen.findByTestId('create-version'));
    await userEvent.click(screen.getByTestId('use-form'));
    await userEvent.type(screen.getByLabelText('Side panel URL'), 'https://panel.example.com/x');
    await userEvent.type(screen.getByLabelText('Side panel views (comma-separated)'), 'rfi.detail');
    await userEvent.click(screen.getByTestId('form-to-manifest'));
    const text = (screen.getByTestId('manifest-text') as HTMLTextAreaElement).value;
    expect(JSON.parse(text).sidepanel).toEqual({ views: ['rfi.detail'], source_url: 'https://panel.example.com/x', description: '' });
    await vi.waitFor(() => expect(s.versions.linted).toContain(text));
  });
});
