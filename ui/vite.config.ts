import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import type { Rolldown } from 'vite';
import { defineConfig } from 'vitest/config';

// The start-up chunk holds exactly what main.ts reaches through static imports: the first
// screen's code and nothing else, so the page parses no more script than it runs before the
// first paint (~7 ms per 90 kB here). Whatever is reached only through `import()` (the other
// views, the dialogs, the chart) is left to the bundler's own chunks, loaded after the first
// paint or on first use. Modules shared by the entry and a lazy chunk stay in the entry, so the
// first screen still loads one script.
function inStartupChunk(id: string, ctx: Rolldown.ChunkingContext): boolean {
  let known = startupModules.get(ctx);
  if (!known) startupModules.set(ctx, (known = new Set()));
  // A module is in it when a chain of static importers leads from it to the entry.
  const seen = new Set<string>();
  const reaches = (module: string): boolean => {
    if (known.has(module)) return true;
    if (seen.has(module)) return false;
    seen.add(module);
    const info = ctx.getModuleInfo(module);
    if (!info || !(info.isEntry || info.importers.some(reaches))) return false;
    known.add(module);
    return true;
  };
  return reaches(id);
}
const startupModules = new WeakMap<Rolldown.ChunkingContext, Set<string>>();

export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  // Tauri serves the built files itself; relative paths keep them working under its protocol.
  base: './',
  clearScreen: false,
  server: { port: 5173, strictPort: true, host: '127.0.0.1' },
  build: {
    target: 'safari15',
    outDir: 'dist',
    emptyOutDir: true,
    // The first screen loads one script and one stylesheet: each extra file is another round
    // trip through the shell's asset protocol before anything can run.
    modulePreload: false,
    chunkSizeWarningLimit: 300,
    rollupOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: (id, ctx) => (inStartupChunk(id, ctx) ? 'index' : null), debugName: 'start-up' }],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-setup.ts'],
  },
});
