import { describe, expect, it } from 'vitest';

import type { DateChange, FactChange } from '../../ipc';
import { sampleDeprecations, SCANNED_ROOT } from '../../lib/fake-deprecations';
import { formatDate, formatSunset } from '../../lib/labels';
import { historySentence, pathParts, referenceText, safeLink, scanFindings, seenInText } from './describe';

const SEEN = Date.UTC(2026, 11, 3, 9, 30);
const on = `seen on ${formatDate(SEEN)}`;

function change(kind: FactChange, before: string | null, after: string | null): DateChange {
  return { change: kind, before, after, seenAt: SEEN };
}

describe('Deprecation wording', () => {
  it('tells every kind of date change as a sentence', () => {
    expect(
      [
        change('deprecated', null, '2026-09-15'),
        change('deprecated', null, null),
        change('undeprecated', '2026-09-15', null),
        change('deprecation_moved', '2026-09-15', '2026-10-01'),
        change('sunset_announced', null, '2027-06-01'),
        change('sunset_earlier', '2027-03-01', '2027-01-15'),
        change('sunset_later', '2027-01-15', '2027-03-01'),
        change('sunset_withdrawn', '2027-03-01', null),
        change('removed', '2027-03-01', null),
        change('added', null, null),
      ].map(historySentence),
    ).toEqual([
      `Deprecated as of 2026-09-15, ${on}`,
      `Deprecated, ${on}`,
      `No longer deprecated, ${on}`,
      `Deprecation date moved from 2026-09-15 to 2026-10-01, ${on}`,
      `Sunset announced: 2027-06-01, ${on}`,
      `Sunset moved from 2027-03-01 to 2027-01-15, ${on}`,
      `Sunset moved from 2027-01-15 to 2027-03-01, ${on}`,
      `Sunset date 2027-03-01 withdrawn, ${on}`,
      `Removed from the reference, ${on}`,
      `Added to the reference, ${on}`,
    ]);
  });

  it('counts down to a sunset and past it', () => {
    expect([41, 1, 0, -1, -12].map(formatSunset)).toEqual([
      'Sunset in 41 days',
      'Sunset in 1 day',
      'Sunset today',
      'Sunset 1 day ago',
      'Sunset 12 days ago',
    ]);
  });

  it('names where a use was seen', () => {
    const base = { file: null, line: null, calls: null, lastCalled: null, root: null, methodGuessed: false };
    expect(seenInText({ ...base, source: 'activity', calls: 4 })).toBe('API activity report');
    expect(seenInText({ ...base, source: 'headers' })).toBe('Deprecation headers');
    expect(seenInText({ ...base, source: 'scan', file: 'src/app.ts', line: 12, root: '/code' })).toBe('src/app.ts:12');
    expect(seenInText({ ...base, source: 'scan', file: 'src/app.ts', line: 12, methodGuessed: true })).toBe(
      'src/app.ts:12 (method not visible in code)',
    );
  });

  it('counts each place in the code once, although a call without its method matches every method', () => {
    const view = sampleDeprecations();
    const guessed = { source: 'scan' as const, file: 'src/vendors.ts', line: 40, calls: null, lastCalled: null, root: SCANNED_ROOT, methodGuessed: true };
    const vendors = view.routes.find((r) => r.route === 'GET /rest/v1.0/companies/{}/vendors');
    if (!vendors) throw new Error('the sample has no vendors route');
    view.routes = [...view.routes, { ...vendors, route: 'POST /rest/v1.0/companies/{}/vendors', method: 'POST', seenIn: [guessed] }];
    // submittals.ts:88, rfis.ts:12, vendors.ts:40, companies.ts:5, auth.ts:21.
    expect(scanFindings(view)).toEqual({ root: SCANNED_ROOT, files: 214, calls: 5 });
    expect(scanFindings({ ...view, scans: [] })).toBeNull();
  });

  it('reads the OpenAPI count and the older check, and says when there is no reference', () => {
    const [openApi, legacy] = sampleDeprecations().references;
    if (!openApi || !legacy) throw new Error('the sample has two references');
    expect(referenceText([])).toBe('No reference data yet');
    expect(referenceText([{ ...legacy, checkedAt: Date.UTC(2026, 10, 1) }, openApi])).toBe(
      `Procore reference: 1,953 operations, checked ${formatDate(Date.UTC(2026, 10, 1))}`,
    );
    expect(referenceText([legacy])).toContain('1,186 operations');
  });

  it('lets a long route wrap only after a slash, keeping every character', () => {
    expect(pathParts('/rest/v1.0/projects/{project_id}/rfis')).toEqual(['/', 'rest/', 'v1.0/', 'projects/', '{project_id}/', 'rfis']);
    expect(pathParts('/rest/v1.0/me').join('')).toBe('/rest/v1.0/me');
  });

  it('links only to web pages', () => {
    expect(safeLink('https://developers.procore.com/x')).toBe('https://developers.procore.com/x');
    expect(safeLink('javascript:alert(1)')).toBeNull();
    expect(safeLink(null)).toBeNull();
  });
});
