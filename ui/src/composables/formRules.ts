import type { FormItemRule } from 'element-plus'

/**
 * An Element Plus rule running `check` on the field's value: the problem it finds is shown under the field through
 * `translate`. The forms build their rules from the same checks the core applies.
 */
export function problemRule<T, P>(
  check: (value: T) => P | null,
  translate: (problem: P) => string,
  trigger: 'blur' | 'change',
  required = false,
): FormItemRule {
  return {
    required,
    trigger,
    validator: (_rule, value: T, callback) => {
      const problem = check(value)
      if (problem) callback(new Error(translate(problem)))
      else callback()
    },
  }
}

/** `problemRule` for one form's problem type `P`, so the checks written inline are typed by it. */
export function problemRuleOf<P>() {
  return <T>(
    check: (value: T) => P | null,
    translate: (problem: P) => string,
    trigger: 'blur' | 'change',
    required = false,
  ) => problemRule(check, translate, trigger, required)
}
