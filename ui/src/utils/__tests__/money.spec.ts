import { describe, expect, it } from 'vitest'
import { formatDays, formatWan } from '../money'

describe('formatWan', () => {
  it('turns fen into 万元 with two decimals', () => {
    expect(formatWan(0)).toBe('0.00')
    expect(formatWan(1_000_000)).toBe('1.00')
    expect(formatWan(123_456_789)).toBe('123.46')
    expect(formatWan(12_345_678_900)).toBe('12,345.68')
  })

  it('rounds half up on whole fen, without float drift', () => {
    expect(formatWan(4_999)).toBe('0.00')
    expect(formatWan(5_000)).toBe('0.01')
    expect(formatWan(15_000)).toBe('0.02')
    expect(formatWan(100_004_999)).toBe('100.00')
    expect(formatWan(100_005_000)).toBe('100.01')
  })

  it('keeps the sign of a negative amount', () => {
    expect(formatWan(-1_250_000)).toBe('-1.25')
  })
})

describe('formatDays', () => {
  it('drops trailing zeros and keeps halves', () => {
    expect(formatDays(4)).toBe('4')
    expect(formatDays(3.5)).toBe('3.5')
    expect(formatDays(0.1 + 0.2)).toBe('0.3')
  })
})
