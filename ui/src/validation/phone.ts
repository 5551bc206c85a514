import { toHalfWidth } from './normalize'
import { refuse, type Checked } from './problem'

// Chinese phone numbers, checked as the core does (src-tauri/core/src/validate/phone.rs).

const SEPARATORS = new Set([' ', '-', '(', ')', '.', '\u2014', '\u2013'])

function stripCountryPrefix(digits: string): string {
  for (const prefix of ['0086', '86']) {
    if (digits.startsWith(prefix)) {
      const rest = digits.slice(prefix.length)
      if (rest.length === 11 && rest.startsWith('1')) return rest
    }
  }
  return digits
}

function checkMobile(d: string): Checked {
  if (d.length !== 11) return refuse('mobileLength', { n: d.length })
  if (!/^1[3-9]/.test(d)) return refuse('mobileSecondDigit')
  return { ok: true, value: d }
}

function checkLandline(d: string): Checked {
  // Area codes starting 01 or 02 have three digits (010 Beijing, 020–029); the others have four.
  const areaLen = d.startsWith('01') || d.startsWith('02') ? 3 : 4
  if (d.length <= areaLen) return refuse('phoneFormat')
  const area = d.slice(0, areaLen)
  const local = d.slice(areaLen)
  if (local.length < 7 || local.length > 8 || local.startsWith('0') || local.startsWith('1')) {
    return refuse('landlineFormat')
  }
  return { ok: true, value: `${area}-${local}` }
}

/**
 * Normalises and checks a phone number: spaces, hyphens, dots and brackets are dropped, a +86/0086/86 prefix
 * before a mobile removed. A mobile is `1[3-9]` + 9 digits (stored as 11 digits); a landline is an area code and
 * a 7–8 digit number (stored as `010-62751234`).
 */
export function normalizePhone(raw: string): Checked {
  let digits = ''
  const chars = Array.from(toHalfWidth(raw).trim())
  for (const [i, c] of chars.entries()) {
    if (c >= '0' && c <= '9') digits += c
    else if ((c === '+' && i === 0) || SEPARATORS.has(c)) continue
    else return refuse('phoneInvalidChar', { char: c })
  }
  const national = stripCountryPrefix(digits)
  if (national.startsWith('1')) return checkMobile(national)
  if (national.startsWith('0')) return checkLandline(national)
  return refuse('phoneFormat')
}
