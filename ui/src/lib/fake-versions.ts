// In-memory versions and listing for component tests: the lifecycle table and a few
// findings, following the contract. The real rules (and their tests) live in Rust.
import type {
  App,
  AppVersion,
  ListingDraft,
  ListingView,
  Report,
  VersionAction,
  VersionChangeView,
  VersionState,
} from '../ipc';
import { emptyDraft } from '../components/listing/form';

const MOVES: Record<VersionAction, [VersionState[], VersionState]> = {
  promote: [['readyForTesting'], 'promoted'],
  submit: [['promoted', 'withdrawn'], 'inReview'],
  approve: [['inReview'], 'approved'],
  reject: [['inReview'], 'rejected'],
  withdraw: [['inReview'], 'withdrawn'],
};

export function offered(state: VersionState, canEdit: boolean): VersionAction[] {
  if (!canEdit) return [];
  return (Object.keys(MOVES) as VersionAction[]).filter((a) => MOVES[a][0].includes(state));
}

export function sampleVersion(version: string, state: VersionState, overrides: Partial<AppVersion> = {}): AppVersion {
  return {
    id: Number(version.replaceAll('.', '')),
    appId: 5,
    version,
    state,
    manifest: '{\n  "schema_version": "4.1"\n}\n',
    releaseNotes: `Notes for ${version}.`,
    createdAt: 1_700_000_000_000,
    history: [{ action: null, state: 'readyForTesting', role: 'Owner', at: 1_700_000_000_000, comments: null }],
    ...overrides,
  };
}

const NO_FINDINGS: Report = { errors: [], warnings: [] };

/** A finding the fake validator reports for a misspelt placeholder. */
export const MISSPELT: Report = {
  errors: [
    {
      pointer: '/fullscreen/source_url',
      code: 'placeholder-undefined',
      message: 'The placeholder {{moed}} in the full-screen component’s URL is not a setting of this component.',
    },
  ],
  warnings: [],
};

export function versionsState() {
  return {
    versions: [] as AppVersion[],
    /** Changes promotion_plan and diff_versions answer with. */
    changes: [] as VersionChangeView[],
    recorded: [] as { action: VersionAction; version: string; releaseNotes: string | null; comments: string | null }[],
    created: [] as { version: string; manifest: string; releaseNotes: string }[],
    linted: [] as string[],
    edited: [] as { id: number; version: string; manifest: string | null; releaseNotes: string | null }[],
    diffed: [] as { id: number; from: string; to: string }[],
    listing: { saved: false, draft: emptyDraft(), submitted: null as ListingDraft | null },
    /** Screenshot file names, in order. */
    screenshots: [] as string[],
    moves: [] as { from: number; to: number }[],
    listingSaves: [] as ListingDraft[],
  };
}

function lint(text: string): Report {
  return text.includes('{{moed}}') ? MISSPELT : NO_FINDINGS;
}

function listingView(state: ReturnType<typeof versionsState>, draft: ListingDraft, canEdit: boolean): ListingView {
  const name = [...draft.name].length;
  const errors = [];
  if (name > 30) errors.push({ field: 'name', code: 'too-long', message: `The name is ${name} characters; the Marketplace allows 30.` });
  return {
    canEdit,
    saved: state.listing.saved,
    draft,
    media: state.screenshots.map((fileName, index) => ({
      role: 'screenshot',
      index,
      fileName,
      format: 'png' as const,
      width: 1280,
      height: 720,
      sizeBytes: 10,
      dataUrl: null,
    })),
    report: {
      errors,
      warnings: [],
      counts: [
        { field: 'name', count: name, min: null, max: 30 },
        { field: 'summary', count: [...draft.summary].length, min: 200, max: 2000 },
      ],
    },
    submitted: state.listing.submitted !== null,
    changes:
      state.listing.submitted && state.listing.submitted.name !== draft.name
        ? [{ field: 'name', kind: 'changed', before: state.listing.submitted.name, after: draft.name }]
        : [],
  };
}

type State = ReturnType<typeof versionsState>;

