import type { OutcomeTotals, Page } from '@/api'

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
