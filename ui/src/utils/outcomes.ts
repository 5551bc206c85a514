import type { OutcomeTotals } from '@/api'
import { formatDays, formatWan } from './money'

/** What an outcome figure is counted in: times (records), days, 万元, items or people. */
export type OutcomeUnit = 'times' | 'days' | 'wan' | 'count' | 'people'

/** One outcome figure (成效) as shown: its key (also its message key), its unit and its value formatted. */
export interface OutcomeFigure {
  key: string
  unit: OutcomeUnit
  value: string
}

type Described = Omit<OutcomeFigure, 'value'> & { of: (o: OutcomeTotals) => string }

/** The figures in the order the ledger shows them: records and days, the 万元 amounts, then the counts. */
const FIGURES: readonly Described[] = [
  { key: 'records', unit: 'times', of: (o) => String(o.records) },
  { key: 'serviceDays', unit: 'days', of: (o) => formatDays(o.serviceDays) },
  { key: 'contractAmount', unit: 'wan', of: (o) => formatWan(o.contractAmountFen) },
  { key: 'investment', unit: 'wan', of: (o) => formatWan(o.investmentFen) },
  { key: 'policyFunds', unit: 'wan', of: (o) => formatWan(o.policyFundsFen) },
  { key: 'costSaved', unit: 'wan', of: (o) => formatWan(o.costSavedFen) },
  { key: 'outputValue', unit: 'wan', of: (o) => formatWan(o.outputValueFen) },
  { key: 'profitTax', unit: 'wan', of: (o) => formatWan(o.profitTaxFen) },
  { key: 'patents', unit: 'count', of: (o) => String(o.patents) },
  { key: 'newProducts', unit: 'count', of: (o) => String(o.newProducts) },
  { key: 'newTechnologies', unit: 'count', of: (o) => String(o.newTechnologies) },
  { key: 'peopleTrained', unit: 'people', of: (o) => String(o.peopleTrained) },
  { key: 'needsSolved', unit: 'count', of: (o) => String(o.needsSolved) },
]

/** How many figures lead the list: records, days and the 万元 amounts. */
export const LEADING_FIGURES = 8

/** The first `count` outcome figures of `totals` (all by default); while there are no totals each value is `empty`. */
export function outcomeFigures(totals: OutcomeTotals | null, empty: string, count = FIGURES.length): OutcomeFigure[] {
  return FIGURES.slice(0, count).map(({ key, unit, of }) => ({ key, unit, value: totals ? of(totals) : empty }))
}
