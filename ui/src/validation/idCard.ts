import { toHalfWidth } from './normalize'
import { refuse, type Checked } from './problem'

// Resident ID numbers (GB 11643-1999), checked as the core does (src-tauri/core/src/validate/id_card.rs).

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'

/** The GB 11643 check character of 17 digits. */
export function idCardCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0)
  return CHECK_CHARS[sum % 11] ?? ''
}

function isRealPastDate(yyyymmdd: string, today: Date): boolean {
  const y = Number(yyyymmdd.slice(0, 4))
  const m = Number(yyyymmdd.slice(4, 6))
  const d = Number(yyyymmdd.slice(6, 8))
  const date = new Date(y, m - 1, d)
  const real = date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d
  const todayStart = new Date(today.getFullYear(), today.getMonth(), today.getDate())
  return real && y >= 1900 && date.getTime() <= todayStart.getTime()
}

/** Normalises (half-width, no spaces, upper-case X) and checks an ID number; `today` bounds the birth date. */
export function normalizeIdCard(raw: string, today: Date = new Date()): Checked {
  const s = toHalfWidth(raw)
    .replace(/\s/g, '')
    .replace(/[a-z]/g, (c) => c.toUpperCase())
  const length = Array.from(s).length
  if (length !== 18) return refuse('idCardLength', { n: length })
  if (!/^\d{17}[\dX]$/.test(s)) return refuse('idCardChars')
  if (!isRealPastDate(s.slice(6, 14), today)) return refuse('idCardBirth')
  if (idCardCheckChar(s.slice(0, 17)) !== s[17]) return refuse('idCardCheck')
  return { ok: true, value: s }
}
