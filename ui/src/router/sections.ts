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
import AssessmentView from '@/views/assessment/AssessmentView.vue'
import DashboardView from '@/views/dashboard/DashboardView.vue'
import EnterprisesView from '@/views/enterprises/EnterprisesView.vue'
import ExchangeView from '@/views/exchange/ExchangeView.vue'
import ExpertsView from '@/views/experts/ExpertsView.vue'
import ImportView from '@/views/import/ImportView.vue'
import NeedsView from '@/views/needs/NeedsView.vue'
import OrganizationsView from '@/views/organizations/OrganizationsView.vue'
import RecycleBinView from '@/views/recycle-bin/RecycleBinView.vue'
import ReviewView from '@/views/review/ReviewView.vue'
import ServicesView from '@/views/services/ServicesView.vue'
import SettingsView from '@/views/settings/SettingsView.vue'
import StatisticsView from '@/views/statistics/StatisticsView.vue'
import VisitsView from '@/views/visits/VisitsView.vue'
import EventsView from '@/views/events/EventsView.vue'

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
  view: Component
}

/** The sections in sidebar order. */
export const SECTIONS: readonly Section[] = [
  { key: 'dashboard', path: '/', icon: Odometer, view: DashboardView },
  { key: 'experts', path: '/experts', icon: User, view: ExpertsView },
  { key: 'enterprises', path: '/enterprises', icon: OfficeBuilding, view: EnterprisesView },
  { key: 'organizations', path: '/organizations', icon: School, view: OrganizationsView },
  { key: 'visits', path: '/visits', icon: Location, view: VisitsView },
  { key: 'events', path: '/events', icon: Calendar, view: EventsView },
  { key: 'needs', path: '/needs', icon: Document, view: NeedsView },
  { key: 'services', path: '/services', icon: Notebook, view: ServicesView },
  { key: 'review', path: '/review', icon: Stamp, view: ReviewView },
  { key: 'statistics', path: '/statistics', icon: DataAnalysis, view: StatisticsView },
  { key: 'assessment', path: '/assessment', icon: Medal, view: AssessmentView },
  { key: 'import', path: '/import', icon: Upload, view: ImportView },
  { key: 'exchange', path: '/exchange', icon: Switch, view: ExchangeView },
  { key: 'settings', path: '/settings', icon: Setting, view: SettingsView },
  { key: 'recycle-bin', path: '/recycle-bin', icon: Delete, view: RecycleBinView },
]
