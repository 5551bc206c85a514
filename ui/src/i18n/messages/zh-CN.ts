import { appMessages } from './pages/app'
import { assessmentPageMessages } from './pages/assessmentPage'
import { assignmentsMessages } from './pages/assignments'
import { columnChooserMessages } from './pages/columnChooser'
import { commonMessages } from './pages/common'
import { dashboardPageMessages } from './pages/dashboardPage'
import { dataSafetyPageMessages } from './pages/dataSafetyPage'
import { deletionMessages } from './pages/deletion'
import { detailMessages } from './pages/detail'
import { enterpriseFormMessages } from './pages/enterpriseForm'
import { enterprisesMessages } from './pages/enterprises'
import { enumsMessages } from './pages/enums'
import { eventsPageMessages } from './pages/eventsPage'
import { evidenceMessages } from './pages/evidence'
import { exchangePageMessages } from './pages/exchangePage'
import { expertFormMessages } from './pages/expertForm'
import { expertsMessages } from './pages/experts'
import { firstRunMessages } from './pages/firstRun'
import { historyMessages } from './pages/history'
import { importPageMessages } from './pages/importPage'
import { localeMessages } from './pages/locale'
import { navMessages } from './pages/nav'
import { needsPageMessages } from './pages/needsPage'
import { organizationsMessages } from './pages/organizations'
import { originsMessages } from './pages/origins'
import { recycleBinMessages } from './pages/recycleBin'
import { reviewMessages } from './pages/review'
import { securityMessages } from './pages/security'
import { servicesPageMessages } from './pages/servicesPage'
import { settingsMessages } from './pages/settings'
import { statisticsPageMessages } from './pages/statisticsPage'
import { validationMessages } from './pages/validation'
import { visitsPageMessages } from './pages/visitsPage'

/**
 * Chinese (zh-CN) messages, the reference language: the English file must have exactly the same keys.
 *
 * One naming rule: every top-level key `<key>` has its own file `pages/<key>.ts`, which exports
 * `<key>Messages = { zh, en }` (both languages side by side, with the same keys) and is mounted here as
 * `<key>: <key>Messages.zh` and in en.ts as `<key>: <key>Messages.en`. So `t('<key>.…')` names the file to open, and a
 * new page, dialog or shared set of strings adds one file and one line in each of the two lists below.
 *
 * vue-i18n message syntax: `{name}` interpolates, and a literal `@` must be written `{'@'}`.
 */
const zhCN = {
  visitsPage: visitsPageMessages.zh,
  eventsPage: eventsPageMessages.zh,
  needsPage: needsPageMessages.zh,
  servicesPage: servicesPageMessages.zh,
  dashboardPage: dashboardPageMessages.zh,
  firstRun: firstRunMessages.zh,
  statisticsPage: statisticsPageMessages.zh,
  assessmentPage: assessmentPageMessages.zh,
  review: reviewMessages.zh,
  importPage: importPageMessages.zh,
  exchangePage: exchangePageMessages.zh,
  dataSafetyPage: dataSafetyPageMessages.zh,
  security: securityMessages.zh,
  app: appMessages.zh,
  nav: navMessages.zh,
  locale: localeMessages.zh,
  common: commonMessages.zh,
  enums: enumsMessages.zh,
  experts: expertsMessages.zh,
  enterprises: enterprisesMessages.zh,
  enterpriseForm: enterpriseFormMessages.zh,
  assignments: assignmentsMessages.zh,
  columnChooser: columnChooserMessages.zh,
  deletion: deletionMessages.zh,
  origins: originsMessages.zh,
  evidence: evidenceMessages.zh,
  organizations: organizationsMessages.zh,
  recycleBin: recycleBinMessages.zh,
  detail: detailMessages.zh,
  history: historyMessages.zh,
  expertForm: expertFormMessages.zh,
  validation: validationMessages.zh,
  settings: settingsMessages.zh,
}

export default zhCN

/** The shape every language file must have. */
export type MessageSchema = typeof zhCN
