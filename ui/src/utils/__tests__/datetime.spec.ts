import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatLocalDateTime } from '../datetime'

describe('formatLocalDateTime', () => {
  const originalTz = process.env.TZ

  beforeAll(() => {
    process.env.TZ = 'Asia/Shanghai'
  })

  afterAll(() => {
    process.env.TZ = originalTz
  })

  it('shows a UTC timestamp in local time (UTC+8) as YYYY-MM-DD HH:mm', () => {
    expect(formatLocalDateTime('2024-03-05T01:02:03.456Z')).toBe('2024-03-05 09:02')
  })

  it('moves to the next local day and year when UTC is still on the previous one', () => {
    expect(formatLocalDateTime('2024-12-31T23:30:00Z')).toBe('2025-01-01 07:30')
  })

  it('accepts offsets other than Z', () => {
    expect(formatLocalDateTime('2024-06-01T08:00:00+00:00')).toBe('2024-06-01 16:00')
  })

  it('leaves text it cannot parse as it is', () => {
    expect(formatLocalDateTime('not a date')).toBe('not a date')
  })
})
