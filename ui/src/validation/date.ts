import dayjs from 'dayjs'

// Days as the core accepts them (src-tauri/core/src/validate/date.rs): real calendar days written `YYYY-MM-DD`,
// from 1949 to five years after today.

/** The earliest day accepted, and how far ahead of today a day may lie (the core's plausible range). */
export const EARLIEST_DAY = '1949-01-01'
export const MONTHS_AHEAD = 60

/** Whether `value` is a real calendar day written `YYYY-MM-DD`. */
export function isIsoDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

/** The latest day accepted, `YYYY-MM-DD`: five years after `today` (local time). */
export function latestDay(today: Date = new Date()): string {
  return dayjs(today).add(MONTHS_AHEAD, 'month').format('YYYY-MM-DD')
}

/** Whether a day lies outside the accepted range (for the date pickers' disabled days). */
export function isDayOutOfRange(day: Date, today: Date = new Date()): boolean {
  const iso = dayjs(day).format('YYYY-MM-DD')
  return iso < EARLIEST_DAY || iso > latestDay(today)
}

/** Whether `end` falls before `start` (both `YYYY-MM-DD`; ISO days compare as text). */
export function endsBeforeStart(start: string | null | undefined, end: string | null | undefined): boolean {
  return !!start && !!end && end < start
}
