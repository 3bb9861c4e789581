import { render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';

import { LazyView } from '../lib/lazy.svelte';
import LazyPending from './LazyPending.svelte';

describe('LazyView and LazyPending', () => {
  it('holds the place while loading, then hands over the component', async () => {
    let resolve: (module: { default: string }) => void = () => undefined;
    const load = vi.fn(() => new Promise<{ default: string }>((r) => (resolve = r)));
    const view = new LazyView(load);
    render(LazyPending, { view, what: 'the metrics', minHeight: '420px' });
    const holder = screen.getByLabelText('Loading');
    expect(holder.getAttribute('aria-busy')).toBe('true');
    expect(holder.style.minHeight).toBe('420px');

    const first = view.preload();
    const second = view.preload();
    expect(load).toHaveBeenCalledTimes(1);
    resolve({ default: 'the component' });
    await Promise.all([first, second]);
    expect(view.component).toBe('the component');
    expect(view.error).toBeNull();
  });

  it('says what could not open and what to do, and tries again on the next preload', async () => {
    const load = vi
      .fn<() => Promise<{ default: string }>>()
      .mockRejectedValueOnce(new Error('Importing a module script failed.'))
      .mockResolvedValueOnce({ default: 'the component' });
    const view = new LazyView(load);
    render(LazyPending, { view, what: 'this page', level: 1 });
    await view.preload();
    await tick();
    const alert = screen.getByRole('alert');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Plumbline could not open this page');
    expect(alert.textContent).toContain('Importing a module script failed.');
    expect(alert.textContent).toContain('Reinstalling Plumbline restores its files');

    await view.preload();
    expect(load).toHaveBeenCalledTimes(2);
    expect(view.component).toBe('the component');
    expect(view.error).toBeNull();
  });
});
