/**
 * Pure helpers of the 工作台: the month-on-month change of a figure and the calendar arithmetic on the core's
 * `YYYY-MM-DD` days (done in UTC, so the user's time zone never shifts a day).
 */

/** The figures compared month on month, in the order of their cards. */
export const FIGURE_KEYS = ['visits', 'serviceDays', 'serviceRecords', 'needsSolved'] as const

/** One of {@link FIGURE_KEYS}. */
export type FigureKey = (typeof FIGURE_KEYS)[number]

/** This month's figure against last month's. */
export interface FigureChange {
  /** Up, down, or equal (持平). */
  direction: 'up' | 'down' | 'same'
  /** The size of the change, never negative; service days may be halves. */
  difference: number
}

/** The change from `previous` to `current`, rounded to hundredths so halves of days add up without float noise. */
export function figureChange(current: number, previous: number): FigureChange {
  const delta = Math.round((current - previous) * 100) / 100
  if (delta > 0) return { direction: 'up', difference: delta }
  if (delta < 0) return { direction: 'down', difference: -delta }
  return { direction: 'same', difference: 0 }
}

/** The UTC midnight of a `YYYY-MM-DD` day (or of the first of a `YYYY-MM` month); null when it is not one. */
export function parseDay(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text)
  if (!m) return null
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1))
  return Number.isNaN(date.getTime()) ? null : date
}

const DAY_MS = 86_400_000

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); 0 when either is not a day. */
export function daysBetween(from: string, to: string): number {
  const a = parseDay(from)
  const b = parseDay(to)
  if (!a || !b) return 0
  return Math.round((b.getTime() - a.getTime()) / DAY_MS)
}

/** The ISO 8601 week number (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(day: string): number {
  const date = parseDay(day)
  if (!date) return 0
  const weekday = date.getUTCDay() || 7
  const thursday = new Date(date.getTime() + (4 - weekday) * DAY_MS)
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1)
  return Math.floor((thursday.getTime() - yearStart) / DAY_MS / 7) + 1
}

/** The greeting for an hour of the local clock. */
export function greetingKey(hour: number): 'morning' | 'afternoon' | 'evening' {
  if (hour < 12) return 'morning'
  if (hour < 18) return 'afternoon'
  return 'evening'
}

function intlLocale(locale: string): string {
  return locale === 'en' ? 'en-US' : 'zh-CN'
}

function format(text: string, locale: string, options: Intl.DateTimeFormatOptions): string {
  const date = parseDay(text)
  if (!date) return text
  return new Intl.DateTimeFormat(intlLocale(locale), { ...options, timeZone: 'UTC' }).format(date)
}

/** A day in full with its weekday: 2026年3月9日星期一 / Monday, March 9, 2026. */
export function formatLongDay(day: string, locale: string): string {
  return format(day, locale, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' })
}

/** A day of this year, short, with its weekday: 3月15日周日 / Sun, Mar 15. */
export function formatShortDay(day: string, locale: string): string {
  return format(day, locale, { month: 'short', day: 'numeric', weekday: 'short' })
}

/** A `YYYY-MM` month: 2026年3月 / March 2026. */
export function formatMonth(month: string, locale: string): string {
  return format(month, locale, { year: 'numeric', month: 'long' })
}
