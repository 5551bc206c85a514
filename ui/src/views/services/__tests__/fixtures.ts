import type { EnterpriseRow, ExpertRow, NeedRow, OutcomeTotals, ServiceRecord, ServiceRecordRow } from '@/api'
import { enterpriseRow, expertRow, outcomes, pageOf } from '@/test-utils/fixtures'

export { pageOf }

/** Test data of the service ledger: two experts, two enterprises, a need, rows and a stored record. */

const IN_2026 = { updatedAt: '2026-01-01T00:00:00Z' }

export const EXPERTS: ExpertRow[] = [
  expertRow('x1', '李娜', { ...IN_2026, gender: 'female', organizationName: '浙江大学' }),
  expertRow('x2', '王强', { ...IN_2026, gender: 'male', title: 'intermediate', organizationName: '中科院宁波材料所' }),
]

function enterprise(id: string, name: string): EnterpriseRow {
  return enterpriseRow(id, name, {
    ...IN_2026,
    creditCode: '91330100MA27XXXX0X',
    province: '浙江省',
    city: '湖州市',
    county: null,
  })
}

export const ENTERPRISES: EnterpriseRow[] = [
  enterprise('e1', '湖州电梯有限公司'),
  enterprise('e2', '德清新材料科技有限公司'),
]

export const NEEDS: NeedRow[] = [
  {
    origins: [],
    id: 'n1',
    title: '曳引机噪声控制',
    enterpriseId: 'e1',
    enterpriseName: '湖州电梯有限公司',
    source: 'visit',
    needType: 'tech_breakthrough',
    discipline: null,
    budgetFen: null,
    urgency: 'normal',
    stage: 'matched',
    stageChangedOn: '2026-02-01',
    stale: false,
    expertNames: ['李娜'],
    createdAt: '2026-01-05T00:00:00Z',
  },
]

export const ROWS: ServiceRecordRow[] = [
  {
    origins: [],
    evidence: { confirmation: false, photo: false },
    id: 'r1',
    startDate: '2026-03-02',
    endDate: '2026-03-03',
    expertId: 'x1',
    expertName: '李娜',
    enterpriseId: 'e1',
    enterpriseName: '湖州电梯有限公司',
    needId: 'n1',
    needTitle: '曳引机噪声控制',
    serviceType: 'tech_breakthrough',
    serviceDays: 1.5,
    content: '现场测试曳引机噪声',
    contractAmountFen: 123_456_789,
    attachmentCount: 2,
    satisfaction: 'satisfied',
    reviewStatus: 'approved',
    reviewOpinion: null,
  },
  {
    origins: [],
    evidence: { confirmation: false, photo: false },
    id: 'r2',
    startDate: '2026-02-20',
    endDate: '2026-02-20',
    expertId: 'x2',
    expertName: '王强',
    enterpriseId: 'e2',
    enterpriseName: '德清新材料科技有限公司',
    needId: null,
    needTitle: null,
    serviceType: 'policy_briefing',
    serviceDays: 1,
    content: '宣讲研发费用加计扣除',
    contractAmountFen: 0,
    attachmentCount: 0,
    satisfaction: null,
    reviewStatus: 'approved',
    reviewOpinion: null,
  },
]

export const TOTALS: OutcomeTotals = outcomes({
  records: 2,
  serviceDays: 2.5,
  contractAmountFen: 123_456_789,
  investmentFen: 5_000,
  policyFundsFen: 1_000_000,
  outputValueFen: 250_000_000,
  profitTaxFen: 4_994,
  patents: 1,
  peopleTrained: 30,
  needsSolved: 1,
})

/** The 服务对象评价 of a record not evaluated, as the core sends it and takes it. */
export const NOT_EVALUATED = {
  satisfaction: null,
  evaluator: null,
  evaluatedOn: null,
  evaluationOpinion: null,
} as const

export const RECORD: ServiceRecord = {
  id: 'r1',
  expertId: 'x1',
  expertName: '李娜',
  enterpriseId: 'e1',
  enterpriseName: '湖州电梯有限公司',
  needId: 'n1',
  needTitle: '曳引机噪声控制',
  startDate: '2026-03-02',
  endDate: '2026-03-03',
  serviceDays: 1.5,
  serviceType: 'tech_breakthrough',
  content: '现场测试曳引机噪声',
  outcomeSummary: null,
  contractAmountFen: 123_456_789,
  investmentFen: 0,
  policyFundsFen: 0,
  costSavedFen: 0,
  outputValueFen: 0,
  profitTaxFen: 0,
  patents: 1,
  newProducts: 0,
  newTechnologies: 0,
  peopleTrained: 0,
  needsSolved: 0,
  ...NOT_EVALUATED,
  createdAt: '2026-03-03T01:00:00Z',
  updatedAt: '2026-03-03T01:00:00Z',
  revision: 3,
  reviewStatus: 'approved',
  reviewOpinion: null,
  reviewedBy: null,
  reviewedAt: null,
}
