import type { FormItemRule } from 'element-plus'
import type { Evaluation, Satisfaction } from '@/api'
import { problemRuleOf } from '@/composables/formRules'
import { isIsoDay } from '@/validation/date'
import { cleanText } from '@/validation/normalize'

// 服务对象评价 in the service record form: its fields, their conversions and the core's rules
// (src-tauri/core/src/fieldwork/evaluation.rs): no 满意度 means not evaluated and nothing else filled in; with one,
// the 评价日期 is required, not after today and not before the service's first day.

/** 满意度 in the order the form offers them. */
export const SATISFACTIONS: readonly Satisfaction[] = ['satisfied', 'basically_satisfied', 'dissatisfied']

/** What the form edits of the evaluation; the names are those of the input, so the core's errors land on them. */
export interface EvaluationFormModel {
  satisfaction: Satisfaction | null
  evaluator: string
  evaluatedOn: string | null
  evaluationOpinion: string
}

/** Not evaluated. */
export function emptyEvaluation(): EvaluationFormModel {
  return { satisfaction: null, evaluator: '', evaluatedOn: null, evaluationOpinion: '' }
}

/** The form's fields of a stored record or an input. */
export function evaluationFormOf(e: Evaluation): EvaluationFormModel {
  return {
    satisfaction: e.satisfaction,
    evaluator: e.evaluator ?? '',
    evaluatedOn: e.evaluatedOn,
    evaluationOpinion: e.evaluationOpinion ?? '',
  }
}

/** The input's fields: blanks go as null. */
export function toEvaluationInput(m: EvaluationFormModel): Evaluation {
  const orNull = (text: string) => (cleanText(text) === '' ? null : text)
  return {
    satisfaction: m.satisfaction,
    evaluator: orNull(m.evaluator),
    evaluatedOn: m.evaluatedOn || null,
    evaluationOpinion: orNull(m.evaluationOpinion),
  }
}

/** A problem of the evaluation; its message is under `servicesPage.form.problems.`. */
export interface EvaluationProblem {
  key: 'evaluatedOnRequired' | 'evaluatedOnFuture' | 'evaluatedOnBeforeStart' | 'satisfactionRequired' | 'dateFormat'
}

/** Whether anything besides the satisfaction is filled in. */
function hasDetails(m: EvaluationFormModel): boolean {
  return cleanText(m.evaluator) !== '' || !!m.evaluatedOn || cleanText(m.evaluationOpinion) !== ''
}

/** 满意度: required once an evaluator, date or opinion is filled in. */
export function checkSatisfaction(m: EvaluationFormModel): EvaluationProblem | null {
  return m.satisfaction === null && hasDetails(m) ? { key: 'satisfactionRequired' } : null
}

/** 评价日期 of an evaluation: required, a real day, not after `today` and not before the service's `start`. */
export function checkEvaluatedOn(
  m: EvaluationFormModel,
  start: string | null | undefined,
  today: string,
): EvaluationProblem | null {
  if (m.satisfaction === null) return null
  const day = (m.evaluatedOn ?? '').trim()
  if (day === '') return { key: 'evaluatedOnRequired' }
  if (!isIsoDay(day)) return { key: 'dateFormat' }
  if (day > today) return { key: 'evaluatedOnFuture' }
  if (start && isIsoDay(start) && day < start) return { key: 'evaluatedOnBeforeStart' }
  return null
}

/** The day a new evaluation is dated by default: the service's last day, or today when that is later. */
export function defaultEvaluationDay(end: string | null | undefined, today: string): string {
  return end && isIsoDay(end) && end < today ? end : today
}

const rule = problemRuleOf<EvaluationProblem>()

/** The evaluation's rules (`today()` as `YYYY-MM-DD`: the form's clock). */
export function evaluationFormRules(
  translate: (problem: EvaluationProblem) => string,
  model: EvaluationFormModel & { startDate: string | null },
  today: () => string,
): Record<'satisfaction' | 'evaluatedOn', FormItemRule[]> {
  return {
    satisfaction: [rule(() => checkSatisfaction(model), translate, 'change')],
    evaluatedOn: [rule(() => checkEvaluatedOn(model, model.startDate, today()), translate, 'change')],
  }
}
