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

/** A figure that is a plain count, in `unit`. */
function counted(unit: OutcomeUnit) {
  return (key: 'patents' | 'newProducts' | 'newTechnologies' | 'peopleTrained' | 'needsSolved'): Described => ({
    key,
    unit,
    of: (o) => String(o[key]),
  })
}

/** The 万元 amounts, each stored in fen as `<key>Fen`. */
const AMOUNTS = ['contractAmount', 'investment', 'policyFunds', 'costSaved', 'outputValue', 'profitTax'] as const

/** The figures in the order the ledger shows them: records and days, the 万元 amounts, then the counts. */
const FIGURES: readonly Described[] = [
  { key: 'records', unit: 'times', of: (o) => String(o.records) },
  { key: 'serviceDays', unit: 'days', of: (o) => formatDays(o.serviceDays) },
  ...AMOUNTS.map((key): Described => ({ key, unit: 'wan', of: (o) => formatWan(o[`${key}Fen`]) })),
  ...(['patents', 'newProducts', 'newTechnologies'] as const).map(counted('count')),
  counted('people')('peopleTrained'),
  counted('count')('needsSolved'),
]

/** How many figures lead the list: records, days and the 万元 amounts. */
export const LEADING_FIGURES = 2 + AMOUNTS.length

/** The first `count` outcome figures of `totals` (all by default); while there are no totals each value is `empty`. */
export function outcomeFigures(totals: OutcomeTotals | null, empty: string, count = FIGURES.length): OutcomeFigure[] {
  return FIGURES.slice(0, count).map(({ key, unit, of }) => ({ key, unit, value: totals ? of(totals) : empty }))
}
