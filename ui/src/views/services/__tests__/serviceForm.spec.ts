import { describe, expect, it } from 'vitest'
import { checkCount, checkDays, checkEnd, emptyServiceForm, periodDays, toServiceInput } from '../serviceForm'

const TODAY = new Date(2026, 2, 10)

describe('service form checks', () => {
  it('counts the calendar days of a period, both ends included, across months and a leap day', () => {
    expect(periodDays('2026-03-10', '2026-03-10')).toBe(1)
    expect(periodDays('2026-03-10', '2026-03-12')).toBe(3)
    expect(periodDays('2024-02-28', '2024-03-01')).toBe(3)
    expect(periodDays('2026-03-28', '2026-04-02')).toBe(6)
  })

  it('checks 服务天数 as the core does: more than 0, steps of 0.5, not more than the period', () => {
    expect(checkDays(1, '2026-03-10', '2026-03-10', TODAY)).toBeNull()
    expect(checkDays(0.5, '2026-03-10', '2026-03-10', TODAY)).toBeNull()
    expect(checkDays(3, '2026-03-10', '2026-03-12', TODAY)).toBeNull()
    expect(checkDays(0, '2026-03-10', '2026-03-10', TODAY)?.key).toBe('daysPositive')
    expect(checkDays(-1, '2026-03-10', '2026-03-10', TODAY)?.key).toBe('daysPositive')
    expect(checkDays(null, '2026-03-10', '2026-03-10', TODAY)?.key).toBe('daysPositive')
    expect(checkDays(1.3, '2026-03-10', '2026-03-10', TODAY)).toEqual({ key: 'daysStep', params: { days: '1.3' } })
    expect(checkDays(3.5, '2026-03-10', '2026-03-12', TODAY)).toEqual({
      key: 'daysOverPeriod',
      params: { days: '3.5', start: '2026-03-10', end: '2026-03-12', period: 3 },
    })
    // No valid period yet: only the days themselves are checked (the dates carry their own message).
    expect(checkDays(5, '2026-03-12', '2026-03-10', TODAY)).toBeNull()
    expect(checkDays(5, null, '2026-03-10', TODAY)).toBeNull()
  })

  it('refuses an end before the start and missing days', () => {
    expect(checkEnd('2026-03-12', '2026-03-10', TODAY)?.key).toBe('endBeforeStart')
    expect(checkEnd('2026-03-10', null, TODAY)?.key).toBe('endRequired')
    expect(checkEnd('2026-03-10', '2026-02-30', TODAY)?.key).toBe('dateFormat')
    expect(checkEnd('2026-03-10', '2026-03-10', TODAY)).toBeNull()
  })

  it('takes whole counts from 0 to 1,000,000', () => {
    expect(checkCount(0)).toBeNull()
    expect(checkCount(null)).toBeNull()
    expect(checkCount(1.5)?.key).toBe('countInteger')
    expect(checkCount(-1)?.key).toBe('countNegative')
    expect(checkCount(1_000_001)?.key).toBe('countTooLarge')
  })
})

describe('toServiceInput', () => {
  it('sends amounts as typed, blank counts as 0 and a blank summary as null', () => {
    const form = emptyServiceForm({ contractAmount: ' 12.5 ', patents: null, outcomeSummary: '  ' }, TODAY)
    const input = toServiceInput(form)
    expect(input.contractAmount).toBe(' 12.5 ')
    expect(input.investment).toBe('')
    expect(input.patents).toBe(0)
    expect(input.outcomeSummary).toBeNull()
    expect(input.startDate).toBe('2026-03-10')
    expect(input.endDate).toBe('2026-03-10')
    expect(input.serviceDays).toBe(1)
  })
})
