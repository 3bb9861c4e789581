import { MAX_VISIBLE_TOASTS, toasts } from './toasts.svelte';

describe('Toasts', () => {
  afterEach(() => vi.useRealTimers());

  it('shows the newest two at most, and each goes after its time', () => {
    vi.useFakeTimers();
    toasts.items = [];
    toasts.show('Imported 730 days');
    toasts.show('Saved the series as CSV');
    toasts.show('Saved the chart as PNG');
    toasts.show('Could not save', 'error');
    expect(MAX_VISIBLE_TOASTS).toBe(2);
    expect(toasts.items.map((t) => t.text)).toEqual(['Saved the chart as PNG', 'Could not save']);
    vi.advanceTimersByTime(3600);
    expect(toasts.items).toEqual([]);
  });
});
