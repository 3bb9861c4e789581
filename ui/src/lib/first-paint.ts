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
  // Two frames: the first callback runs before the paint, the second after it.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      performance.mark('plumbline:first-paint');
      call('mark_first_paint', { pageMs: performance.now() }).catch(() => undefined);
      painted();
    }),
  );
}

/**
 * Resolves once the first screen has painted. Work that only adds to a screen already shown
 * (connection states, trends, event subscriptions) waits for it, so it neither delays the
 * first paint nor competes with it for the CPU.
 */
export function afterFirstPaint(): Promise<void> {
  return firstPaint;
}
