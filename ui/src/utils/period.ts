/**
 * 统计期间: what the period pickers hold and the period string the core parses (`ReportFilter.period`):
 * `2024` (year), `2024-Q1` (quarter), `2024-03` (month) or `2024-01-01..2024-06-30` (a range, both days included).
 * Dates are calendar days (`YYYY-MM-DD`), computed on integers, never through time zones.
 */
import type { PeriodKind } from '@/api'

/** The kinds in the order the pickers offer them. */
export const PERIOD_KINDS: readonly PeriodKind[] = ['month', 'quarter', 'year', 'range']

/**
 * The period pickers' state. Every field is always filled, so switching kinds never leaves a picker empty; only
 * the fields of `kind` make the period.
 */
export interface PeriodChoice {
  kind: PeriodKind
  /** `YYYY-MM` (month). */
  month: string
  /** `YYYY` (year, and the year of a quarter). */
  year: string
  /** 1–4 (quarter). */
  quarter: number
  /** First and last day, `YYYY-MM-DD` (range). */
  range: [string, string]
}

const CHINESE_QUARTERS = ['一', '二', '三', '四'] as const

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/** A local calendar day as `YYYY-MM-DD`. */
export function isoDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** Days in a month (month 1–12). */
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** The quarter (1–4) of a month (1–12). */
function quarterOfMonth(month: number): number {
  return Math.floor((month - 1) / 3) + 1
}

/** The choice for `kind` covering today (this month, this quarter, this year; a range from the 1st of this month to today). */
export function defaultPeriodChoice(kind: PeriodKind = 'quarter', today: Date = new Date()): PeriodChoice {
  const year = today.getFullYear()
  const month = today.getMonth() + 1
  return {
    kind,
    month: `${year}-${pad(month)}`,
    year: String(year),
    quarter: quarterOfMonth(month),
    range: [`${year}-${pad(month)}-01`, isoDay(today)],
  }
}

/** The period string the core parses, e.g. `2024-Q1`. */
export function periodString(choice: PeriodChoice): string {
  switch (choice.kind) {
    case 'month':
      return choice.month
    case 'quarter':
      return `${choice.year}-Q${choice.quarter}`
    case 'year':
      return choice.year
    case 'range':
      return `${choice.range[0]}..${choice.range[1]}`
  }
}

/** First and last day (included) of the chosen period. */
export function periodBounds(choice: PeriodChoice): [string, string] {
  switch (choice.kind) {
    case 'month': {
      const [y, m] = choice.month.split('-').map(Number) as [number, number]
      return [`${choice.month}-01`, `${choice.month}-${pad(daysInMonth(y, m))}`]
    }
    case 'quarter': {
      const first = (choice.quarter - 1) * 3 + 1
      const last = first + 2
      const y = Number(choice.year)
      return [`${choice.year}-${pad(first)}-01`, `${choice.year}-${pad(last)}-${pad(daysInMonth(y, last))}`]
    }
    case 'year':
      return [`${choice.year}-01-01`, `${choice.year}-12-31`]
    case 'range':
      return [choice.range[0], choice.range[1]]
  }
}

/**
 * Switches to another kind, starting from the period chosen so far: 2024年第一季度 becomes 2024年1月, the year 2024, or
 * the range 2024-01-01..2024-03-31.
 */
export function switchPeriodKind(choice: PeriodChoice, kind: PeriodKind): PeriodChoice {
  if (kind === choice.kind) return choice
  const [from, to] = periodBounds(choice)
  const year = from.slice(0, 4)
  const month = Number(from.slice(5, 7))
  return { kind, month: from.slice(0, 7), year, quarter: quarterOfMonth(month), range: [from, to] }
}

/**
 * The period as a report names it: 2024年3月, 2024年第一季度, 2024年, 2024-01-01至2024-06-30 (Chinese, also used in file
 * names), or March 2024, 2024 Q1, 2024, 2024-01-01 – 2024-06-30 in English.
 */
export function periodLabel(choice: PeriodChoice, locale = 'zh-CN'): string {
  const en = locale === 'en'
  switch (choice.kind) {
    case 'month': {
      const [y, m] = choice.month.split('-').map(Number) as [number, number]
      if (!en) return `${y}年${m}月`
      return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-US', {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      })
    }
    case 'quarter':
      return en ? `${choice.year} Q${choice.quarter}` : `${choice.year}年第${CHINESE_QUARTERS[choice.quarter - 1]}季度`
    case 'year':
      return en ? choice.year : `${choice.year}年`
    case 'range':
      return en ? `${choice.range[0]} – ${choice.range[1]}` : `${choice.range[0]}至${choice.range[1]}`
  }
}
