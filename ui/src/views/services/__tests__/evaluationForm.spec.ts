import { describe, expect, it } from 'vitest'
import {
  checkEvaluatedOn,
  checkSatisfaction,
  defaultEvaluationDay,
  emptyEvaluation,
  evaluationFormOf,
  toEvaluationInput,
} from '../evaluationForm'

const TODAY = '2026-03-20'

describe('evaluationForm', () => {
  it('is blank when not evaluated, and blanks go to the core as null', () => {
    expect(toEvaluationInput(emptyEvaluation())).toEqual({
      satisfaction: null,
      evaluator: null,
      evaluatedOn: null,
      evaluationOpinion: null,
    })
    const stored = { satisfaction: 'satisfied', evaluator: '沈丽', evaluatedOn: '2026-03-05', evaluationOpinion: null }
    expect(toEvaluationInput(evaluationFormOf(stored as never))).toEqual(stored)
    expect(toEvaluationInput({ ...emptyEvaluation(), evaluator: '  ' }).evaluator).toBeNull()
  })

  it('asks for the satisfaction only when something else is filled in', () => {
    expect(checkSatisfaction(emptyEvaluation())).toBeNull()
    expect(checkSatisfaction({ ...emptyEvaluation(), evaluationOpinion: '好' })).toEqual({
      key: 'satisfactionRequired',
    })
    expect(checkSatisfaction({ ...emptyEvaluation(), evaluatedOn: TODAY })).toEqual({ key: 'satisfactionRequired' })
  })

  it('dates an evaluation within the service and today, as the core does', () => {
    const evaluated = (evaluatedOn: string | null) => ({
      ...emptyEvaluation(),
      satisfaction: 'satisfied' as const,
      evaluatedOn,
    })
    expect(checkEvaluatedOn(emptyEvaluation(), '2026-03-02', TODAY)).toBeNull()
    expect(checkEvaluatedOn(evaluated(null), '2026-03-02', TODAY)).toEqual({ key: 'evaluatedOnRequired' })
    expect(checkEvaluatedOn(evaluated('2026-02-30'), '2026-03-02', TODAY)).toEqual({ key: 'dateFormat' })
    expect(checkEvaluatedOn(evaluated('2026-03-21'), '2026-03-02', TODAY)).toEqual({ key: 'evaluatedOnFuture' })
    expect(checkEvaluatedOn(evaluated('2026-03-01'), '2026-03-02', TODAY)).toEqual({ key: 'evaluatedOnBeforeStart' })
    expect(checkEvaluatedOn(evaluated('2026-03-02'), '2026-03-02', TODAY)).toBeNull()
    expect(checkEvaluatedOn(evaluated(TODAY), null, TODAY)).toBeNull()
  })

  it('dates a new evaluation on the service’s last day, or today when that is still ahead', () => {
    expect(defaultEvaluationDay('2026-03-04', TODAY)).toBe('2026-03-04')
    expect(defaultEvaluationDay('2026-04-01', TODAY)).toBe(TODAY)
    expect(defaultEvaluationDay(null, TODAY)).toBe(TODAY)
  })
})
