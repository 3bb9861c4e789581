// The first screen's data, handed over by the shell before any script runs (see
// src-tauri/state.rs, boot_script): the Portfolio paints without waiting on IPC.
import type { BootState } from './contract';

declare global {
  interface Window {
    __PLUMBLINE_BOOT__?: BootState;
  }
}

/**
 * The desktop's font family from the boot state (every load of the page carries one, a reload
 * too); read before `takeBootState` hands the state over.
 */
export function bootFont(): string | null {
  return window.__PLUMBLINE_BOOT__?.uiFont ?? null;
}

/** The boot state, once. A reloaded page gets none: its data would be as old as the process. */
export function takeBootState(): BootState | null {
  const boot = window.__PLUMBLINE_BOOT__ ?? null;
  delete window.__PLUMBLINE_BOOT__;
  const navigation = performance.getEntriesByType?.('navigation')[0] as
    | PerformanceNavigationTiming
    | undefined;
  return navigation?.type === 'reload' ? null : boot;
}
