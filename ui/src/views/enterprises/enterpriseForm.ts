import type { FormItemRule } from 'element-plus'
import type { ContactInput, Enterprise, EnterpriseInput, EnterpriseSize } from '@/api'
import {
  checkContactEmail,
  checkContactName,
  checkContactPhone,
  checkCreditCode,
  checkEnterpriseName,
  checkPrimaryContact,
} from '@/validation/enterprise'
import { cleanText } from '@/validation/normalize'
import type { Problem } from '@/validation/problem'
import { problemRuleOf } from '@/composables/formRules'

/** One contact row of the form; `key` tells rows apart while they are edited (ids are null for new ones). */
export interface ContactFormRow {
  key: number
  id: string | null
  name: string
  position: string
  phone: string
  email: string
  isPrimary: boolean
}

/** What the enterprise form edits: text fields as strings (blank when empty), choices as codes or null. */
export interface EnterpriseFormModel {
  name: string
  creditCode: string
  creditCodeOverride: string
  province: string | null
  city: string | null
  county: string | null
  regionCode: string | null
  address: string
  legalRepresentative: string
  industry: string | null
  mainProducts: string
  size: EnterpriseSize | null
  isHighTech: boolean
  isTechSme: boolean
  isSpecialized: boolean
  notes: string
  contacts: ContactFormRow[]
}

/** The fields of the form that the core may complain about by name. */
export type EnterpriseFormField = Exclude<keyof EnterpriseFormModel, 'province' | 'city' | 'county'>

let nextKey = 1

/** A blank contact row. */
export function emptyContact(isPrimary = false): ContactFormRow {
  return { key: nextKey++, id: null, name: '', position: '', phone: '', email: '', isPrimary }
}

/** A blank form with one (primary) contact row. */
export function emptyEnterpriseForm(): EnterpriseFormModel {
  return {
    name: '',
    creditCode: '',
    creditCodeOverride: '',
    province: null,
    city: null,
    county: null,
    regionCode: null,
    address: '',
    legalRepresentative: '',
    industry: null,
    mainProducts: '',
    size: null,
    isHighTech: false,
    isTechSme: false,
    isSpecialized: false,
    notes: '',
    contacts: [emptyContact(true)],
  }
}

/** The form filled with a stored enterprise. */
export function enterpriseFormOf(e: Enterprise): EnterpriseFormModel {
  return {
    name: e.name,
    creditCode: e.creditCode,
    creditCodeOverride: e.creditCodeOverride ?? '',
    province: e.province,
    city: e.city,
    county: e.county,
    regionCode: e.regionCode,
    address: e.address ?? '',
    legalRepresentative: e.legalRepresentative ?? '',
    industry: e.industry,
    mainProducts: e.mainProducts ?? '',
    size: e.size,
    isHighTech: e.isHighTech,
    isTechSme: e.isTechSme,
    isSpecialized: e.isSpecialized,
    notes: e.notes ?? '',
    contacts: e.contacts.map((c) => ({
      key: nextKey++,
      id: c.id,
      name: c.name,
      position: c.position ?? '',
      phone: c.phone ?? '',
      email: c.email ?? '',
      isPrimary: c.isPrimary,
    })),
  }
}

function blankToNull(value: string | null): string | null {
  const trimmed = value?.trim() ?? ''
  return trimmed === '' ? null : trimmed
}

function isBlankContact(c: ContactFormRow): boolean {
  return c.id === null && [c.name, c.position, c.phone, c.email].every((v) => cleanText(v) === '')
}

/**
 * The contact rows worth sending: a new row left entirely blank is dropped (the form offers one by default), so
 * an enterprise may be saved without contacts. Indexes of server errors refer to this list.
 */
export function contactsToSend(rows: readonly ContactFormRow[]): ContactFormRow[] {
  return rows.filter((c) => !isBlankContact(c))
}

/** The command input for a filled form; the override reason is sent only when `withOverride`. */
export function toEnterpriseInput(m: EnterpriseFormModel, withOverride: boolean): EnterpriseInput {
  const contacts: ContactInput[] = contactsToSend(m.contacts).map((c) => ({
    id: c.id,
    name: c.name.trim(),
    position: blankToNull(c.position),
    phone: blankToNull(c.phone),
    email: blankToNull(c.email),
    isPrimary: c.isPrimary,
  }))
  if (contacts.length > 0 && !contacts.some((c) => c.isPrimary)) {
    const first = contacts[0]
    if (first) first.isPrimary = true
  }
  return {
    name: m.name.trim(),
    creditCode: m.creditCode.trim(),
    creditCodeOverride: withOverride ? blankToNull(m.creditCodeOverride) : null,
    province: m.province,
    city: m.city,
    county: m.county,
    regionCode: m.regionCode,
    address: blankToNull(m.address),
    legalRepresentative: blankToNull(m.legalRepresentative),
    industry: m.industry,
    mainProducts: blankToNull(m.mainProducts),
    size: m.size,
    isHighTech: m.isHighTech,
    isTechSme: m.isTechSme,
    isSpecialized: m.isSpecialized,
    notes: blankToNull(m.notes),
    contacts,
  }
}

/** Turns a problem into the message shown under the field. */
export type ProblemTranslator = (problem: Problem) => string

const rule = problemRuleOf<Problem>()

/** Element Plus rules of the enterprise form's own fields, built on the same checks the core applies. */
export function enterpriseFormRules(translate: ProblemTranslator): Record<string, FormItemRule[]> {
  return {
    name: [rule((v: string) => checkEnterpriseName(v ?? ''), translate, 'blur', true)],
    creditCode: [rule((v: string) => checkCreditCode(v ?? ''), translate, 'blur', true)],
    creditCodeOverride: [
      rule(
        (v: string) => (cleanText(v ?? '') === '' ? { key: 'overrideReasonRequired' } : null),
        translate,
        'blur',
        true,
      ),
    ],
    contacts: [rule((v: ContactFormRow[]) => checkPrimaryContact(contactsToSend(v ?? [])), translate, 'change')],
  }
}

/** Rules of one contact row (its prop paths are `contacts.<i>.<field>`). */
export function contactRules(translate: ProblemTranslator, row: ContactFormRow): Record<string, FormItemRule[]> {
  // A blank new row is ignored on save, so its name is not required.
  const name = (v: string) => (isBlankContact(row) ? null : checkContactName(v ?? ''))
  return {
    name: [rule(name, translate, 'blur', true)],
    phone: [rule((v: string) => checkContactPhone(v ?? ''), translate, 'blur')],
    email: [rule((v: string) => checkContactEmail(v ?? ''), translate, 'blur')],
  }
}
