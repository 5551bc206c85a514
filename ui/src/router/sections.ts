import {
  Calendar,
  DataAnalysis,
  Medal,
  Delete,
  Document,
  Location,
  Notebook,
  OfficeBuilding,
  Odometer,
  School,
  Setting,
  Stamp,
  Switch,
  Upload,
  User,
} from '@element-plus/icons-vue'
import type { Component } from 'vue'
import type { RouteComponent } from 'vue-router'
import DashboardView from '@/views/dashboard/DashboardView.vue'

/** A top-level section of the app: one sidebar entry, one route, one view folder. */
export interface Section {
  /** Route name, i18n key under `nav.` and test id suffix (`nav-<key>`). */
  key:
    | 'dashboard'
    | 'experts'
    | 'enterprises'
    | 'organizations'
    | 'visits'
    | 'events'
    | 'needs'
    | 'services'
    | 'review'
    | 'statistics'
    | 'assessment'
    | 'import'
    | 'exchange'
    | 'settings'
    | 'recycle-bin'
  path: string
  icon: Component
  /**
   * The page: the 工作台 (the first page shown) in the main bundle, every other page a chunk of its own loaded when
   * first opened, so a start parses only what the 工作台 needs (docs/PERFORMANCE.md, "Start-up").
   */
  view: RouteComponent | (() => Promise<RouteComponent>)
}

/** The sections in sidebar order. */
export const SECTIONS: readonly Section[] = [
  { key: 'dashboard', path: '/', icon: Odometer, view: DashboardView },
  { key: 'experts', path: '/experts', icon: User, view: () => import('@/views/experts/ExpertsView.vue') },
  {
    key: 'enterprises',
    path: '/enterprises',
    icon: OfficeBuilding,
    view: () => import('@/views/enterprises/EnterprisesView.vue'),
  },
  {
    key: 'organizations',
    path: '/organizations',
    icon: School,
    view: () => import('@/views/organizations/OrganizationsView.vue'),
  },
  { key: 'visits', path: '/visits', icon: Location, view: () => import('@/views/visits/VisitsView.vue') },
  { key: 'events', path: '/events', icon: Calendar, view: () => import('@/views/events/EventsView.vue') },
  { key: 'needs', path: '/needs', icon: Document, view: () => import('@/views/needs/NeedsView.vue') },
  { key: 'services', path: '/services', icon: Notebook, view: () => import('@/views/services/ServicesView.vue') },
  { key: 'review', path: '/review', icon: Stamp, view: () => import('@/views/review/ReviewView.vue') },
  {
    key: 'statistics',
    path: '/statistics',
    icon: DataAnalysis,
    view: () => import('@/views/statistics/StatisticsView.vue'),
  },
  { key: 'assessment', path: '/assessment', icon: Medal, view: () => import('@/views/assessment/AssessmentView.vue') },
  { key: 'import', path: '/import', icon: Upload, view: () => import('@/views/import/ImportView.vue') },
  { key: 'exchange', path: '/exchange', icon: Switch, view: () => import('@/views/exchange/ExchangeView.vue') },
  { key: 'settings', path: '/settings', icon: Setting, view: () => import('@/views/settings/SettingsView.vue') },
  {
    key: 'recycle-bin',
    path: '/recycle-bin',
    icon: Delete,
    view: () => import('@/views/recycle-bin/RecycleBinView.vue'),
  },
]
