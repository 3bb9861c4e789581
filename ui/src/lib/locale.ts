// The locale numbers and dates are shown in. `LANG=C` (minimal desktops, services, CI) gives
// WebKit a navigator.language of "C", which Intl rejects with "invalid language tag: C" --
// and libraries such as the chart's format numbers with navigator.language as they load. So
// this module, imported first by main.ts, makes an unusable language read as US English
// before anything else runs, and `LOCALE` is what every formatter in the UI passes to Intl.
function usable(tag: string | undefined): boolean {
  try {
    new Intl.NumberFormat(tag).format(1);
    new Intl.DateTimeFormat(tag).format(0);
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
