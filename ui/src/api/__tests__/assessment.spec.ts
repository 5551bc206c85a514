import { invoke } from '@tauri-apps/api/core'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import {
  addAssessmentAdjustment,
  assessmentScheme,
  assessmentSheet,
  createAssessmentPeriod,
  defaultAssessmentScheme,
  deleteAssessmentPeriod,
  expertAssessment,
  exportAssessment,
  gradeAssessment,
  listAssessmentPeriods,
  removeAssessmentAdjustment,
  saveAssessmentNotes,
  saveAssessmentScheme,
  updateAssessmentPeriod,
  type AssessmentScheme,
} from '@/api'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const SCHEME: AssessmentScheme = {
  items: [{ source: 'service_days', rule: { kind: 'per_unit', pointsPerUnit: 0.5, cap: 40 } }],
  satisfactionWeights: { satisfied: 1, basicallySatisfied: 0.6, dissatisfied: 0 },
  adjustmentLimit: 10,
  thresholds: { excellent: 90, good: 75, pass: 60 },
  wording: 'qualified',
  reviewedOnly: false,
  excellentCapPercent: null,
}

describe('年度考核 api', () => {
  beforeEach(() => {
    invokeMock.mockReset()
    invokeMock.mockResolvedValue(null)
  })

  it('names the commands and their camelCase arguments as the shell expects', async () => {
    const calls: [() => Promise<unknown>, string, Record<string, unknown> | undefined][] = [
      [assessmentScheme, 'assessment_scheme', undefined],
      [defaultAssessmentScheme, 'default_assessment_scheme', undefined],
      [() => saveAssessmentScheme(SCHEME), 'save_assessment_scheme', { scheme: SCHEME }],
      [listAssessmentPeriods, 'list_assessment_periods', undefined],
      [
        () => createAssessmentPeriod({ name: '2025', startDate: null, endDate: null }),
        'create_assessment_period',
        { input: { name: '2025', startDate: null, endDate: null } },
      ],
      [
        () => updateAssessmentPeriod('p1', 2, { name: '2025年度', startDate: '2025-07-01', endDate: '2026-06-30' }),
        'update_assessment_period',
        { id: 'p1', expectedRevision: 2, input: { name: '2025年度', startDate: '2025-07-01', endDate: '2026-06-30' } },
      ],
      [() => deleteAssessmentPeriod('p1'), 'delete_assessment_period', { id: 'p1' }],
      [() => assessmentSheet('p1'), 'assessment_sheet', { periodId: 'p1' }],
      [() => expertAssessment('p1', 'x1'), 'expert_assessment', { periodId: 'p1', expertId: 'x1' }],
      [
        () => addAssessmentAdjustment({ periodId: 'p1', expertId: 'x1', points: -2, reason: '迟交材料' }),
        'add_assessment_adjustment',
        { input: { periodId: 'p1', expertId: 'x1', points: -2, reason: '迟交材料' } },
      ],
      [() => removeAssessmentAdjustment('j1'), 'remove_assessment_adjustment', { id: 'j1' }],
      [
        () =>
          saveAssessmentNotes({ periodId: 'p1', expertId: 'x1', selfReview: '自评', unitOpinion: null, revision: 3 }),
        'save_assessment_notes',
        { input: { periodId: 'p1', expertId: 'x1', selfReview: '自评', unitOpinion: null, revision: 3 } },
      ],
      [() => gradeAssessment('p1', null), 'grade_assessment', { periodId: 'p1', expertId: null }],
      [
        () => exportAssessment({ kind: 'sheets', period: '2025', expertIds: ['x1'] }, '/tmp/考核表.xlsx', 'job-1'),
        'export_assessment',
        { request: { kind: 'sheets', period: '2025', expertIds: ['x1'] }, path: '/tmp/考核表.xlsx', jobId: 'job-1' },
      ],
    ]
    for (const [run, command, args] of calls) {
      await run()
      expect(invokeMock).toHaveBeenLastCalledWith(command, args)
    }
    expect(invokeMock).toHaveBeenCalledTimes(calls.length)
  })
})
