import type { FirstPaintArgs } from '../ipc/contract';
import { mockCommands } from '../ipc/mock';

// Each test loads the modules afresh: whether the first screen has painted is module state.
beforeEach(() => vi.resetModules());

describe('firstScreen', () => {
  it('gives only the items that fit in the window until the first paint, then all of them', async () => {
    const reports: FirstPaintArgs[] = [];
    mockCommands({
      mark_first_paint: (args) => {
        reports.push(args);
        return null;
      },
    });
    const { firstScreen } = await import('./first-screen.svelte');
    const { afterFirstPaint, reportFirstPaint } = await import('./first-paint');
    const items = Array.from({ length: 100 }, (_, i) => i);
    const before = firstScreen(items, 60);
    // jsdom's window is 768 px high: 13 rows of 60 px fill it, one more may peek in.
    expect(before).toEqual(items.slice(0, Math.ceil(window.innerHeight / 60) + 1));
    expect(before.length).toBeLessThan(items.length);
    // A short list is whole from the start.
    expect(firstScreen(items.slice(0, 3), 60)).toEqual([0, 1, 2]);

    reportFirstPaint();
    await afterFirstPaint();
    await Promise.resolve();
    expect(firstScreen(items, 60)).toBe(items);
    // The shell heard of it, with the page's marks.
    expect(reports).toHaveLength(1);
    expect(reports[0]?.marks.map((m) => m.name)).toContain('plumbline:first-paint');
  });
});

describe('firstScreen below a header', () => {
  it('counts only the height left under where the list starts', async () => {
    const { firstScreen } = await import('./first-screen.svelte');
    const items = Array.from({ length: 100 }, (_, i) => i);
    expect(firstScreen(items, 60, 200)).toHaveLength(Math.ceil((window.innerHeight - 200) / 60) + 1);
    // A header taller than the window leaves room for one item, never a negative count.
    expect(firstScreen(items, 60, 10_000)).toHaveLength(1);
  });
});
