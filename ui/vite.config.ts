import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

// What the first screen does not need: loaded by `import()` after it has painted (App.svelte,
// AppPage.svelte, ipc/index.ts). Everything else goes into the one start-up chunk below; a new
// lazily loaded module belongs in this list, or it is bundled into the start-up chunk.
const LAZY =
  /(views[\\/](AppPage|Settings|Alerts)|components[\\/](metrics[\\/]|deprecations[\\/]|versions[\\/]|listing[\\/]|alerts[\\/]|Installations|ConnectDialog)|@tauri-apps[\\/]api[\\/](webview|window|dpi|image|menu)|uplot)/;

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
    // trip through the shell's asset protocol before anything can run (Rolldown would otherwise
    // split the code the lazy views share into chunks of their own).
    modulePreload: false,
    chunkSizeWarningLimit: 300,
    rollupOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: 'index', test: (id: string) => !LAZY.test(id) }],
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