/** The command handlers, over `state` and the portfolio's apps (for the role). */
export function versionHandlers(state: State, apps: App[]) {
  const canEdit = (id: number) => {
    const role = apps.find((a) => a.id === id)?.role;
    return role === 'Owner' || role === 'Admin';
  };
  const find = (version: string) => {
    const found = state.versions.find((v) => v.version === version);
    if (!found) throw { code: 'NotFound', message: `No version ${version}.` };
    return found;
  };
  return {
    list_versions: ({ id }: { id: number }) => ({
      canEdit: canEdit(id),
      distribution: 'marketplace' as const,
      // Copies, as IPC answers with fresh JSON each time.
      versions: state.versions.map((version) => ({
        version: structuredClone(version),
        offered: offered(version.state, canEdit(id)),
        errors: lint(version.manifest).errors.length,
        warnings: 0,
      })),
    }),
    version_detail: ({ id, version }: { id: number; version: string }) => {
      const v = find(version);
      const actions = offered(v.state, canEdit(id));
      return { version: structuredClone(v), offered: actions, report: lint(v.manifest), steps: actions.map((action) => ({ action, steps: [`In the portal: ${action} ${version}`] })) };
    },
    lint_manifest: ({ text }: { text: string }) => {
      state.linted.push(text);
      return lint(text);
    },
    create_version: (args: { id: number; version: string; manifest: string; releaseNotes: string }) => {
      if (!canEdit(args.id)) throw { code: 'Invalid', message: 'As a Developer on this app you may view versions but not create them.' };
      state.created.push(args);
      const v = sampleVersion(args.version, 'readyForTesting', { manifest: args.manifest, releaseNotes: args.releaseNotes });
      state.versions.unshift(v);
      return { version: v, report: lint(args.manifest) };
    },
    edit_version: (args: { id: number; version: string; manifest: string | null; releaseNotes: string | null }) => {
      state.edited.push(args);
      const v = find(args.version);
      Object.assign(v, { manifest: args.manifest ?? v.manifest, releaseNotes: args.releaseNotes ?? v.releaseNotes });
      return { version: v, report: lint(v.manifest) };
    },
    promotion_plan: ({ version }: { version: string }) => {
      const v = find(version);
      const replaces = state.versions.find((o) => o !== v && o.history.some((t) => t.action === 'promote'))?.version ?? null;
      return {
        version,
        replaces,
        changes: replaces ? state.changes : [],
        warning: 'Project selections and app settings do not carry over to the new version.',
        steps: [`Select version ${version} and click Promote Version`],
        report: lint(v.manifest),
      };
    },
    record_version_action: (args: { version: string; action: VersionAction; releaseNotes: string | null; comments: string | null }) => {
      const v = find(args.version);
      const [from, to] = MOVES[args.action];
      if (!from.includes(v.state)) throw { code: 'Invalid', message: `A version that is ${v.state} cannot be moved by ${args.action}.` };
      if (args.action === 'promote' && !(args.releaseNotes ?? '').trim()) throw { code: 'Invalid', message: 'Promoting needs release notes.' };
      state.recorded.push(args);
      v.state = to;
      v.history = [...v.history, { action: args.action, state: to, role: 'Owner', at: 1_700_000_100_000, comments: args.comments }];
      return structuredClone(v);
    },
    diff_versions: (args: { id: number; from: string; to: string }) => {
      state.diffed.push(args);
      return state.changes;
    },
    listing_view: ({ id }: { id: number }) => listingView(state, state.listing.draft, canEdit(id)),
    precheck_listing: ({ id, draft }: { id: number; draft: ListingDraft }) => listingView(state, draft, canEdit(id)),
    save_listing: ({ id, draft }: { id: number; draft: ListingDraft }) => {
      state.listingSaves.push(draft);
      state.listing = { ...state.listing, saved: true, draft };
      return listingView(state, draft, canEdit(id));
    },
    move_screenshot: ({ id, from, to }: { id: number; from: number; to: number }) => {
      state.moves.push({ from, to });
      const [shot] = state.screenshots.splice(from, 1);
      if (shot !== undefined) state.screenshots.splice(to, 0, shot);
      return listingView(state, state.listing.draft, canEdit(id));
    },
    submit_listing: ({ id }: { id: number }) => {
      state.listing.submitted = state.listing.draft;
      return listingView(state, state.listing.draft, canEdit(id));
    },
  };
}
