/**
 * Runs before every spec file. The spec files share a worker process and its jsdom window (`isolate: false` in
 * vite.config.ts, which saves starting a process and a window, and loading Vue, for each file), so each file starts
 * here as on a fresh page: its own modules (evaluated again, so they see this file's `vi.mock`s), an empty body, empty
 * storage (the remembered language) and no `lang`.
 */
import { vi } from 'vitest'

vi.resetModules()
if (typeof document !== 'undefined') {
  document.body.innerHTML = ''
  document.documentElement.lang = ''
  window.localStorage.clear()
  window.sessionStorage.clear()
}
