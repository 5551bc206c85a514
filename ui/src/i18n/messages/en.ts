import type { MessageSchema } from './zh-CN'
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

/** English messages; same keys as the Chinese reference file, assembled the same way (the rule is in zh-CN.ts). */
const en: MessageSchema = {
  visitsPage: visitsPageMessages.en,
  eventsPage: eventsPageMessages.en,
  needsPage: needsPageMessages.en,
  servicesPage: servicesPageMessages.en,
  dashboardPage: dashboardPageMessages.en,
  firstRun: firstRunMessages.en,
  statisticsPage: statisticsPageMessages.en,
  assessmentPage: assessmentPageMessages.en,
  review: reviewMessages.en,
  importPage: importPageMessages.en,
  exchangePage: exchangePageMessages.en,
  dataSafetyPage: dataSafetyPageMessages.en,
  security: securityMessages.en,
  app: appMessages.en,
  nav: navMessages.en,
  locale: localeMessages.en,
  common: commonMessages.en,
  enums: enumsMessages.en,
  experts: expertsMessages.en,
  enterprises: enterprisesMessages.en,
  enterpriseForm: enterpriseFormMessages.en,
  assignments: assignmentsMessages.en,
  columnChooser: columnChooserMessages.en,
  deletion: deletionMessages.en,
  origins: originsMessages.en,
  evidence: evidenceMessages.en,
  organizations: organizationsMessages.en,
  recycleBin: recycleBinMessages.en,
  detail: detailMessages.en,
  history: historyMessages.en,
  expertForm: expertFormMessages.en,
  validation: validationMessages.en,
  settings: settingsMessages.en,
}

export default en
