/**
 * What the 年度考核 page decides without the core: the period the 新建期间 dialog offers, the share per grade as
 * shown, the table's order, where a record behind an item opens, and the checks of the 加分/扣分 form and of the
 * scheme editor (mirroring the core's, so most mistakes show on the field before anything is sent).
 */
import type {
  AssessmentRecordKind,
  AssessmentRule,
  AssessmentScheme,
  AssessmentSource,
  ExpertScore,
  Grade,
  GradeCount,
} from '@/api'

/** The items' sources in the default order. */
export const SOURCES: readonly AssessmentSource[] = [
  'service_days',
  'visits',
  'needs_solved',
  'contract_amount',
  'satisfaction',
]

/** The grades, best first. */
export const GRADES: readonly Grade[] = ['excellent', 'good', 'pass', 'fail']

/** A local calendar day as `YYYY-MM-DD`. */
function dayOf(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/**
 * The period 新建期间 offers on `today`: the calendar year just ended during the first half of a year (when last
 * year is assessed), else this one.
 */
export function defaultPeriod(today: Date): { name: string; startDate: string; endDate: string } {
  const year = today.getMonth() < 6 ? today.getFullYear() - 1 : today.getFullYear()
  return { name: String(year), startDate: dayOf(year, 1, 1), endDate: dayOf(year, 12, 31) }
}

/** One grade's part of the period as the page shows it. */
export interface GradeShare {
  grade: Grade
  label: string
  count: number
  /** e.g. `12.5%` (one decimal, none when whole). */
  percent: string
  /** The bar's width, 0..100. */
  width: number
}

/** A share 0..1 as a percentage with at most one decimal: `25%`, `12.5%`. */
export function percentText(share: number): string {
  const tenths = Math.round(share * 1000) / 10
  return `${tenths}%`
}

/** The share per grade, best first, every grade present (0 when none got it). */
export function gradeShares(distribution: readonly GradeCount[]): GradeShare[] {
  return GRADES.flatMap((grade) => {
    const found = distribution.find((d) => d.grade === grade)
    if (!found) return []
    return [
      {
        grade,
        label: found.label,
        count: found.count,
        percent: percentText(found.share),
        width: Math.max(0, Math.min(100, found.share * 100)),
      },
    ]
  })
}

/** What the table sorts by: a column, or an item's points (`item:<source>`). */
export type SortKey = 'name' | 'organization' | 'adjustments' | 'total' | 'grade' | `item:${AssessmentSource}`

export type SortOrder = 'ascending' | 'descending'

const collator = new Intl.Collator('zh-CN')

function valueOf(row: ExpertScore, key: SortKey): number | string {
  if (key.startsWith('item:')) return row.items.find((i) => i.source === key.slice(5))?.points ?? 0
  switch (key) {
    case 'name':
      return row.expertName
    case 'organization':
      return row.organizationName ?? ''
    case 'adjustments':
      return row.adjustments
    case 'grade':
      // Best first when ascending, like the grades' order.
      return GRADES.indexOf(row.grade)
    default:
      return row.total
  }
}

/**
 * The rows in the order asked (none: as the core gives them, highest total first); ties keep the core's order, so
 * the expert with the higher total, then the name, comes first.
 */
export function sortRows(rows: readonly ExpertScore[], key: SortKey | null, order: SortOrder | null): ExpertScore[] {
  if (!key || !order) return [...rows]
  const sign = order === 'ascending' ? 1 : -1
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const x = valueOf(a.row, key)
      const y = valueOf(b.row, key)
      const c = typeof x === 'string' && typeof y === 'string' ? collator.compare(x, y) : Number(x) - Number(y)
      return c !== 0 ? sign * c : a.index - b.index
    })
    .map((e) => e.row)
}

/** Where a record behind an item opens: its list with `?open=<id>` (the list opens it). */
export function recordLink(kind: AssessmentRecordKind, id: string): { path: string; query: { open: string } } {
  const path = kind === 'service_record' ? '/services' : kind === 'visit' ? '/visits' : '/needs'
  return { path, query: { open: id } }
}

/** A mistake on a field, as an i18n key (under the form's `validation`) with its values. */
export interface Problem {
  field: string
  key: string
  params?: Record<string, string | number>
}

/** Rounds to two decimals as the core does. */
export function round2(x: number): number {
  return Math.round(x * 100) / 100
}

/**
 * The 加分/扣分 form's mistakes: points required, not 0, at most two decimals, and the expert's adjustments
 * (`sum` so far) within ±`limit` after it; a reason required.
 */
