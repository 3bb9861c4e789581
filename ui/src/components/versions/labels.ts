import type { VersionAction, VersionState } from '../../ipc';

/** The portal's words for each state. */
export const STATE_LABELS: Record<VersionState, string> = {
  readyForTesting: 'Ready for Testing',
  promoted: 'Promoted',
  inReview: 'In Review',
  approved: 'Approved',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

/** The portal's buttons, and what recording each means. */
export const ACTION_LABELS: Record<VersionAction, string> = {
  promote: 'Promote Version',
  submit: 'Submit for Review',
  approve: 'Record approval',
  reject: 'Record rejection',
  withdraw: 'Withdraw from Review',
};

export const CONFIRM_LABELS: Record<VersionAction, string> = {
  promote: 'I promoted it in the portal',
  submit: 'I submitted it in the portal',
  approve: 'Record the approval',
  reject: 'Record the rejection',
  withdraw: 'I withdrew it in the portal',
};

/** The confirmation once a move is recorded, e.g. "Version 1.4.0 promoted". */
export function recordedLabel(action: VersionAction, version: string): string {
  switch (action) {
    case 'promote':
      return `Version ${version} promoted`;
    case 'submit':
      return `Version ${version} submitted for review`;
    case 'approve':
      return `Version ${version} recorded as approved`;
    case 'reject':
      return `Version ${version} recorded as rejected`;
    case 'withdraw':
      return `Version ${version} withdrawn from review`;
  }
}

/** Reads a chosen file as UTF-8 text; `null` with a reason when it is not text. */
export async function readTextFile(file: File): Promise<{ text: string } | { error: string }> {
  if (file.size > 1024 * 1024) {
    return { error: `${file.name} is ${Math.round(file.size / 1024)} KB; a manifest is a few KB. Check that this is the manifest JSON.` };
  }
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { error: `${file.name} is not UTF-8 text. Save the manifest as UTF-8 and choose it again.` };
  }
}
