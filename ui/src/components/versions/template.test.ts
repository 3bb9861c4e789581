import { EMPTY_FORM, manifestFromForm } from './template';

describe('A manifest from the form', () => {
  it('writes the 4.1 shape the portal shows, with only what was filled in', () => {
    const text = manifestFromForm({
      ...EMPTY_FORM,
      appName: 'Punch List Pro',
      fullscreenUrl: 'https://{{tenant}}.punchlist.example/{{procore.project.id}}',
      sidepanelUrl: 'https://app.punchlist.example/panel',
      sidepanelViews: 'commitments.purchase_orders.detail, rfi.detail',
      projectTools: 'rfi: readonly\nsubmittals: standard',
      settings: 'tenant*\nmode',
      notes: 'Enter your tenant.',
    });
    expect(text.endsWith('}\n')).toBe(true);
    const manifest = JSON.parse(text);
    expect(manifest.schema_version).toBe('4.1');
    expect(manifest.fullscreen.user_configuration.schema.required).toEqual(['tenant']);
    expect(Object.keys(manifest.fullscreen.user_configuration.schema.properties)).toEqual(['tenant', 'mode']);
    expect(manifest.sidepanel.views).toEqual(['commitments.purchase_orders.detail', 'rfi.detail']);
    expect(manifest.sidepanel.user_configuration).toBeUndefined();
    expect(manifest.permissions).toEqual({ project: { rfi: 'readonly', submittals: 'standard' } });
    expect(manifest.post_installation_instruction.notes).toBe('Enter your tenant.');
  });

  it('leaves out components and permissions that were not filled in', () => {
    const manifest = JSON.parse(manifestFromForm({ ...EMPTY_FORM, companyTools: 'directory: readonly' }));
    expect(Object.keys(manifest)).toEqual(['schema_version', 'post_installation_instruction', 'permissions']);
    expect(manifest.permissions).toEqual({ company: { directory: 'readonly' } });
  });
});
