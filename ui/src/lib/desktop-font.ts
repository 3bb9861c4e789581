const GENERIC = new Set(['sans-serif', 'serif', 'monospace', 'system-ui']);

/**
 * Draws the page in the desktop's interface font family, as the shell read it from GTK (see
 * src-tauri/desktop_font.rs). Without one the theme's `system-ui` stays.
 */
export function applyDesktopFont(family: string | null | undefined, root = document.documentElement): void {
  if (!family) return;
  // A family name becomes a CSS string: quotes and backslashes escaped, no line breaks.
  const name = family.replace(/\p{Cc}/gu, '');
  if (name === '') return;
  const css = GENERIC.has(name) ? name : `"${name.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  root.style.setProperty('--font', css === 'sans-serif' ? css : `${css}, sans-serif`);
}
