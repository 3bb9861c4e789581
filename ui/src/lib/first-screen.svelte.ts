import { afterFirstPaint } from './first-paint';

// Long lists build, for the first frame, only the items the window can show; the rest are
// added once the first screen has painted. In a 760 px window a Portfolio of 50 apps then
// paints 9 table rows and 22 navigation links instead of 50 of each (scripts/bench-startup.sh measures it).
let everything = $state(false);
void afterFirstPaint().then(() => (everything = true));

/**
 * `items`, or before the first paint only as many as fit in the window's height below
 * `minTopPx` (where the list can start at the highest) when each takes at least `minItemPx`
 * pixels. Lists that use it keep every item at its final size and place, so the items that
 * come later add below the fold and nothing on screen moves.
 */
export function firstScreen<T>(items: readonly T[], minItemPx: number, minTopPx = 0): readonly T[] {
  if (everything) return items;
  return items.slice(0, Math.ceil(Math.max(0, window.innerHeight - minTopPx) / minItemPx) + 1);
}
