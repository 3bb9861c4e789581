import { call } from '../ipc';

let reported = false;

/** Tells the shell, once, that the first real screen has painted (for the start-up benchmark). */
export function reportFirstPaint(): void {
  if (reported) return;
  reported = true;
  // Two frames: the first callback runs before the paint, the second after it.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      performance.mark('plumbline:first-paint');
      call('mark_first_paint').catch(() => undefined);
    }),
  );
}
