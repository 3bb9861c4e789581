// The locale numbers and dates are shown in. `LANG=C` (minimal desktops, services, CI) gives
// WebKit a navigator.language of "C", which Intl rejects with "invalid language tag: C" --
// and libraries such as the chart's format numbers with navigator.language as they load. So
// this module, imported first by main.ts, makes an unusable language read as US English
// before anything else runs, and `LOCALE` is what every formatter in the UI passes to Intl.
// The first module to run: every module has been fetched and parsed by now (start-up profiling;
// see main.ts for the other marks).
performance.mark('plumbline:modules-loaded');

// Intl constructors reject exactly the tags that are not well-formed BCP 47, and
// getCanonicalLocales checks that without building a formatter (which loads ICU's data).
export function usable(tag: string | undefined): boolean {
  try {
    Intl.getCanonicalLocales(tag);
    return true;
  } catch {
    return false;
  }
}

const FALLBACK = 'en-US';

if (typeof navigator !== 'undefined' && !usable(navigator.language)) {
  Object.defineProperty(Navigator.prototype, 'language', { configurable: true, get: () => FALLBACK });
  Object.defineProperty(Navigator.prototype, 'languages', { configurable: true, get: () => [FALLBACK] });
}

// The (now usable) system language, named explicitly: Intl's own default under LANG=C is a
// POSIX locale that formats 28066 without grouping.
export const LOCALE: string = typeof navigator !== 'undefined' && usable(navigator.language) ? navigator.language : FALLBACK;

/**
 * A formatter built on first use. Building one loads ICU's locale data (milliseconds each), and
 * the first screen formats nothing, so modules keep their formatters behind this.
 */
export function lazily<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}
