/**
 * A view kept out of the start-up bundle: its code loads on first use, or earlier through
 * `preload` once the first screen has painted, so later navigation is instant. `component` is
 * reactive: null until loaded. `C` is the view's component type.
 */
export class LazyView<C> {
  component = $state<C | null>(null);
  error = $state<string | null>(null);
  #loading: Promise<void> | null = null;
  readonly #load: () => Promise<{ default: C }>;

  constructor(load: () => Promise<{ default: C }>) {
    this.#load = load;
  }

  /** Starts loading (once); resolves when the view is ready or has failed. */
  preload(): Promise<void> {
    this.#loading ??= this.#load().then(
      (module) => {
        this.component = module.default;
        this.error = null;
      },
      (e: unknown) => {
        // Only a damaged installation gets here: the code ships inside the app.
        this.#loading = null;
        this.error = e instanceof Error ? e.message : String(e);
      },
    );
    return this.#loading;
  }
}
