import { describe, expect, it } from 'vitest'
import {
  defaultPeriodChoice,
  periodBounds,
  periodLabel,
  periodString,
  switchPeriodKind,
  type PeriodChoice,
} from '../period'

const choice = (over: Partial<PeriodChoice>): PeriodChoice => ({
  kind: 'quarter',
  month: '2024-03',
  year: '2024',
  quarter: 1,
  range: ['2024-01-01', '2024-06-30'],
  ...over,
})

describe('period strings', () => {
  it('writes each kind as the core parses it', () => {
    expect(periodString(choice({ kind: 'month', month: '2024-03' }))).toBe('2024-03')
    expect(periodString(choice({ kind: 'quarter', year: '2024', quarter: 1 }))).toBe('2024-Q1')
    expect(periodString(choice({ kind: 'quarter', year: '2023', quarter: 4 }))).toBe('2023-Q4')
    expect(periodString(choice({ kind: 'year', year: '2024' }))).toBe('2024')
    expect(periodString(choice({ kind: 'range', range: ['2024-01-01', '2024-06-30'] }))).toBe('2024-01-01..2024-06-30')
  })

  it('starts from today: this quarter, and a month at the year end stays in its year', () => {
    const newYearsEve = new Date(2024, 11, 31, 23, 30)
    const q = defaultPeriodChoice('quarter', newYearsEve)
    expect(periodString(q)).toBe('2024-Q4')
    expect(periodString(defaultPeriodChoice('month', newYearsEve))).toBe('2024-12')
    expect(periodString(defaultPeriodChoice('year', newYearsEve))).toBe('2024')
    expect(periodString(defaultPeriodChoice('range', newYearsEve))).toBe('2024-12-01..2024-12-31')
    const newYear = new Date(2025, 0, 1, 0, 5)
    expect(periodString(defaultPeriodChoice('quarter', newYear))).toBe('2025-Q1')
    expect(periodString(defaultPeriodChoice('month', newYear))).toBe('2025-01')
  })

  it('knows the first and last day of each kind, leap Februaries included', () => {
    expect(periodBounds(choice({ kind: 'month', month: '2024-02' }))).toEqual(['2024-02-01', '2024-02-29'])
    expect(periodBounds(choice({ kind: 'month', month: '2023-02' }))).toEqual(['2023-02-01', '2023-02-28'])
    expect(periodBounds(choice({ kind: 'month', month: '2024-12' }))).toEqual(['2024-12-01', '2024-12-31'])
    expect(periodBounds(choice({ kind: 'quarter', quarter: 2 }))).toEqual(['2024-04-01', '2024-06-30'])
    expect(periodBounds(choice({ kind: 'quarter', quarter: 4 }))).toEqual(['2024-10-01', '2024-12-31'])
    expect(periodBounds(choice({ kind: 'year', year: '2025' }))).toEqual(['2025-01-01', '2025-12-31'])
  })

  it('switching the kind starts from the period chosen so far', () => {
    const q3 = choice({ kind: 'quarter', year: '2023', quarter: 3 })
    expect(periodString(switchPeriodKind(q3, 'month'))).toBe('2023-07')
    expect(periodString(switchPeriodKind(q3, 'year'))).toBe('2023')
    expect(periodString(switchPeriodKind(q3, 'range'))).toBe('2023-07-01..2023-09-30')
    const december = choice({ kind: 'month', month: '2024-12' })
    expect(periodString(switchPeriodKind(december, 'quarter'))).toBe('2024-Q4')
    const range = choice({ kind: 'range', range: ['2024-05-10', '2024-08-01'] })
    expect(periodString(switchPeriodKind(range, 'quarter'))).toBe('2024-Q2')
    expect(switchPeriodKind(q3, 'quarter')).toBe(q3)
  })

  it('names the period like a report title, in Chinese and English', () => {
    expect(periodLabel(choice({ kind: 'quarter', quarter: 1 }))).toBe('2024年第一季度')
    expect(periodLabel(choice({ kind: 'quarter', quarter: 4 }))).toBe('2024年第四季度')
    expect(periodLabel(choice({ kind: 'month', month: '2024-03' }))).toBe('2024年3月')
    expect(periodLabel(choice({ kind: 'year' }))).toBe('2024年')
    expect(periodLabel(choice({ kind: 'range' }))).toBe('2024-01-01至2024-06-30')
    expect(periodLabel(choice({ kind: 'quarter', quarter: 1 }), 'en')).toBe('2024 Q1')
    expect(periodLabel(choice({ kind: 'month', month: '2024-12' }), 'en')).toBe('December 2024')
  })
})
