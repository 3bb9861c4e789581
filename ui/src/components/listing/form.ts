import type { HelpfulLink, ListingDraft, ListingReport, RequiredTool } from '../../ipc';

/** One line per feature; blank lines are not features. */
export function featuresFromText(text: string): string[] {
  return text.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
}

/** A comma-separated list, trimmed. */
export function listFromText(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** `Label | https://…` a line. */
export function linksFromText(text: string): HelpfulLink[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const at = l.lastIndexOf('|');
      return at < 0 ? { label: '', url: l.trim() } : { label: l.slice(0, at).trim(), url: l.slice(at + 1).trim() };
    });
}

export function linksToText(links: HelpfulLink[]): string {
  return links.map((l) => `${l.label} | ${l.url}`).join('\n');
}

/** `Tool: level` a line. */
export function toolsFromText(text: string): RequiredTool[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const at = l.lastIndexOf(':');
      return at < 0 ? { tool: l.trim(), level: '' } : { tool: l.slice(0, at).trim(), level: l.slice(at + 1).trim() };
    });
}

export function toolsToText(tools: RequiredTool[]): string {
  return tools.map((t) => `${t.tool}: ${t.level}`).join('\n');
}

/** The findings about one field (and the fields inside it: `features/2` is in `features`). */
export function findingsFor(report: ListingReport, field: string) {
  const inside = (f: { field: string }) => f.field === field || f.field.startsWith(`${field}/`);
  return [
    ...report.errors.filter(inside).map((f) => ({ ...f, severity: 'error' as const })),
    ...report.warnings.filter(inside).map((f) => ({ ...f, severity: 'warning' as const })),
  ];
}

/** "14 / 30", "199 of at least 200". */
export function countText(report: ListingReport, field: string): string | null {
  const c = report.counts.find((x) => x.field === field);
  if (!c) return null;
  if (c.min !== null && c.max !== null) return `${c.count} (${c.min}–${c.max})`;
  if (c.max !== null) return `${c.count} / ${c.max}`;
  if (c.min !== null) return `${c.count} of at least ${c.min}`;
  return String(c.count);
}

export function countOver(report: ListingReport, field: string): boolean {
  const c = report.counts.find((x) => x.field === field);
  return c !== undefined && ((c.max !== null && c.count > c.max) || (c.min !== null && c.count < c.min));
}

export function emptyDraft(): ListingDraft {
  return {
    name: '',
    tagline: '',
    summary: '',
    howItWorks: '',
    features: [],
    details: {
      categories: [],
      contact: null,
      installation: null,
      built_by: null,
      sold_by: null,
      pricing: null,
      regions: [],
      support_email: null,
      support_url: null,
      helpful_links: [],
      required_tools: [],
    },
  };
}
