import type { AssessmentPeriod, AssessmentScheme, AssessmentSheet, ExpertAssessment, ExpertScore, Grade } from '@/api'

/** The shipped default scheme, as the core gives it. */
export function defaultScheme(): AssessmentScheme {
  return {
    items: [
      { source: 'service_days', rule: { kind: 'per_unit', pointsPerUnit: 0.5, cap: 40 } },
      { source: 'visits', rule: { kind: 'per_unit', pointsPerUnit: 1, cap: 15 } },
      { source: 'needs_solved', rule: { kind: 'per_unit', pointsPerUnit: 5, cap: 15 } },
      {
        source: 'contract_amount',
        rule: {
          kind: 'tiers',
          tiers: [
            { threshold: 100, inclusive: true, points: 10 },
            { threshold: 50, inclusive: true, points: 6 },
            { threshold: 0, inclusive: false, points: 3 },
          ],
        },
      },
      { source: 'satisfaction', rule: { kind: 'per_unit', pointsPerUnit: 20, cap: 20 } },
    ],
    satisfactionWeights: { satisfied: 1, basicallySatisfied: 0.6, dissatisfied: 0 },
    adjustmentLimit: 10,
    thresholds: { excellent: 90, good: 75, pass: 60 },
    wording: 'qualified',
    reviewedOnly: false,
    excellentCapPercent: null,
  }
}

export const PERIOD: AssessmentPeriod = {
  id: 'p1',
  name: '2025',
  startDate: '2025-01-01',
  endDate: '2025-12-31',
  scheme: defaultScheme(),
  gradedCount: 0,
  createdAt: '2026-01-05T01:00:00Z',
  updatedAt: '2026-01-05T01:00:00Z',
  revision: 1,
}

const LABELS: Record<Grade, string> = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' }

/** An expert's row: `days` service days, `visits` visits, no evaluation, the rest 0. */
export function scoreRow(
  id: string,
  name: string,
  total: number,
  grade: Grade,
  over: Partial<ExpertScore> = {},
): ExpertScore {
  return {
    expertId: id,
    expertName: name,
    organizationName: '浙江大学',
    items: [
      {
        source: 'service_days',
        figure: total * 2,
        figureText: `${total * 2} 天`,
        points: total,
        cap: 40,
        noData: false,
      },
      { source: 'visits', figure: 0, figureText: '0 次', points: 0, cap: 15, noData: false },
      { source: 'needs_solved', figure: 0, figureText: '0 项', points: 0, cap: 15, noData: false },
      { source: 'contract_amount', figure: 0, figureText: '0.00 万元', points: 0, cap: 10, noData: false },
      { source: 'satisfaction', figure: 0, figureText: '无评价', points: 0, cap: 20, noData: true },
    ],
    adjustments: 0,
    total,
    grade,
    gradeLabel: LABELS[grade],
    loweredByCap: false,
    stored: null,
    ...over,
  }
}

/** The period's sheet of these rows (the distribution counted from them). */
export function sheetOf(rows: ExpertScore[]): AssessmentSheet {
  const grades: Grade[] = ['excellent', 'good', 'pass', 'fail']
  return {
    period: PERIOD,
    rows,
    distribution: grades.map((grade) => {
      const count = rows.filter((r) => r.grade === grade).length
      return { grade, label: LABELS[grade], count, share: rows.length ? count / rows.length : 0 }
    }),
  }
}

/** One expert's score sheet, with service records behind 服务天数. */
export function expertSheet(row: ExpertScore, over: Partial<ExpertAssessment> = {}): ExpertAssessment {
  return {
    period: PERIOD,
    score: row,
    records: [
      { source: 'service_days', kind: 'service_record', ids: ['s1', 's2'] },
      { source: 'visits', kind: 'visit', ids: [] },
      { source: 'needs_solved', kind: 'need', ids: [] },
      { source: 'contract_amount', kind: 'service_record', ids: [] },
      { source: 'satisfaction', kind: 'service_record', ids: [] },
    ],
    adjustments: [],
    selfReview: null,
    unitOpinion: null,
    revision: null,
    ...over,
  }
}
