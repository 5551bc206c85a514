import dayjs from 'dayjs'
import type { FormItemRule } from 'element-plus'
import type { NeedInput, NeedType, Visit, VisitInput, VisitMode } from '@/api'
import type { MessageSchema } from '@/i18n/messages/zh-CN'
import { EARLIEST_DAY, isIsoDay, latestDay } from '@/validation/date'
import { cleanText, toHalfWidth } from '@/validation/normalize'
import { problemRuleOf } from '@/composables/formRules'

// The 走访 form and its optional 发现需求 part, mirroring the core's rules (src-tauri/core/src/fieldwork/visits.rs `validate`
// and needs.rs `validate`): a real visit day, an enterprise, at least one expert, a mode, a follow-up day not before
// the visit; a found need has a title (at most 200 characters), a type, and the enterprise's wording (at most 5,000).

/** 走访方式, in display order; labels under `enums.visitMode`. */
export const VISIT_MODES: readonly VisitMode[] = ['on_site', 'online', 'phone']

/** 需求类型, in display order; labels under `enums.needType`. */
export const NEED_TYPES: readonly NeedType[] = [
  'tech_breakthrough',
  'process_improvement',
  'product_development',
  'result_transfer',
  'talent',
  'other',
]

/** The longest need title the core accepts. */
export const MAX_NEED_TITLE_CHARS = 200
/** The longest original wording the core accepts. */
export const MAX_NEED_TEXT_CHARS = 5000

/** What the visit form edits: text as strings (blank when empty), days `YYYY-MM-DD` or null, codes or null. */
export interface VisitFormModel {
  visitDate: string | null
  enterpriseId: string | null
  expertIds: string[]
  mode: VisitMode | null
  purpose: string
  findings: string
  nextStep: string
  followUpDate: string | null
  notes: string
}

/** The fields of the visit form, named as the core names them in field errors. */
export type VisitFormField = keyof VisitFormModel

/** The visit fields in the order they are laid out. */
export const VISIT_FORM_FIELDS: readonly VisitFormField[] = [
  'visitDate',
  'enterpriseId',
  'expertIds',
  'mode',
  'purpose',
  'findings',
  'nextStep',
  'followUpDate',
  'notes',
]

/** The 发现需求 part: whether it is ticked and the three fields it asks for. */
export interface FoundNeedModel {
  found: boolean
  title: string
  originalText: string
  needType: NeedType | null
}

/** The need fields the form shows, named as the core names them. */
export type FoundNeedField = 'title' | 'originalText' | 'needType'

export const FOUND_NEED_FIELDS: readonly FoundNeedField[] = ['title', 'originalText', 'needType']

/** Today as `YYYY-MM-DD` in local time. */
export function todayIso(now: Date = new Date()): string {
  return dayjs(now).format('YYYY-MM-DD')
}

/** The Sunday of the current (ISO, Monday-first) week, `YYYY-MM-DD`: the end of "due this week", as the 工作台 counts it. */
export function weekEndIso(now: Date = new Date()): string {
  const d = dayjs(now)
  const sinceMonday = (d.day() + 6) % 7
  return d.add(6 - sinceMonday, 'day').format('YYYY-MM-DD')
}

/** What 保存并新增 carries over to the next entry. */
export type VisitCarryOver = Pick<VisitFormModel, 'visitDate' | 'enterpriseId' | 'expertIds' | 'mode'>

/** A blank form dated today; `keep` carries values over from the previous entry. */
export function emptyVisitForm(keep: Partial<VisitCarryOver> = {}, today: string = todayIso()): VisitFormModel {
  return {
    visitDate: today,
    enterpriseId: null,
    expertIds: [],
    mode: null,
    purpose: '',
    findings: '',
    nextStep: '',
    followUpDate: null,
    notes: '',
    ...keep,
    ...(keep.expertIds ? { expertIds: [...keep.expertIds] } : {}),
  }
}

/** An unticked 发现需求 part. */
export function emptyFoundNeed(): FoundNeedModel {
  return { found: false, title: '', originalText: '', needType: null }
}

/** The form filled with a stored visit (for editing). */
export function visitFormOf(v: Visit): VisitFormModel {
  return {
    visitDate: v.visitDate,
    enterpriseId: v.enterpriseId,
    expertIds: v.experts.map((e) => e.id),
    mode: v.mode,
    purpose: v.purpose ?? '',
    findings: v.findings ?? '',
    nextStep: v.nextStep ?? '',
    followUpDate: v.followUpDate,
    notes: v.notes ?? '',
  }
}

/** Trimmed text, or null when blank (line breaks inside are kept; the core cleans the rest). */
function textOrNull(value: string | null | undefined): string | null {
  const trimmed = (value ?? '').trim()
  return trimmed === '' ? null : trimmed
}

/** The command input for a filled form; every VisitInput field is a form field. */
export function toVisitInput(m: VisitFormModel): VisitInput {
  return {
    visitDate: toHalfWidth(m.visitDate ?? '').trim(),
    enterpriseId: m.enterpriseId ?? '',
    expertIds: [...m.expertIds],
    mode: m.mode,
    purpose: textOrNull(m.purpose),
    findings: textOrNull(m.findings),
    nextStep: textOrNull(m.nextStep),
    followUpDate: textOrNull(m.followUpDate ? toHalfWidth(m.followUpDate) : null),
    notes: textOrNull(m.notes),
  }
}

