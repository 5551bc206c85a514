import { describe, expect, it, vi } from 'vitest'
import type { Batch } from '@/api'
import {
  batchFormOf,
  batchFormRules,
  checkBatchName,
  checkDay,
  checkEndDate,
  checkYear,
  emptyBatchForm,
  formatPeriod,
  parseYear,
  toBatchInput,
} from '../batchForm'
import type { FormProblem } from '../formSupport'
import { endsBeforeStart, isDayOutOfRange, isIsoDay, latestDay } from '@/validation/date'

const TODAY = new Date(2026, 10, 27) // 2026-11-27, local time

const BATCH: Batch = {
  id: 'b1',
  name: '2024年第一批',
  year: 2024,
  startDate: '2024-03-01',
  endDate: null,
  notes: '省级',
  expertCount: 5,
  assignmentCount: 7,
  revision: 2,
}

describe('batch form model', () => {
  it('starts blank with the current year', () => {
    expect(emptyBatchForm(TODAY)).toEqual({ name: '', year: '2026', startDate: null, endDate: null, notes: '' })
  })

  it('fills the form from a stored batch and round-trips it', () => {
    const form = batchFormOf(BATCH)
    expect(form).toEqual({ name: '2024年第一批', year: '2024', startDate: '2024-03-01', endDate: null, notes: '省级' })
    expect(toBatchInput(form)).toEqual({
      name: '2024年第一批',
      year: 2024,
      startDate: '2024-03-01',
      endDate: null,
      notes: '省级',
    })
    expect(batchFormOf({ ...BATCH, year: null, notes: null })).toMatchObject({ year: '', notes: '' })
  })

  it('sends blanks as null and the year as a number', () => {
    expect(toBatchInput({ name: ' 第二批 ', year: ' ２０２５年 ', startDate: '', endDate: null, notes: '  ' })).toEqual(
      {
        name: '第二批',
        year: 2025,
        startDate: null,
        endDate: null,
        notes: null,
      },
    )
    expect(parseYear('')).toBeNull()
    expect(parseYear('20x4')).toBeNull()
  })

  it('requires a name', () => {
    expect(checkBatchName('  ')).toEqual({ key: 'batchNameRequired' })
    expect(checkBatchName('2024年第一批')).toBeNull()
  })

  it('accepts a blank year or one in 2000–2100', () => {
    expect(checkYear('')).toBeNull()
    expect(checkYear('2000')).toBeNull()
    expect(checkYear('2100')).toBeNull()
    expect(checkYear('２０２４')).toBeNull()
    expect(checkYear('2024年')).toBeNull()
    expect(checkYear('1999')).toEqual({ key: 'yearRange', params: { n: 1999 } })
    expect(checkYear('2101')).toEqual({ key: 'yearRange', params: { n: 2101 } })
    expect(checkYear('24')).toEqual({ key: 'yearFormat' })
    expect(checkYear('二〇二四')).toEqual({ key: 'yearFormat' })
  })

  it('accepts only real days from 1949 to five years ahead', () => {
    expect(isIsoDay('2024-02-29')).toBe(true)
    expect(isIsoDay('2023-02-29')).toBe(false)
    expect(isIsoDay('2023/02/01')).toBe(false)
    expect(latestDay(TODAY)).toBe('2031-11-27')
    expect(checkDay(null, TODAY)).toBeNull()
    expect(checkDay('2031-11-27', TODAY)).toBeNull()
    expect(checkDay('2031-11-28', TODAY)).toEqual({ key: 'dateRange' })
    expect(checkDay('1948-12-31', TODAY)).toEqual({ key: 'dateRange' })
    expect(checkDay('2024-13-01', TODAY)).toEqual({ key: 'dateFormat' })
    expect(isDayOutOfRange(new Date(2031, 10, 28), TODAY)).toBe(true)
    expect(isDayOutOfRange(new Date(2024, 0, 1), TODAY)).toBe(false)
  })

  it('refuses an end date before the start date, allowing the same day', () => {
    expect(endsBeforeStart('2024-03-01', '2024-02-29')).toBe(true)
    expect(endsBeforeStart('2024-03-01', '2024-03-01')).toBe(false)
    expect(endsBeforeStart(null, '2024-03-01')).toBe(false)
    expect(checkEndDate('2024-03-01', '2024-02-29', TODAY)).toEqual({ key: 'endBeforeStart' })
    expect(checkEndDate('2024-03-01', '2024-03-01', TODAY)).toBeNull()
    expect(checkEndDate('2024-03-01', null, TODAY)).toBeNull()
    expect(checkEndDate(null, '2024-03-01', TODAY)).toBeNull()
  })

  it('builds rules whose end-date check reads the start date from the form', () => {
    const translate = vi.fn((p: FormProblem) => `msg:${p.key}${p.params ? JSON.stringify(p.params) : ''}`)
    const model = { startDate: '2024-03-01' as string | null }
    const rules = batchFormRules(translate, model)
    const callback = vi.fn()

    expect(rules.name?.[0]?.required).toBe(true)
    rules.year?.[0]?.validator?.({}, '1990', callback, {}, {})
    expect(callback).toHaveBeenLastCalledWith(new Error('msg:yearRange{"n":1990}'))

    const [endRule] = rules.endDate ?? []
    endRule?.validator?.({}, '2024-02-01', callback, {}, {})
    expect(callback).toHaveBeenLastCalledWith(new Error('msg:endBeforeStart'))
    model.startDate = null
    endRule?.validator?.({}, '2024-02-01', callback, {}, {})
    expect(callback).toHaveBeenLastCalledWith()
  })

  it('shows the period compactly', () => {
    expect(formatPeriod({ startDate: '2024-03-01', endDate: '2024-12-31' })).toBe('2024-03-01 ~ 2024-12-31')
    expect(formatPeriod({ startDate: '2024-03-01', endDate: null })).toBe('2024-03-01 ~')
    expect(formatPeriod({ startDate: null, endDate: '2024-12-31' })).toBe('~ 2024-12-31')
    expect(formatPeriod({ startDate: null, endDate: null })).toBe('')
  })
})
