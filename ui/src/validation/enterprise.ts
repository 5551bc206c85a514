import { normalizeCreditCode } from './creditCode'
import { checkEmail, checkPhone } from './expert'
import { cleanPersonName, cleanText } from './normalize'
import type { Problem } from './problem'

// The enterprise form's rules, mirroring the core's (src-tauri/core/src/registry/enterprises.rs). Each check takes the raw
// form value and returns the problem to show, or null when the value is acceptable.

/** The longest enterprise name accepted, in characters. */
export const MAX_ENTERPRISE_NAME_CHARS = 100

/** 企业名称: required, at most {@link MAX_ENTERPRISE_NAME_CHARS} characters once cleaned. */
export function checkEnterpriseName(raw: string): Problem | null {
  const name = cleanText(raw)
  if (name === '') return { key: 'enterpriseNameRequired' }
  if (Array.from(name).length > MAX_ENTERPRISE_NAME_CHARS) {
    return { key: 'enterpriseNameTooLong', params: { max: MAX_ENTERPRISE_NAME_CHARS } }
  }
  return null
}

/** 统一社会信用代码: required and well formed; a failing check character is left to the core. */
export function checkCreditCode(raw: string): Problem | null {
  if (cleanText(raw) === '') return { key: 'creditCodeRequired' }
  const checked = normalizeCreditCode(raw)
  return checked.ok ? null : checked.problem
}

/** 联系人姓名: required for every contact row. */
export function checkContactName(raw: string): Problem | null {
  return cleanPersonName(raw) === '' ? { key: 'contactNameRequired' } : null
}

/** 联系人电话 and 邮箱 follow the expert rules. */
export { checkEmail as checkContactEmail, checkPhone as checkContactPhone }

/** Contacts: when there are any, exactly one is the primary contact. */
export function checkPrimaryContact(contacts: readonly { isPrimary: boolean }[]): Problem | null {
  if (contacts.length === 0) return null
  return contacts.filter((c) => c.isPrimary).length === 1 ? null : { key: 'contactsPrimary' }
}
