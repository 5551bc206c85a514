import type { ExpertTitle } from '@/api'
import { normalizeEmail } from './email'
import { normalizeIdCard } from './idCard'
import { cleanPersonName, cleanText } from './normalize'
import { normalizePhone } from './phone'
import type { Checked, Problem } from './problem'

// The expert form's rules, mirroring the core's (src-tauri/core/src/registry/experts.rs). Each check takes the raw
// form value and returns the problem to show, or null when the value is acceptable. Optional fields accept blank.

/** The longest name accepted, in characters. */
export const MAX_NAME_CHARS = 50

/** 姓名: required, at most {@link MAX_NAME_CHARS} characters once cleaned. */
export function checkName(raw: string): Problem | null {
  const name = cleanPersonName(raw)
  if (name === '') return { key: 'nameRequired' }
  if (Array.from(name).length > MAX_NAME_CHARS) return { key: 'nameTooLong', params: { max: MAX_NAME_CHARS } }
  return null
}

/** 职称: required. */
export function checkTitle(value: ExpertTitle | null | undefined): Problem | null {
  return value ? null : { key: 'titleRequired' }
}

function optional(raw: string, check: (cleaned: string) => Checked): Problem | null {
  const cleaned = cleanText(raw)
  if (cleaned === '') return null
  const result = check(cleaned)
  return result.ok ? null : result.problem
}

/** 联系电话: optional; a Chinese mobile or a landline with its area code. */
export function checkPhone(raw: string): Problem | null {
  return optional(raw, normalizePhone)
}

/** 电子邮箱: optional; a plausible address. */
export function checkEmail(raw: string): Problem | null {
  return optional(raw, normalizeEmail)
}

/** 身份证号: optional; 18 characters, a real past birth date and a correct check character. */
export function checkIdCard(raw: string, today: Date = new Date()): Problem | null {
  return optional(raw, (cleaned) => normalizeIdCard(cleaned, today))
}
