import { createRouter, createWebHashHistory, type RouterHistory } from 'vue-router'
import { SECTIONS } from './sections'

/**
 * The app's router. Hash history keeps every route loadable from the bundled index.html, whatever the
 * desktop shell's origin does with unknown paths. Each section has its route; experts and enterprises also have a
 * detail page under their section's path. Unknown routes go to the dashboard.
 */
export function createAppRouter(history: RouterHistory = createWebHashHistory()) {
  return createRouter({
    history,
    routes: [
      ...SECTIONS.map((s) => ({ path: s.path, name: s.key, component: s.view })),
      {
        path: '/experts/:id',
        name: 'expert-detail',
        component: () => import('@/views/detail/ExpertDetailView.vue'),
        props: true,
      },
      {
        path: '/enterprises/:id',
        name: 'enterprise-detail',
        component: () => import('@/views/detail/EnterpriseDetailView.vue'),
        props: true,
      },
      { path: '/:unknown(.*)*', redirect: '/' },
    ],
  })
}
