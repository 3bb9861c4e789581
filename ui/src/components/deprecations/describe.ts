// The Deprecations tab's words: statuses, date changes, where a route was seen. Pure, so they
// are tested on their own; kept beside the tab (not in lib/) so they load with it, not with
// the Portfolio.
import type { AppDeprecations, DateChange, ReferenceRevision, RouteExposure, RouteStatus, SeenIn } from '../../ipc';
import { formatCount } from '../../lib/metrics';
import { formatDate } from '../../lib/labels';

export const STATUS_LABELS: Record<RouteStatus, { label: string; hint: string }> = {
  sunset: { label: 'Sunset', hint: 'Its sunset date has passed: it no longer answers in production.' },
  deprecated: { label: 'Deprecated', hint: 'Procore marks it deprecated: plan the move to its replacement.' },
  unknown: { label: 'Unknown', hint: 'Not in Procore’s reference: a typo, a private route, or one already removed.' },
  active: { label: 'Active', hint: 'Current in Procore’s reference.' },
};

/** The statuses a partner has to act on. */
export function needsAttention(route: RouteExposure): boolean {
  return route.status !== 'active';
}

/** One sentence per change of a route's dates, as the reference's revisions showed it. */
export function historySentence(change: DateChange): string {
  const seen = `seen on ${formatDate(change.seenAt)}`;
  const before = change.before ?? 'an unknown date';
  const after = change.after ?? 'an unknown date';
  switch (change.change) {
    case 'deprecated':
      return change.after ? `Deprecated as of ${change.after}, ${seen}` : `Deprecated, ${seen}`;
    case 'undeprecated':
      return `No longer deprecated, ${seen}`;
    case 'deprecation_moved':
      return `Deprecation date moved from ${before} to ${after}, ${seen}`;
    case 'sunset_announced':
      return `Sunset announced: ${after}, ${seen}`;
    case 'sunset_earlier':
    case 'sunset_later':
      return `Sunset moved from ${before} to ${after}, ${seen}`;
    case 'sunset_withdrawn':
      return change.before ? `Sunset date ${change.before} withdrawn, ${seen}` : `Sunset date withdrawn, ${seen}`;
    case 'removed':
      return `Removed from the reference, ${seen}`;
    case 'added':
      return `Added to the reference, ${seen}`;
  }
}

/**
 * The changes that take time away (a sunset moved earlier, a route removed) in the bad colour,
 * those that give it back in the good one; the expected steps stay plain.
 */
export function historyTone(change: DateChange): 'tone-bad' | 'tone-good' | '' {
  switch (change.change) {
    case 'sunset_earlier':
    case 'removed':
      return 'tone-bad';
    case 'undeprecated':
    case 'sunset_later':
    case 'sunset_withdrawn':
      return 'tone-good';
    default:
      return '';
  }
}

/** Where a use was seen: "src/app.ts:12", "API activity report", "Deprecation headers". */
export function seenInText(seen: SeenIn): string {
  switch (seen.source) {
    case 'activity':
      return 'API activity report';
    case 'headers':
      return 'Deprecation headers';
    case 'scan': {
      const place = seen.file === null ? (seen.root ?? 'Source scan') : seen.line === null ? seen.file : `${seen.file}:${seen.line}`;
      return seen.methodGuessed ? `${place} (method not visible in code)` : place;
    }
  }
}

/** "1,284 calls in 30 days, last on 2026-12-02". */
export function callsText(route: RouteExposure): string {
  const count = `${route.calls30d === 0 ? 'No' : formatCount(route.calls30d)} ${route.calls30d === 1 ? 'call' : 'calls'} in 30 days`;
  return route.lastCalled ? `${count}, last on ${route.lastCalled}` : count;
}

/**
 * "Procore reference: 1,953 operations, checked Dec 3, 2026". The two documents describe the
 * same API, so the count is the OpenAPI one's (the resource list's without it), and the date
 * is the older check: nothing is claimed fresher than it is.
 */
export function referenceText(references: ReferenceRevision[]): string {
  const primary = references.find((r) => r.kind === 'openApi') ?? references[0];
  if (!primary) return 'No reference data yet';
  const checked = Math.min(...references.map((r) => r.checkedAt));
  return `Procore reference: ${formatCount(primary.operations)} operations, checked ${formatDate(checked)}`;
}

/** Each document in force, for the reference line's tooltip. */
export function referenceDetail(references: ReferenceRevision[]): string {
  return references
    .map((r) => {
      const name = r.kind === 'openApi' ? 'OpenAPI reference' : 'Resource reference';
      const version = r.version ? ` ${r.version}` : '';
      return `${name}${version}: ${formatCount(r.operations)} operations, ${formatCount(r.deprecated)} deprecated; accepted ${formatDate(r.acceptedAt)}, checked ${formatDate(r.checkedAt)} (${r.source})`;
    })
    .join('\n');
}

/**
 * The Procore calls the newest scan found: each place in the code once, although a call whose
 * method the code does not show is matched to every method of its path.
 */
export function scanFindings(view: AppDeprecations): { root: string; files: number; calls: number } | null {
  const newest = view.scans.reduce<AppDeprecations['scans'][number] | null>(
    (best, scan) => (best === null || scan.scannedAt > best.scannedAt ? scan : best),
    null,
  );
  if (!newest) return null;
  const places = new Set<string>();
  for (const route of view.routes) {
    for (const seen of route.seenIn) {
      if (seen.source === 'scan' && seen.root === newest.root) places.add(`${seen.file ?? ''}:${seen.line ?? ''}`);
    }
  }
  return { root: newest.root, files: newest.filesScanned, calls: places.size };
}

/** Only web pages become links: a `Link` header could name anything. */
export function safeLink(link: string | null): string | null {
  return link !== null && /^https?:\/\//i.test(link) ? link : null;
}

/** "/rest/v1.0/me" as "/", "rest/", "v1.0/", "me": the places a long route may wrap. */
export function pathParts(text: string): string[] {
  return text.split('/').map((part, i, all) => (i < all.length - 1 ? `${part}/` : part)).filter((part) => part !== '');
}
