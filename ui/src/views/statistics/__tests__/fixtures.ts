import type { Batch, ExportColumn, Organization, Statistics } from '@/api'
import { outcomes } from '@/test-utils/fixtures'

export { outcomes }

/** 2024年第一季度 over everything: three months of work, two units, two experts, two cities. */
export function statisticsFixture(over: Partial<Statistics> = {}): Statistics {
  return {
    period: { kind: 'quarter', from: '2024-01-01', to: '2024-03-31', label: '2024年第一季度' },
    scopeLabel: '',
    expertsServed: 12,
    enterprisesServed: 1234,
    visits: { visits: 48, personVisits: 97, experts: 11, enterprises: 30 },
    events: {
      events: 3,
      attendance: 120,
      enterprises: 9,
      byType: [
        { eventType: 'matchmaking', events: 2, attendance: 90 },
        { eventType: 'training', events: 1, attendance: 30 },
        { eventType: 'roadshow', events: 0, attendance: 0 },
        { eventType: 'other', events: 0, attendance: 0 },
      ],
    },
    needs: {
      new: 15,
      solved: 4,
      stale: 3,
      byStage: [
        { stage: 'discovered', count: 5 },
        { stage: 'refined', count: 4 },
        { stage: 'matched', count: 3 },
        { stage: 'solving', count: 2 },
        { stage: 'solved', count: 9 },
        { stage: 'shelved', count: 1 },
        { stage: 'merged', count: 0 },
      ],
    },
    outcomes: outcomes({
      records: 60,
      serviceDays: 75.5,
      contractAmountFen: 123_456_789,
      investmentFen: 50_000_000,
      policyFundsFen: 2_000_000,
      costSavedFen: 1_005_000,
      outputValueFen: 300_000_000,
      profitTaxFen: 0,
      patents: 3,
      newProducts: 2,
      newTechnologies: 1,
      peopleTrained: 140,
      needsSolved: 4,
    }),
    perMonth: [
      {
        month: '2024-01',
        visits: 10,
        personVisits: 20,
        serviceRecords: 15,
        serviceDays: 20,
        needsNew: 5,
        needsSolved: 1,
      },
      {
        month: '2024-02',
        visits: 8,
        personVisits: 17,
        serviceRecords: 10,
        serviceDays: 12.5,
        needsNew: 3,
        needsSolved: 1,
      },
      {
        month: '2024-03',
        visits: 30,
        personVisits: 60,
        serviceRecords: 35,
        serviceDays: 43,
        needsNew: 7,
        needsSolved: 2,
      },
    ],
    perExpert: [
      {
        expertId: 'e1',
        name: '张三',
        organizationName: '浙江大学',
        visits: 20,
        enterprises: 8,
        needsMatched: 3,
        outcomes: outcomes({ records: 30, serviceDays: 40, contractAmountFen: 100_000_000 }),
      },
      {
        expertId: 'e2',
        name: '李四',
        organizationName: null,
        visits: 5,
        enterprises: 2,
        needsMatched: 0,
        outcomes: outcomes({ records: 4, serviceDays: 3.5, contractAmountFen: 0 }),
      },
    ],
    perOrganization: [
      {
        organizationId: 'o1',
        name: '浙江大学',
        kind: 'university',
        experts: 10,
        activeExperts: 9,
        personVisits: 80,
        enterprises: 25,
        outcomes: outcomes({ records: 50, serviceDays: 70, contractAmountFen: 123_406_789 }),
      },
      {
        organizationId: null,
        name: null,
        kind: null,
        experts: 2,
        activeExperts: 1,
        personVisits: 17,
        enterprises: 5,
        outcomes: outcomes({ records: 10, serviceDays: 5.5, contractAmountFen: 50_000 }),
      },
    ],
    perRegion: [
      {
        region: '宁波市',
        enterprises: 20,
        visits: 30,
        needsNew: 10,
        needsSolved: 3,
        outcomes: outcomes({ records: 40, serviceDays: 50, contractAmountFen: 100_000_000 }),
      },
      {
        region: '未填地区',
        enterprises: 10,
        visits: 18,
        needsNew: 5,
        needsSolved: 1,
        outcomes: outcomes({ records: 20, serviceDays: 25.5, contractAmountFen: 23_456_789 }),
      },
    ],
    ...over,
  }
}

export const ORGANIZATIONS: Organization[] = [
  { id: 'o1', name: '浙江大学', kind: 'university', region: null, notes: null, expertCount: 10, revision: 1 },
  { id: 'o2', name: '宁波材料所', kind: 'institute', region: null, notes: null, expertCount: 4, revision: 1 },
]

export const BATCHES: Batch[] = [
  {
    id: 'b1',
    name: '2024年第一批',
    year: 2024,
    startDate: null,
    endDate: null,
    notes: null,
    expertCount: 8,
    assignmentCount: 3,
    revision: 1,
  },
]

export const SERVICE_COLUMNS: ExportColumn[] = [
  { key: 'startDate', label: '开始日期', labelEn: 'Start', print: true },
  { key: 'expert', label: '科技专员', labelEn: 'Commissioner', print: true },
  { key: 'enterprise', label: '服务企业', labelEn: 'Enterprise', print: true },
  { key: 'days', label: '服务天数', labelEn: 'Days', print: true },
  { key: 'contractAmount', label: '合同金额（万元）', labelEn: 'Contract (10k yuan)', print: true },
]

/** A ledger whose 打印列 are some of its columns. */
export const NEEDS_COLUMNS: ExportColumn[] = [
  { key: 'serial', label: '序号', labelEn: 'No.', print: true },
  { key: 'enterprise', label: '企业名称', labelEn: 'Enterprise', print: true },
  { key: 'region', label: '所在地区', labelEn: 'Region', print: false },
  { key: 'title', label: '需求名称', labelEn: 'Need', print: true },
  { key: 'refinedProblem', label: '凝练后的问题', labelEn: 'Refined problem', print: false },
]

export const ROSTER_COLUMNS: ExportColumn[] = [
  { key: 'name', label: '姓名', labelEn: 'Name', print: true },
  { key: 'idCard', label: '身份证号', labelEn: 'ID number', print: true },
  { key: 'phone', label: '联系电话', labelEn: 'Phone', print: true },
]
