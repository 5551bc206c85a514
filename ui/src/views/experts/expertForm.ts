import type { FormItemRule } from 'element-plus'
import type { Education, Expert, ExpertInput, ExpertStatus, ExpertTitle, Gender, ServiceForm } from '@/api'
import type { MessageSchema } from '@/i18n/messages/zh-CN'
import { checkEmail, checkIdCard, checkName, checkPhone, checkTitle } from '@/validation/expert'
import { cleanText, toHalfWidth } from '@/validation/normalize'
import type { Problem } from '@/validation/problem'
import { EARLIEST_DAY, endsBeforeStart, isIsoDay, latestDay } from '@/validation/date'
import { problemRuleOf } from '@/composables/formRules'

/** What the add-expert form edits: text fields as strings (blank when empty), choices as codes or null. */
export interface ExpertFormModel {
  name: string
  gender: Gender | null
  title: ExpertTitle | null
  organizationId: string | null
  position: string
  discipline: string
  /** 专长 tags, cleaned and without duplicates (see {@link cleanSpecialties}). */
  specialties: string[]
  phone: string
  email: string
  idCard: string
  birthMonth: string | null
  education: Education | null
  serviceForm: ServiceForm | null
  batchId: string | null
  /** 服务期, `YYYY-MM-DD` or null. */
  serviceStart: string | null
  serviceEnd: string | null
  status: ExpertStatus
  notes: string
}

/** The fields of the form, in the order they are laid out. */
export type ExpertFormField = keyof ExpertFormModel

/** A blank form (状态 在岗); `keep` carries values over from the previous entry (保存并新增 keeps the 派出单位). */
export function emptyExpertForm(keep: Partial<ExpertFormModel> = {}): ExpertFormModel {
  return {
    name: '',
    gender: null,
    title: null,
    organizationId: null,
    position: '',
    discipline: '',
    specialties: [],
    phone: '',
    email: '',
    idCard: '',
    birthMonth: null,
    education: null,
    serviceForm: null,
    batchId: null,
    serviceStart: null,
    serviceEnd: null,
    status: 'active',
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
    window.localStorage.setItem(
      LAST_USED_KEY,
      JSON.stringify({ organizationId: value.organizationId, batchId: value.batchId }),
    )
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
    position: e.position ?? '',
    discipline: e.discipline ?? '',
    specialties: [...e.specialties],
    phone: e.phone ?? '',
    email: e.email ?? '',
    idCard: e.idCard ?? '',
    birthMonth: e.birthMonth,
    education: e.education,
    serviceForm: e.serviceForm,
    batchId: e.batchId,
    serviceStart: e.serviceStart,
    serviceEnd: e.serviceEnd,
    status: e.status,
    notes: e.notes ?? '',
  }
}

function blankToNull(value: string | null): string | null {
  const trimmed = value?.trim() ?? ''
  return trimmed === '' ? null : trimmed
}

/**
 * 专长 as the core keeps them: each tag cleaned (half-width, trimmed, inner whitespace folded), blanks dropped,
 * and a tag already in the list dropped (the first one stays, in its place).
 */
export function cleanSpecialties(tags: readonly string[] | null | undefined): string[] {
  const out: string[] = []
  for (const tag of (tags ?? []).map(cleanText)) {
    if (tag !== '' && !out.includes(tag)) out.push(tag)
  }
  return out
}

/**
 * The command input for a filled form: blank optional text becomes null and 专长 are cleaned. Every field of
 * ExpertInput is a form field, so editing sends back exactly what the form shows.
 */
export function toExpertInput(m: ExpertFormModel): ExpertInput {
  return {
    name: m.name.trim(),
    gender: m.gender,
    birthMonth: blankToNull(m.birthMonth),
    education: m.education,
    title: m.title,
    organizationId: m.organizationId,
    position: blankToNull(m.position),
    discipline: blankToNull(m.discipline),
    specialties: cleanSpecialties(m.specialties),
    phone: blankToNull(m.phone),
    email: blankToNull(m.email),
    idCard: blankToNull(m.idCard),
    serviceForm: m.serviceForm,
    batchId: m.batchId,
    serviceStart: blankToNull(m.serviceStart),
    serviceEnd: blankToNull(m.serviceEnd),
    status: m.status,
    notes: blankToNull(m.notes),
  }
}

/** A problem only this form reports; its message is under `expertForm.problems.`. */
export interface ExpertFormProblem {
  own: true
  key: keyof MessageSchema['expertForm']['problems']
  params?: Record<string, string | number>
}

/** A problem shown under a field of this form: a shared one (`validation.`) or one of its own. */
export type FormProblem = Problem | ExpertFormProblem

/** The i18n key of a problem's message. */
export function problemMessageKey(problem: FormProblem): string {
  return 'own' in problem ? `expertForm.problems.${problem.key}` : `validation.${problem.key}`
}

/**
 * 服务期开始 / 服务期结束: optional; a real day `YYYY-MM-DD` from 1949 to five years after `today`, as the core's
 * `parse_plausible_day` accepts (the date pickers already disable the days outside that range).
 */
export function checkServiceDay(raw: string | null | undefined, today: Date = new Date()): ExpertFormProblem | null {
  const value = toHalfWidth(raw ?? '').trim()
  if (value === '') return null
  if (!isIsoDay(value)) return { own: true, key: 'dateFormat' }
  if (value < EARLIEST_DAY || value > latestDay(today)) return { own: true, key: 'dateRange' }
  return null
}

/** 服务期结束: a valid day (see {@link checkServiceDay}) not before a valid start — the core's rule and message. */
export function checkServiceEnd(
  start: string | null | undefined,
  end: string | null | undefined,
  today: Date = new Date(),
): ExpertFormProblem | null {
  const problem = checkServiceDay(end, today)
  if (problem) return problem
  const [s, e] = [toHalfWidth(start ?? '').trim(), toHalfWidth(end ?? '').trim()]
  return checkServiceDay(s, today) === null && endsBeforeStart(s, e)
    ? { own: true, key: 'serviceEndBeforeStart' }
    : null
}

/** Turns a problem into the message shown under the field. */
export type ProblemTranslator = (problem: FormProblem) => string

const rule = problemRuleOf<FormProblem>()

/**
 * Element Plus rules of the add-expert form, built on the same checks the core applies. The 服务期结束 rule reads
 * the start from `model`, the form being edited.
 */
export function expertFormRules(
  translate: ProblemTranslator,
  model: Pick<ExpertFormModel, 'serviceStart'>,
): Partial<Record<ExpertFormField, FormItemRule[]>> {
  return {
    name: [rule((v: string) => checkName(v ?? ''), translate, 'blur', true)],
    title: [rule(checkTitle, translate, 'change', true)],
    phone: [rule((v: string) => checkPhone(v ?? ''), translate, 'blur')],
    email: [rule((v: string) => checkEmail(v ?? ''), translate, 'blur')],
    idCard: [rule((v: string) => checkIdCard(v ?? ''), translate, 'blur')],
    serviceStart: [rule((v: string | null) => checkServiceDay(v), translate, 'change')],
    serviceEnd: [rule((v: string | null) => checkServiceEnd(model.serviceStart, v), translate, 'change')],
  }
}
