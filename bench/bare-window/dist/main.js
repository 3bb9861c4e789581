// Report the first paint exactly as Plumbline's UI does: after the second animation frame,
// with the page's own time since its navigation started.
requestAnimationFrame(() =>
  requestAnimationFrame(() => {
    performance.mark('plumbline:first-paint');
    window.__TAURI_INTERNALS__.invoke('mark_first_paint', { args: { pageMs: performance.now() } });
  }),
);