/**
 * The need found on a saved visit: at 挖掘, source 走访发现, at the visit's enterprise. The enterprise's words go
 * exactly as typed (the core only trims the ends); the refined statement and the rest are left for later.
 */
export function toFoundNeedInput(visit: Pick<Visit, 'id' | 'enterpriseId'>, n: FoundNeedModel): NeedInput {
  return {
    enterpriseId: visit.enterpriseId,
    visitId: visit.id,
    source: 'visit',
    title: cleanText(n.title),
    originalText: n.originalText.trim() === '' ? null : n.originalText,
    refinedProblem: null,
    refinedKeyTech: null,
    refinedTarget: null,
    needType: n.needType,
    discipline: null,
    budgetWan: null,
    urgency: null,
  }
}

/** A refused value; its message is under `visitsPage.form.problems.`. */
export interface VisitFormProblem {
  key: keyof MessageSchema['visitsPage']['form']['problems']
  params?: Record<string, string | number>
}

/** Turns a problem into the message shown under the field. */
export type ProblemTranslator = (problem: VisitFormProblem) => string

/** The i18n key of a problem's message. */
export function problemMessageKey(problem: VisitFormProblem): string {
  return `visitsPage.form.problems.${problem.key}`
}

/** A day as the core's `parse_plausible_day` accepts it: a real `YYYY-MM-DD` from 1949 to five years ahead. */
export function checkDay(raw: string | null | undefined, today: Date = new Date()): VisitFormProblem | null {
  const value = toHalfWidth(raw ?? '').trim()
  if (value === '') return null
  if (!isIsoDay(value)) return { key: 'dateFormat' }
  if (value < EARLIEST_DAY || value > latestDay(today)) return { key: 'dateRange' }
  return null
}

/** 走访日期: required, a plausible day. */
export function checkVisitDate(raw: string | null | undefined, today: Date = new Date()): VisitFormProblem | null {
  if (toHalfWidth(raw ?? '').trim() === '') return { key: 'visitDateRequired' }
  return checkDay(raw, today)
}

/** 跟进日期: optional, a plausible day, not before a valid visit day. */
export function checkFollowUpDate(
  visitDate: string | null | undefined,
  followUp: string | null | undefined,
  today: Date = new Date(),
): VisitFormProblem | null {
  const problem = checkDay(followUp, today)
  if (problem) return problem
  const [v, f] = [toHalfWidth(visitDate ?? '').trim(), toHalfWidth(followUp ?? '').trim()]
  if (v !== '' && f !== '' && checkDay(v, today) === null && f < v) return { key: 'followUpBeforeVisit' }
  return null
}

const rule = problemRuleOf<VisitFormProblem>()

/** Element Plus rules of the visit form; the follow-up rule reads the visit day from `model`. */
export function visitFormRules(
  translate: ProblemTranslator,
  model: Pick<VisitFormModel, 'visitDate'>,
): Partial<Record<VisitFormField, FormItemRule[]>> {
  return {
    visitDate: [rule((v: string | null) => checkVisitDate(v), translate, 'change', true)],
    enterpriseId: [rule((v: string | null) => (v ? null : { key: 'enterpriseRequired' }), translate, 'change', true)],
    expertIds: [
      rule(
        (v: string[] | undefined) => ((v ?? []).length > 0 ? null : { key: 'expertsRequired' }),
        translate,
        'change',
        true,
      ),
    ],
    mode: [rule((v: VisitMode | null) => (v ? null : { key: 'modeRequired' }), translate, 'change', true)],
    followUpDate: [rule((v: string | null) => checkFollowUpDate(model.visitDate, v), translate, 'change')],
  }
}

/** 需求名称: required, at most 200 characters once cleaned. */
export function checkNeedTitle(raw: string | null | undefined): VisitFormProblem | null {
  const title = cleanText(raw ?? '')
  if (title === '') return { key: 'needTitleRequired' }
  if (Array.from(title).length > MAX_NEED_TITLE_CHARS)
    return { key: 'needTitleTooLong', params: { max: MAX_NEED_TITLE_CHARS } }
  return null
}

/** 企业原话: optional, at most 5,000 characters once its ends are trimmed. */
export function checkNeedText(raw: string | null | undefined): VisitFormProblem | null {
  return Array.from((raw ?? '').trim()).length > MAX_NEED_TEXT_CHARS
    ? { key: 'needTextTooLong', params: { max: MAX_NEED_TEXT_CHARS } }
    : null
}

/**
 * Element Plus rules of the 发现需求 part (its form model is the FoundNeedModel); they only bite while the part is
 * ticked.
 */
export function foundNeedRules(
  translate: ProblemTranslator,
  model: Pick<FoundNeedModel, 'found'>,
): Partial<Record<FoundNeedField, FormItemRule[]>> {
  return {
    title: [rule((v: string) => (model.found ? checkNeedTitle(v) : null), translate, 'blur', true)],
    originalText: [rule((v: string) => (model.found ? checkNeedText(v) : null), translate, 'blur')],
    needType: [
      rule((v: NeedType | null) => (model.found && !v ? { key: 'needTypeRequired' } : null), translate, 'change', true),
    ],
  }
}
