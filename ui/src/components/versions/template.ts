// A 4.1 manifest from a few fields, for a partner who would rather fill a form than write
// JSON. The result goes into the editor as text, where the validator checks it like any other.

export interface ManifestForm {
  appName: string;
  fullscreenUrl: string;
  sidepanelUrl: string;
  /** Comma- or line-separated view keys. */
  sidepanelViews: string;
  /** `tool: level` a line. */
  companyTools: string;
  projectTools: string;
  /** Settings admins fill in, one name a line; `*` after a name makes it required. */
  settings: string;
  notes: string;
}

export const EMPTY_FORM: ManifestForm = {
  appName: '',
  fullscreenUrl: '',
  sidepanelUrl: '',
  sidepanelViews: '',
  companyTools: '',
  projectTools: '',
  settings: '',
  notes: '',
};

function tools(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.lastIndexOf(':');
    if (at < 0 || line.trim() === '') continue;
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

function schema(settings: string) {
  const lines = settings.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) return undefined;
  const properties: Record<string, { name: string; type: string; description: string }> = {};
  const required: string[] = [];
  for (const line of lines) {
    const name = line.replace(/\*$/, '').trim();
    properties[name] = { name, type: 'string', description: '' };
    if (line.endsWith('*')) required.push(name);
  }
  return { schema: { type: 'object', required, properties } };
}

/** The manifest's JSON text, two spaces, one trailing newline. */
export function manifestFromForm(form: ManifestForm): string {
  const config = schema(form.settings);
  const manifest: Record<string, unknown> = { schema_version: '4.1' };
  if (form.appName.trim()) manifest.app_manifest = { name: form.appName.trim() };
  manifest.post_installation_instruction = { notes: form.notes.trim() };
  if (form.fullscreenUrl.trim()) {
    manifest.fullscreen = { source_url: form.fullscreenUrl.trim(), description: '', ...(config ? { user_configuration: config } : {}) };
  }
  if (form.sidepanelUrl.trim()) {
    manifest.sidepanel = {
      views: form.sidepanelViews.split(/[\n,]/).map((v) => v.trim()).filter((v) => v !== ''),
      source_url: form.sidepanelUrl.trim(),
      description: '',
      ...(config && !form.fullscreenUrl.trim() ? { user_configuration: config } : {}),
    };
  }
  const company = tools(form.companyTools);
  const project = tools(form.projectTools);
  if (Object.keys(company).length + Object.keys(project).length > 0) {
    manifest.permissions = {
      ...(Object.keys(company).length ? { company } : {}),
      ...(Object.keys(project).length ? { project } : {}),
    };
  }
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
