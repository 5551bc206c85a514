import type { MessageSchema } from '@/i18n/messages/zh-CN'
import { cleanText } from '@/validation/normalize'
import { problemRule } from '@/composables/formRules'

export { problemRule }

// What the 派出单位 and 批次 forms share: their problems (messages under `organizations.validation`), the way a
// check becomes an Element Plus rule, and blank text becoming null.

/** The i18n key (under `organizations.validation.`) of a problem these forms report. */
export type FormProblemKey = keyof MessageSchema['organizations']['validation']

/** A refused value: which message to show and the values it interpolates. */
export interface FormProblem {
  key: FormProblemKey
  params?: Record<string, string | number>
}

/** Turns a problem into the message shown under the field. */
export type FormProblemTranslator = (problem: FormProblem) => string

/** Cleaned text (half-width, trimmed, whitespace folded, as the core cleans it), or null when blank. */
export function blankToNull(value: string | null | undefined): string | null {
  const cleaned = cleanText(value ?? '')
  return cleaned === '' ? null : cleaned
}
