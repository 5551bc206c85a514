import type { FormItemRule } from 'element-plus'
import type { Education, Expert, ExpertInput, ExpertTitle, Gender, ServiceForm } from '@/api'
import { checkEmail, checkIdCard, checkName, checkPhone, checkTitle } from '@/validation/expert'
import type { Problem } from '@/validation/problem'

/** What the add-expert form edits: text fields as strings (blank when empty), choices as codes or null. */
export interface ExpertFormModel {
  name: string
  gender: Gender | null
  title: ExpertTitle | null
  organizationId: string | null
  discipline: string
  phone: string
  email: string
  idCard: string
  birthMonth: string | null
  education: Education | null
  serviceForm: ServiceForm | null
  batchId: string | null
  notes: string
}

/** The fields of the form, in the order they are laid out. */
export type ExpertFormField = keyof ExpertFormModel

/** A blank form; `keep` carries values over from the previous entry (保存并新增 keeps the 派出单位). */
export function emptyExpertForm(keep: Partial<ExpertFormModel> = {}): ExpertFormModel {
  return {
    name: '',
    gender: null,
    title: null,
    organizationId: null,
    discipline: '',
    phone: '',
    email: '',
    idCard: '',
    birthMonth: null,
    education: null,
    serviceForm: null,
    batchId: null,
    notes: '',
    ...keep,
  }
}

/** localStorage key of the 派出单位 and 批次 last saved, pre-filled for the next new expert. */
export const LAST_USED_KEY = 'ledger.expertForm.last'

/** The 派出单位 and 批次 a new expert starts with. */
export type LastUsed = Pick<ExpertFormModel, 'organizationId' | 'batchId'>

function idOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

/** The remembered 派出单位 and 批次 (nulls when none, unreadable, or storage is unavailable). */
export function readLastUsed(): LastUsed {
  try {
    const raw = window.localStorage.getItem(LAST_USED_KEY)
    const parsed: unknown = raw === null ? null : JSON.parse(raw)
    if (typeof parsed !== 'object' || parsed === null) return { organizationId: null, batchId: null }
    const stored = parsed as Record<string, unknown>
    return { organizationId: idOrNull(stored.organizationId), batchId: idOrNull(stored.batchId) }
  } catch {
    return { organizationId: null, batchId: null }
  }
}

/** Remembers the 派出单位 and 批次 just saved, across restarts. */
export function rememberLastUsed(value: LastUsed): void {
  try {
    window.localStorage.setItem(LAST_USED_KEY, JSON.stringify({ organizationId: value.organizationId, batchId: value.batchId }))
  } catch {
    // Storage can be disabled; nothing is pre-filled then.
  }
}

/** The form filled with a stored expert (for editing). */
export function expertFormOf(e: Expert): ExpertFormModel {
  return {
    name: e.name,
    gender: e.gender,
    title: e.title,
    organizationId: e.organizationId,
    discipline: e.discipline ?? '',
    phone: e.phone ?? '',
    email: e.email ?? '',
    idCard: e.idCard ?? '',
    birthMonth: e.birthMonth,
    education: e.education,
    serviceForm: e.serviceForm,
    batchId: e.batchId,
    notes: e.notes ?? '',
  }
}

function blankToNull(value: string | null): string | null {
  const trimmed = value?.trim() ?? ''
  return trimmed === '' ? null : trimmed
}

/**
 * The command input for a filled form: blank optional text becomes null. Fields the form does not show yet
 * (position, specialties, service period, status) are kept from `base`, the expert being edited; a new expert
 * has none.
 */
export function toExpertInput(m: ExpertFormModel, base: Expert | null = null): ExpertInput {
  return {
    name: m.name.trim(),
    gender: m.gender,
    birthMonth: blankToNull(m.birthMonth),
    education: m.education,
    title: m.title,
    organizationId: m.organizationId,
    position: base?.position ?? null,
    discipline: blankToNull(m.discipline),
    specialties: base ? [...base.specialties] : [],
    phone: blankToNull(m.phone),
    email: blankToNull(m.email),
    idCard: blankToNull(m.idCard),
    serviceForm: m.serviceForm,
    batchId: m.batchId,
    serviceStart: base?.serviceStart ?? null,
    serviceEnd: base?.serviceEnd ?? null,
    status: base?.status ?? null,
    notes: blankToNull(m.notes),
  }
}

/** Turns a problem into the message shown under the field. */
export type ProblemTranslator = (problem: Problem) => string

function rule<T>(
  check: (value: T) => Problem | null,
  translate: ProblemTranslator,
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

/** Element Plus rules of the add-expert form, built on the same checks the core applies. */
export function expertFormRules(translate: ProblemTranslator): Partial<Record<ExpertFormField, FormItemRule[]>> {
  return {
    name: [rule((v: string) => checkName(v ?? ''), translate, 'blur', true)],
    title: [rule(checkTitle, translate, 'change', true)],
    phone: [rule((v: string) => checkPhone(v ?? ''), translate, 'blur')],
    email: [rule((v: string) => checkEmail(v ?? ''), translate, 'blur')],
    idCard: [rule((v: string) => checkIdCard(v ?? ''), translate, 'blur')],
  }
}
