import { describe, expect, it } from 'vitest'
import { outcomes } from '@/test-utils/fixtures'
import { LEADING_FIGURES, outcomeFigures } from '@/utils/outcomes'

const TOTALS = outcomes({ records: 3, serviceDays: 2.5, contractAmountFen: 1234500, peopleTrained: 12 })

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
