import dayjs from 'dayjs'
import type { Urgency } from '@/api'

// Small display helpers shared by the needs board, list, drawer and dialogs.

/** Tag colour of each 紧急程度. */
export const URGENCY_TAG: Record<Urgency, 'danger' | 'warning' | 'info'> = {
  high: 'danger',
  normal: 'warning',
  low: 'info',
}

/** Today as `YYYY-MM-DD` in local time (the day the core calls today). */
export function todayIso(now: Date = new Date()): string {
  return dayjs(now).format('YYYY-MM-DD')
}

/** Whole days from `day` (`YYYY-MM-DD`) to today; 0 for today or a day after it. */
export function daysSince(day: string, now: Date = new Date()): number {
  const d = dayjs(day)
  if (!d.isValid()) return 0
  return Math.max(0, dayjs(todayIso(now)).diff(d, 'day'))
}
