import type { TargetFigure, TargetPeriod } from '@/api'
import { formatDays, formatWan } from '@/utils/money'

/** The four measured targets of a pairing, in display order; labels under `assignments.targets`. */
export const TARGET_KEYS = ['serviceDays', 'visits', 'needsSolved', 'contractFen'] as const
export type TargetKey = (typeof TARGET_KEYS)[number]

/** One figure as the drawer shows it: the records' figure, the target, the share reached. */
export interface CompletionCell {
  /** e.g. `4.5`, `3`, `12.50` (万元). */
  actual: string
  /** The target in the same unit; null without one. */
  target: string | null
  /** Percent reached, one decimal; null without a target (or a target of 0). */
  percent: number | null
  /** For a progress bar: the percent capped at 100 (0 without a target). */
  bar: number
}

/** A figure of `key` in its unit: days without trailing zeros, counts whole, money in 万元 with two decimals. */
export function formatTargetValue(key: TargetKey, value: number): string {
  if (key === 'contractFen') return formatWan(value)
  if (key === 'serviceDays') return formatDays(value)
  return String(Math.round(value))
}

/** The cell of one figure. */
export function completionCell(key: TargetKey, figure: TargetFigure): CompletionCell {
  return {
    actual: formatTargetValue(key, figure.actual),
    target: figure.target === null ? null : formatTargetValue(key, figure.target),
    percent: figure.percent,
    bar: figure.percent === null ? 0 : Math.min(100, Math.max(0, figure.percent)),
  }
}

/** The label of a period: the year, or the whole pairing (`all`) as `wholeLabel`. */
export function periodLabel(period: Pick<TargetPeriod, 'label'>, wholeLabel: string): string {
  return period.label === 'all' ? wholeLabel : period.label
}

/** Whether the pairing has any measured target (the drawer then shows percentages). */
export function hasTargets(periods: readonly TargetPeriod[]): boolean {
  return periods.some((p) => TARGET_KEYS.some((k) => p[k].target !== null))
}