export function adjustmentProblems(
  form: { points: number | null | undefined; reason: string },
  limit: number,
  sum: number,
): Problem[] {
  const problems: Problem[] = []
  const p = form.points
  if (p === null || p === undefined || Number.isNaN(p)) problems.push({ field: 'points', key: 'pointsRequired' })
  else if (!Number.isFinite(p) || p === 0 || round2(p) !== p) problems.push({ field: 'points', key: 'pointsInvalid' })
  else {
    const after = round2(sum + p)
    if (Math.abs(after) > limit) {
      problems.push({ field: 'points', key: 'overLimit', params: { limit, sum: round2(sum), after } })
    }
  }
  if (form.reason.trim() === '') problems.push({ field: 'reason', key: 'reasonRequired' })
  return problems
}

const within = (x: number, low: number, high: number) => Number.isFinite(x) && x >= low && x <= high

/** Above 0 and at most 100. */
const positivePoints = (x: number) => within(x, 0, 100) && x > 0

/**
 * The scheme editor's mistakes, on the core's field paths (`items[1].rule.cap`, `thresholds.good`, `thresholds` …),
 * as the core checks them.
 */
export function schemeProblems(scheme: AssessmentScheme, nameOf: (s: AssessmentSource) => string): Problem[] {
  const problems: Problem[] = []
  if (scheme.items.length === 0) problems.push({ field: 'items', key: 'noItems' })
  scheme.items.forEach((item, i) => {
    if (scheme.items.slice(0, i).some((o) => o.source === item.source)) {
      problems.push({ field: `items[${i}].source`, key: 'duplicateSource', params: { name: nameOf(item.source) } })
    }
    const rule = item.rule
    if (rule.kind === 'per_unit') {
      if (!positivePoints(rule.pointsPerUnit))
        problems.push({ field: `items[${i}].rule.pointsPerUnit`, key: 'pointsPerUnit' })
      if (!positivePoints(rule.cap)) problems.push({ field: `items[${i}].rule.cap`, key: 'cap' })
    } else {
      if (rule.tiers.length === 0) problems.push({ field: `items[${i}].rule.tiers`, key: 'noTiers' })
      rule.tiers.forEach((tier, j) => {
        if (!within(tier.threshold, 0, 1e9)) {
          problems.push({ field: `items[${i}].rule.tiers[${j}].threshold`, key: 'tierThreshold' })
        }
        if (!positivePoints(tier.points))
          problems.push({ field: `items[${i}].rule.tiers[${j}].points`, key: 'tierPoints' })
      })
    }
  })
  const w = scheme.satisfactionWeights
  for (const [field, weight] of [
    ['satisfied', w.satisfied],
    ['basicallySatisfied', w.basicallySatisfied],
    ['dissatisfied', w.dissatisfied],
  ] as const) {
    if (!within(weight, 0, 1)) problems.push({ field: `satisfactionWeights.${field}`, key: 'weight' })
  }
  if (!within(scheme.adjustmentLimit, 0, 100)) problems.push({ field: 'adjustmentLimit', key: 'adjustmentLimit' })
  const t = scheme.thresholds
  for (const [field, value] of [
    ['excellent', t.excellent],
    ['good', t.good],
    ['pass', t.pass],
  ] as const) {
    if (!within(value, 0, 100)) problems.push({ field: `thresholds.${field}`, key: 'threshold' })
  }
  if (!(t.pass < t.good && t.good < t.excellent)) problems.push({ field: 'thresholds', key: 'order' })
  const cap = scheme.excellentCapPercent
  if (cap !== null && !(within(cap, 0, 100) && cap > 0)) {
    problems.push({ field: 'excellentCapPercent', key: 'excellentCap' })
  }
  return problems
}

/** A fresh rule of `kind` for an item (the per-unit one of the default scheme's shape, or one tier). */
export function newRule(kind: AssessmentRule['kind']): AssessmentRule {
  return kind === 'per_unit'
    ? { kind: 'per_unit', pointsPerUnit: 1, cap: 10 }
    : { kind: 'tiers', tiers: [{ threshold: 0, inclusive: false, points: 1 }] }
}

/** The most an item gives: its cap, or its highest tier's points. */
export function ruleCap(rule: AssessmentRule): number {
  return rule.kind === 'per_unit' ? rule.cap : Math.max(0, ...rule.tiers.map((t) => t.points))
}

/** A deep copy of a scheme, to edit without touching what was loaded. */
export function cloneScheme(scheme: AssessmentScheme): AssessmentScheme {
  return JSON.parse(JSON.stringify(scheme)) as AssessmentScheme
}
