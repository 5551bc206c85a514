import { createRouter, createWebHashHistory, type RouterHistory } from 'vue-router'
import { SECTIONS } from './sections'

/**
 * The app's router. Hash history keeps every route loadable from the bundled index.html, whatever the
 * desktop shell's origin does with unknown paths. Unknown routes go to the dashboard.
 */
export function createAppRouter(history: RouterHistory = createWebHashHistory()) {
  return createRouter({
    history,
    routes: [
      ...SECTIONS.map((s) => ({ path: s.path, name: s.key, component: s.view })),
      { path: '/:unknown(.*)*', redirect: '/' },
    ],
  })
}
