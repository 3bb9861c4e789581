import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

import { mockCommands } from '../../ipc/mock';
import { fakeShell, sampleApp } from '../../lib/fake-shell';
import { MISSPELT, sampleVersion, versionHandlers, versionsState } from '../../lib/fake-versions';
import { toasts } from '../../lib/toasts.svelte';
import VersionsPanel from './VersionsPanel.svelte';

/** A manifest the fake validator finds one error in (a misspelt placeholder). */
const WITH_ERROR = '{"schema_version": "4.1", "fullscreen": {"source_url": "https://a.example/{{moed}}"}}';

beforeEach(() => {
  toasts.items = [];
});

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
    expect(screen.queryByTestId('edit-version')).toBeNull();
    expect(screen.getByTestId('version-state').textContent).toBe('Ready for Testing');
    expect(screen.getByRole('note').textContent).toContain('Owners and Admins create');
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
    expect(within(dialog).getByTestId('portal-steps').textContent).toContain('Select version 1.1.0 and click Promote Version');
    await userEvent.type(within(dialog).getByTestId('promote-notes'), '   ');
    expect(confirm.disabled, 'blank notes are no notes').toBe(true);
    await userEvent.clear(within(dialog).getByTestId('promote-notes'));
    await userEvent.type(within(dialog).getByTestId('promote-notes'), 'Photos at standard.');
    expect(confirm.disabled).toBe(false);
    await userEvent.click(confirm);
    await vi.waitFor(() => expect(s.versions.recorded).toEqual([{ id: 5, version: '1.1.0', action: 'promote', releaseNotes: 'Photos at standard.', comments: null }]));
    await vi.waitFor(() => expect(screen.getAllByTestId('version-state')[0]?.textContent).toBe('Promoted'));
    expect(screen.queryByTestId('promote-dialog')).toBeNull();
    expect(toasts.items.map((t) => t.text)).toContain('Version 1.1.0 promoted');
  });

  it('says a first promotion gives customers everything, and refuses it while the manifest has errors', async () => {
    const s = shell();
    s.versions.versions = [sampleVersion('1.0.0', 'readyForTesting', { manifest: WITH_ERROR })];
    render(VersionsPanel, { appId: 5 });
    await userEvent.click(await screen.findByTestId('action-promote'));
    const dialog = await screen.findByTestId('promote-dialog');
    await vi.waitFor(() =>
      expect(within(dialog).getByTestId('promote-diff').textContent).toContain('This is the first promoted version: customers get everything in it.'),
    );
    expect(within(dialog).getByTestId('promote-warning').textContent).toContain('do not carry over');
    expect(within(dialog).getByText(/Fix the manifest’s errors before promoting/)).toBeTruthy();
    expect(within(dialog).getByTestId('finding').dataset.pointer).toBe('/fullscreen/source_url');
    expect((within(dialog).getByTestId('promote-notes') as HTMLTextAreaElement).value, 'prefilled with the version’s notes').toBe('Notes for 1.0.0.');
    const confirm = screen.getByTestId('confirm-promote') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByTestId('promote-dialog')).toBeNull();
    expect(s.versions.recorded).toEqual([]);
  });

  it('compares the chosen version with another, each change with its impact', async () => {
    const s = shell();
    s.versions.versions = [sampleVersion('1.1.0', 'readyForTesting'), sampleVersion('1.0.0', 'approved')];
    s.versions.changes = [
      { pointer: '/permissions/project/photos', kind: 'changed', before: 'readonly', after: 'standard', impact: 'Asks customers for more access.', within: 'manifest' },
      { pointer: '/sidepanel', kind: 'removed', before: '{"views":[]}', after: null, impact: 'The side panel goes away.', within: 'manifest' },
    ];
    render(VersionsPanel, { appId: 5 });
    const detail = await screen.findByTestId('version-detail');
    expect(within(detail).queryByTestId('diff-change')).toBeNull();
    await userEvent.selectOptions(within(detail).getByTestId('compare-with'), '1.0.0');
    await vi.waitFor(() => expect(within(detail).getAllByTestId('diff-change')).toHaveLength(2));
    expect(s.versions.diffed).toEqual([{ id: 5, from: '1.0.0', to: '1.1.0' }]);
    const [changed, removed] = within(detail).getAllByTestId('diff-change');
    expect(changed?.dataset.pointer).toBe('/permissions/project/photos');
    expect(changed?.dataset.kind).toBe('changed');
    expect(changed?.textContent).toContain('Asks customers for more access.');
    expect(changed?.textContent).toMatch(/readonly\s*→\s*standard/);
    expect(removed?.textContent).toContain('The side panel goes away.');
  });

  it('edits a Ready for Testing version under the same number', async () => {
    const s = shell();
    s.versions.versions = [sampleVersion('1.2.0', 'readyForTesting'), sampleVersion('1.1.0', 'approved')];
    render(VersionsPanel, { appId: 5 });
    await userEvent.click(await screen.findByTestId('edit-version'));
    const number = screen.getByTestId('version-number') as HTMLInputElement;
    expect(number.value).toBe('1.2.0');
    expect(number.readOnly).toBe(true);
    const notes = screen.getByTestId('release-notes');
    await userEvent.clear(notes);
    await userEvent.type(notes, 'Better notes.');
    await userEvent.click(screen.getByTestId('save-version'));
    await vi.waitFor(() => expect(s.versions.edited).toHaveLength(1));
    expect(s.versions.edited[0]).toMatchObject({ id: 5, version: '1.2.0', releaseNotes: 'Better notes.', manifest: '{\n  "schema_version": "4.1"\n}\n' });
    expect(s.versions.created).toEqual([]);
    expect(await screen.findByText('Better notes.')).toBeTruthy();
    await userEvent.click(screen.getByTestId('version-row-1.1.0'));
    await vi.waitFor(() => expect(screen.getByTestId('version-detail').getAttribute('aria-label')).toBe('Version 1.1.0'));
    expect(screen.queryByTestId('edit-version'), 'only while Ready for Testing').toBeNull();
  });

  it('shows hostile text as text', async () => {
    const s = shell();
    const script = '<img src=x onerror="window.hacked=1"><script>window.hacked=2</script>';
    s.versions.versions = [
      sampleVersion('1.0.0', 'rejected', {
        releaseNotes: script,
        manifest: script,
        history: [{ action: 'reject', state: 'rejected', role: 'Owner', at: 1_700_000_000_000, comments: script }],
      }),
    ];
    render(VersionsPanel, { appId: 5 });
    const detail = await screen.findByTestId('version-detail');
    expect(detail.querySelector('img, script')).toBeNull();
    expect(within(detail).getAllByText(script).length).toBeGreaterThanOrEqual(3);
  });

  it('keeps the version clicked last when an earlier one answers late', async () => {
    const state = versionsState();
    state.versions = [sampleVersion('1.1.0', 'readyForTesting'), sampleVersion('1.0.0', 'approved')];
    const handlers = versionHandlers(state, [sampleApp({ id: 5, role: 'Owner' })]);
    let release = () => {};
    const late = new Promise<void>((resolve) => (release = resolve));
    mockCommands({
      ...handlers,
      version_detail: async (args) => {
        if (args.version === '1.1.0') await late;
        return handlers.version_detail(args);
      },
    });
    render(VersionsPanel, { appId: 5 });
    await userEvent.click(await screen.findByTestId('version-row-1.0.0'));
    await vi.waitFor(() => expect(screen.getByTestId('version-detail').getAttribute('aria-label')).toBe('Version 1.0.0'));
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.getByTestId('version-detail').getAttribute('aria-label')).toBe('Version 1.0.0');
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
    await vi.waitFor(() =>
      expect(s.versions.recorded).toEqual([{ id: 5, version: '2.0.0', action: 'reject', releaseNotes: null, comments: 'Ask for readonly.' }]),
    );
    expect(await screen.findByText('Ask for readonly.')).toBeTruthy();
    expect(screen.getByTestId('version-state').textContent).toBe('Rejected');
    expect(toasts.items.map((t) => t.text)).toContain('Version 2.0.0 recorded as rejected');
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
