import type { PageMark } from '../ipc/contract';
import { call } from '../ipc';

let reported = false;
let painted: () => void = () => undefined;
const firstPaint = new Promise<void>((resolve) => (painted = resolve));

/**
 * Notes, once, that the first real screen is in the DOM: after the frame that paints it, the
 * shell hears of it (for the start-up benchmark) and work waiting in `afterFirstPaint` starts.
 */
export function reportFirstPaint(): void {
  if (reported) return;
  reported = true;
  // Two frames: the first callback runs before the paint (`plumbline:first-frame`: what came
  // before it is the page's own work), the second after it.
  requestAnimationFrame(() => {
    performance.mark('plumbline:first-frame');
    requestAnimationFrame(() => {
      performance.mark('plumbline:first-paint');
      call('mark_first_paint', { pageMs: performance.now(), marks: pageMarks() }).catch(() => undefined);
      painted();
    });
  });
}

/**
 * Resolves once the first screen has painted. Work that only adds to a screen already shown
 * (connection states, trends, event subscriptions) waits for it, so it neither delays the
 * first paint nor competes with it for the CPU.
 */
export function afterFirstPaint(): Promise<void> {
  return firstPaint;
}

/**
 * The page's start-up as the browser saw it: when the document arrived, and the page's marks.
 * (WebKitGTK keeps no resource timings for the shell's own scheme, so the script's and the
 * stylesheet's arrivals are not known; `plumbline:modules-loaded` follows the script's.)
 */
function pageMarks(): PageMark[] {
  const marks: PageMark[] = [];
  const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  if (navigation) {
    marks.push({ name: 'index.html arrived', ms: navigation.responseEnd });
    marks.push({ name: 'DOM interactive', ms: navigation.domInteractive });
  }
  for (const mark of performance.getEntriesByType('mark')) {
    marks.push({ name: mark.name, ms: mark.startTime });
  }
  return marks.sort((a, b) => a.ms - b.ms);
}
