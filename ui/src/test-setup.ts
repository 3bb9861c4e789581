import { clearMocks } from './ipc/mock';

afterEach(() => {
  clearMocks();
  document.body.innerHTML = '';
  window.location.hash = '';
});

// jsdom has no layout, media queries or canvas. The chart library asks for all three; give it
// inert stand-ins so components render (what is drawn is checked in the real window, e2e).
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
if (!('ResizeObserver' in window)) {
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}
HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement) {
  return new Proxy(
    {},
    {
      get: (_target, name) =>
        name === 'measureText' ? () => ({ width: 10 }) : name === 'canvas' ? this : () => undefined,
      set: () => true,
    },
  );
} as unknown as typeof HTMLCanvasElement.prototype.getContext;
if (!('Path2D' in globalThis)) {
  // Every method of a path is accepted and does nothing.
  (globalThis as unknown as { Path2D: unknown }).Path2D = function Path2D() {
    return new Proxy({}, { get: () => () => undefined });
  };
}
