import { describe, expect, it } from 'vitest'
import {
  daysBetween,
  figureChange,
  formatLongDay,
  formatMonth,
  formatShortDay,
  greetingKey,
  isoWeek,
} from '../dashboard'

describe('dashboard helpers', () => {
  it('says whether a figure went up, down or stayed, and by how much', () => {
    expect(figureChange(12, 9)).toEqual({ direction: 'up', difference: 3 })
    expect(figureChange(7.5, 10)).toEqual({ direction: 'down', difference: 2.5 })
    expect(figureChange(9, 9)).toEqual({ direction: 'same', difference: 0 })
    // Halves of days summed in floating point must not show as a tiny change.
    expect(figureChange(0.1 + 0.2, 0.3)).toEqual({ direction: 'same', difference: 0 })
  })

  it('counts whole days between two days, across months and years', () => {
    expect(daysBetween('2026-03-04', '2026-03-11')).toBe(7)
    expect(daysBetween('2026-02-27', '2026-03-01')).toBe(2)
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1)
    expect(daysBetween('bad', '2026-01-01')).toBe(0)
  })

  it('numbers ISO weeks, which start on Monday and may belong to the neighbouring year', () => {
    expect(isoWeek('2026-03-11')).toBe(11)
    expect(isoWeek('2026-01-01')).toBe(1)
    expect(isoWeek('2025-12-29')).toBe(1)
    expect(isoWeek('2027-01-01')).toBe(53)
    expect(isoWeek('2026-03-15')).toBe(11)
    expect(isoWeek('2026-03-16')).toBe(12)
  })

  it('greets by the hour', () => {
    expect(greetingKey(8)).toBe('morning')
    expect(greetingKey(12)).toBe('afternoon')
    expect(greetingKey(18)).toBe('evening')
  })

  it('formats days and months in the interface language', () => {
    expect(formatLongDay('2026-03-11', 'zh-CN')).toBe('2026年3月11日星期三')
    expect(formatLongDay('2026-03-11', 'en')).toBe('Wednesday, March 11, 2026')
    expect(formatShortDay('2026-03-15', 'zh-CN')).toBe('3月15日周日')
    expect(formatMonth('2026-02', 'zh-CN')).toBe('2026年2月')
    expect(formatMonth('2026-02', 'en')).toBe('February 2026')
    expect(formatMonth('not a month', 'en')).toBe('not a month')
  })
})
