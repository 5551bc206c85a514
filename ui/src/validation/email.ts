import { toHalfWidth } from './normalize'
import { refuse, type Checked } from './problem'

// E-mail addresses, checked as the core does (src-tauri/core/src/validate/email.rs).

const LOCAL_CHAR = /^[A-Za-z0-9._%+-]$/
const LABEL = /^[A-Za-z0-9-]+$/

function localOk(local: string): boolean {
  return (
    local !== '' &&
    local.length <= 64 &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    Array.from(local).every((c) => LOCAL_CHAR.test(c))
  )
}

function domainOk(domain: string): boolean {
  const labels = domain.split('.')
  const tld = labels[labels.length - 1] ?? ''
  return (
    labels.length >= 2 &&
    labels.every((l) => LABEL.test(l) && !l.startsWith('-') && !l.endsWith('-')) &&
    /^[A-Za-z]{2,}$/.test(tld)
  )
}

/** Normalises (half-width, trimmed, domain lower-cased) and checks an e-mail address. */
export function normalizeEmail(raw: string): Checked {
  const s = toHalfWidth(raw).trim()
  const at = s.indexOf('@')
  if (at < 0) return refuse('emailFormat')
  const local = s.slice(0, at)
  const domain = s.slice(at + 1)
  if (!localOk(local) || !domainOk(domain)) return refuse('emailFormat')
  return { ok: true, value: `${local}@${domain.toLowerCase()}` }
}
