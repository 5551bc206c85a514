import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

// The desktop shell (Tauri) loads ui/dist from its own origin and, in dev mode, this server on port 1420.
export default defineConfig({
  base: './',
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    // vue-i18n: composition API only, messages compiled at run time without eval (CSP-safe), no devtools hooks.
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_DROP_MESSAGE_COMPILER__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebView2 on Windows, WKWebView on macOS (10.15+), WebKitGTK on Linux.
    target: ['chrome105', 'safari13'],
    chunkSizeWarningLimit: 1200,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.spec.ts', 'scripts/**/*.spec.ts'],
    restoreMocks: true,
    // The spec files of a worker share its process, its jsdom window and the packages Node loaded (Vue, vue-i18n …)
    // instead of a new process and window per file: less than half the CPU time and a third of the wall time of a
    // full run. src/testSetup.ts gives each file its own modules again (and so its own mocks), an empty page and
    // empty storage.
    isolate: false,
    setupFiles: ['src/testSetup.ts'],
    // Vitest's default on a 2-core machine is one worker. Measured while the specs still slept 50–150 ms per step
    // (quiet 2-core machine: 1 worker 143 s wall / 80 s CPU, 2 workers 90 s / 100 s, 3 workers 70 s / 99 s, 4
    // workers 64 s / 105 s; docs/PERFORMANCE.md). The steps now wait on a fake clock instead, so the run is bound by
    // CPU: 2 and 3 workers use the same CPU, and 3 spreads the longest files better at the end of the run.
    maxWorkers: 3,
    // A test's own time limit, not a speed check: with three workers on two cores a form spec can pass 5 s.
    testTimeout: 20_000,
    // Let Vite transform Element Plus as the app build does, so its CommonJS dependencies (async-validator)
    // get the same default-export interop as in the browser bundle.
    server: { deps: { inline: ['element-plus'] } },
  },
})
