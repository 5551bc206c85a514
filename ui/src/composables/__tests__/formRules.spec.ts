import { describe, expect, it } from 'vitest'
import { problemRule, problemRuleOf } from '../formRules'

interface Problem {
  key: 'required' | 'tooLong'
}

/** Runs a rule's validator and gives the message it reports, or null. */
function run(rule: ReturnType<typeof problemRule>, value: unknown): string | null {
  let message: string | null = null
  const validator = rule.validator as (rule: unknown, value: unknown, callback: (error?: Error) => void) => void
  validator({}, value, (error) => {
    message = error ? error.message : null
  })
  return message
}

describe('problemRule', () => {
  const check = (v: string): Problem | null =>
    v === '' ? { key: 'required' } : v.length > 3 ? { key: 'tooLong' } : null
  const translate = (p: Problem) => `problem:${p.key}`

  it('reports the translated problem the check finds, and passes a good value', () => {
    const rule = problemRule(check, translate, 'blur', true)
    expect(rule).toMatchObject({ required: true, trigger: 'blur' })
    expect(run(rule, '')).toBe('problem:required')
    expect(run(rule, 'abcd')).toBe('problem:tooLong')
    expect(run(rule, 'ab')).toBeNull()
  })

  it('problemRuleOf types inline checks by the form’s problem type', () => {
    const rule = problemRuleOf<Problem>()
    const made = rule((v: number) => (v > 1 ? { key: 'tooLong' } : null), translate, 'change')
    expect(made).toMatchObject({ required: false, trigger: 'change' })
    expect(run(made, 2)).toBe('problem:tooLong')
    expect(run(made, 1)).toBeNull()
  })
})
