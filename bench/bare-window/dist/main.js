// Report the first paint exactly as Plumbline's UI does: after the second animation frame.
requestAnimationFrame(() =>
  requestAnimationFrame(() => {
    performance.mark('plumbline:first-paint');
    window.__TAURI_INTERNALS__.invoke('mark_first_paint');
  }),
);
