import type { EnterpriseRow, ExpertRow, OutcomeTotals, Page } from '@/api'

/** Outcome totals with every figure zero but those given. */
export function outcomes(partial: Partial<OutcomeTotals> = {}): OutcomeTotals {
  return {
    records: 0,
    serviceDays: 0,
    contractAmountFen: 0,
    investmentFen: 0,
    policyFundsFen: 0,
    costSavedFen: 0,
    outputValueFen: 0,
    profitTaxFen: 0,
    patents: 0,
    newProducts: 0,
    newTechnologies: 0,
    peopleTrained: 0,
    needsSolved: 0,
    ...partial,
  }
}

/** The page of `items` a list command answers to `query` (all of them, `total` in all). */
export function pageOf<T>(items: T[], query: { page: number; pageSize: number }, total = items.length): Page<T> {
  return { items, total, page: query.page, pageSize: query.pageSize }
}

/** An enterprise row as the lists and the searched selects show it; `over` changes what a test needs. */
export function enterpriseRow(id: string, name: string, over: Partial<EnterpriseRow> = {}): EnterpriseRow {
  return {
    origins: [],
    id,
    name,
    creditCode: '91350100M000100Y43',
    province: '福建省',
    city: '福州市',
    county: '鼓楼区',
    industry: 'C',
    size: 'small',
    isHighTech: false,
    isTechSme: false,
    isSpecialized: false,
    contactName: null,
    contactPhone: null,
    updatedAt: '2024-01-01T00:00:00Z',
    ...over,
  }
}

/** An expert row as the lists and the searched selects show it; `over` changes what a test needs. */
export function expertRow(id: string, name: string, over: Partial<ExpertRow> = {}): ExpertRow {
  return {
    origins: [],
    id,
    name,
    gender: null,
    title: 'senior',
    organizationName: '福州大学',
    discipline: null,
    phone: null,
    idCardMasked: null,
    status: 'active',
    updatedAt: '2024-01-01T00:00:00Z',
    ...over,
  }
}
