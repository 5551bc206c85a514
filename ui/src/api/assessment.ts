/** 年度考核: the scheme in 设置 → 考核办法, periods, the period's sheet, one expert's score sheet, 加分/扣分, 自评 and
 * 派出单位意见, 定档 (grading), and the 年度考核汇总表 / 考核表 workbooks. */
import type {
  AssessmentAdjustmentInput,
  AssessmentExportRequest,
  AssessmentNotesInput,
  AssessmentPeriod,
  AssessmentPeriodInput,
  AssessmentScheme,
  AssessmentSheet,
  ExpertAssessment,
  ExportReport,
} from './bindings'
import { call } from './call'

/** The scheme in 设置 (the shipped default when none was saved). */
export function assessmentScheme(): Promise<AssessmentScheme> {
  return call<AssessmentScheme>('assessment_scheme')
}

/** The shipped default scheme, for 恢复默认. */
export function defaultAssessmentScheme(): Promise<AssessmentScheme> {
  return call<AssessmentScheme>('default_assessment_scheme')
}

/** Saves the scheme in 设置; rejects with "validation" and field errors (`items[1].rule.cap`, `thresholds` …).
 * Existing periods keep their own copy. */
export function saveAssessmentScheme(scheme: AssessmentScheme): Promise<AssessmentScheme> {
  return call<AssessmentScheme>('save_assessment_scheme', { scheme })
}

/** The assessment periods, the latest first. */
export function listAssessmentPeriods(): Promise<AssessmentPeriod[]> {
  return call<AssessmentPeriod[]>('list_assessment_periods')
}

/** Creates a period with a copy of the scheme in 设置 (a name such as `2025` without days: the calendar year). */
export function createAssessmentPeriod(input: AssessmentPeriodInput): Promise<AssessmentPeriod> {
  return call<AssessmentPeriod>('create_assessment_period', { input })
}

/** Renames a period or changes its days; rejects with "conflict" when it changed since `expectedRevision`. */
export function updateAssessmentPeriod(
  id: string,
  expectedRevision: number,
  input: AssessmentPeriodInput,
): Promise<AssessmentPeriod> {
  return call<AssessmentPeriod>('update_assessment_period', { id, expectedRevision, input })
}

/** Deletes a period with its adjustments, notes and stored results. */
export function deleteAssessmentPeriod(id: string): Promise<void> {
  return call<void>('delete_assessment_period', { id })
}

/** The 年度考核 page: every expert of the period with each item's figure and points, total, grade, stored result. */
export function assessmentSheet(periodId: string): Promise<AssessmentSheet> {
  return call<AssessmentSheet>('assessment_sheet', { periodId })
}

/** One expert's score sheet: the row, the records behind each item, adjustments, 自评, 派出单位意见. */
export function expertAssessment(periodId: string, expertId: string): Promise<ExpertAssessment> {
  return call<ExpertAssessment>('expert_assessment', { periodId, expertId })
}

/** Adds a 加分/扣分 entry (reason required, within the limit; field errors on `points`, `reason`). */
export function addAssessmentAdjustment(input: AssessmentAdjustmentInput): Promise<ExpertAssessment> {
  return call<ExpertAssessment>('add_assessment_adjustment', { input })
}

/** Removes a 加分/扣分 entry. */
export function removeAssessmentAdjustment(id: string): Promise<ExpertAssessment> {
  return call<ExpertAssessment>('remove_assessment_adjustment', { id })
}

/** Saves 自评 and 派出单位意见 against `input.revision` (the score sheet's `revision`). */
export function saveAssessmentNotes(input: AssessmentNotesInput): Promise<ExpertAssessment> {
  return call<ExpertAssessment>('save_assessment_notes', { input })
}

/** 定档: stores the final result of one expert, or of every expert of the period when `expertId` is null. */
export function gradeAssessment(periodId: string, expertId: string | null): Promise<AssessmentSheet> {
  return call<AssessmentSheet>('grade_assessment', { periodId, expertId })
}

/**
 * Writes 年度考核汇总表 (`kind: 'summary'`) or the 考核表 (`'sheets'`, optionally of `expertIds` only) to `path`
 * (.xlsx) as an export: `export-progress` events carry `jobId`, `cancelExport(jobId)` stops it.
 */
export function exportAssessment(request: AssessmentExportRequest, path: string, jobId: string): Promise<ExportReport> {
  return call<ExportReport>('export_assessment', { request, path, jobId })
}
