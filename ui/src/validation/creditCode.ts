import { toHalfWidth } from './normalize'
import { refuse, type Checked } from './problem'

// Unified social credit codes (统一社会信用代码, GB 32100-2015), checked as the core does
// (src-tauri/core/src/validate/credit_code.rs). A failing check character is not refused here: the core answers
// it with a field error the user may override with a reason.

/** The 31 characters a code may use: digits and capitals without I, O, S, V, Z. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** Half-width, without any whitespace, upper case. */
export function cleanCreditCode(raw: string): string {
  return toHalfWidth(raw).replace(/\s/g, '').toUpperCase()
}

/** The check character of 17 characters from the alphabet, or null when they are not. */
export function creditCodeCheckChar(first17: string): string | null {
  const chars = Array.from(first17)
  if (chars.length !== 17) return null
  let sum = 0
  for (const [i, c] of chars.entries()) {
    const value = CREDIT_CODE_ALPHABET.indexOf(c)
    if (value < 0) return null
    sum += value * (WEIGHTS[i] ?? 0)
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31] ?? null
}

/**
 * Normalises and checks the form of a code: 18 characters from the alphabet with digits in positions 3–8. The
 * check character is not judged (see {@link creditCodeCheckFails}).
 */
export function normalizeCreditCode(raw: string): Checked {
  const code = cleanCreditCode(raw)
  const chars = Array.from(code)
  if (chars.length !== 18) return refuse('creditCodeLength', { n: chars.length })
  const bad = chars.findIndex((c) => !CREDIT_CODE_ALPHABET.includes(c))
  if (bad >= 0) return refuse('creditCodeChar', { pos: bad + 1, char: chars[bad] ?? '' })
  if (!/^\d{6}$/.test(code.slice(2, 8))) return refuse('creditCodeRegion')
  return { ok: true, value: code }
}

/** Whether a well-formed code's check character disagrees with the rule (false for malformed codes). */
export function creditCodeCheckFails(raw: string): boolean {
  const checked = normalizeCreditCode(raw)
  if (!checked.ok) return false
  return creditCodeCheckChar(checked.value.slice(0, 17)) !== checked.value.slice(17)
}
