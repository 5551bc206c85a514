import { describe, expect, it } from 'vitest'
import type { OutcomeTotals } from '@/api'
import { LEADING_FIGURES, outcomeFigures } from '@/utils/outcomes'

const TOTALS: OutcomeTotals = {
  records: 3,
  serviceDays: 2.5,
  contractAmountFen: 1234500,
  investmentFen: 0,
  policyFundsFen: 0,
  costSavedFen: 0,
  outputValueFen: 0,
  profitTaxFen: 0,
  patents: 1,
  newProducts: 0,
  newTechnologies: 0,
  peopleTrained: 12,
  needsSolved: 2,
}

describe('outcomeFigures', () => {
  it('lists every figure in order with its unit and formatted value', () => {
    const figures = outcomeFigures(TOTALS, '—')
    expect(figures.map((f) => f.key)).toEqual([
      'records',
      'serviceDays',
      'contractAmount',
      'investment',
      'policyFunds',
      'costSaved',
      'outputValue',
      'profitTax',
      'patents',
      'newProducts',
      'newTechnologies',
      'peopleTrained',
      'needsSolved',
    ])
    expect(figures[0]).toEqual({ key: 'records', unit: 'times', value: '3' })
    expect(figures[2]).toEqual({ key: 'contractAmount', unit: 'wan', value: '1.23' })
    expect(figures[11]).toEqual({ key: 'peopleTrained', unit: 'people', value: '12' })
  })

  it('gives the leading figures only when asked, dashed while there are no totals', () => {
    const figures = outcomeFigures(null, '—', LEADING_FIGURES)
    expect(figures).toHaveLength(8)
    expect(figures.every((f) => f.value === '—')).toBe(true)
    expect(figures.at(-1)?.key).toBe('profitTax')
  })
})
