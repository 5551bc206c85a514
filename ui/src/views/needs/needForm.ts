import type { FormItemRule } from 'element-plus'
import type { Need, NeedInput, NeedSource, NeedType, Urgency } from '@/api'
import { TEXT_LIMITS } from '@/validation/limits'
import { cleanText } from '@/validation/normalize'
import { checkWan, fenToWanText } from '@/validation/wan'
import { problemRuleOf } from '@/composables/formRules'

/** 需求类型, in display order (labels under `enums.needType`). */
export const NEED_TYPES: readonly NeedType[] = [
  'tech_breakthrough',
  'process_improvement',
  'product_development',
  'result_transfer',
  'talent',
  'other',
]

/** 紧急程度, most urgent first (labels under `needsPage.urgency`). */
export const URGENCIES: readonly Urgency[] = ['high', 'normal', 'low']

/** 需求来源 a need entered on this page can have (走访发现 comes only with a visit). Labels under `needsPage.source`. */
export const OWN_SOURCES: readonly NeedSource[] = ['self_reported', 'other']

/** The core's limits (src-tauri/core/src/fieldwork/needs/mod.rs). */
export const MAX_TITLE_CHARS = TEXT_LIMITS.need.title!
export const MAX_TEXT_CHARS = TEXT_LIMITS.need.originalText!
export const MAX_DISCIPLINE_CHARS = TEXT_LIMITS.need.discipline!

/** What the need form edits: text as typed (blank when empty), choices as codes or null. */
export interface NeedFormModel {
  enterpriseId: string | null
  /** The visit the need was found on; kept as it was (this form does not change it). */
  visitId: string | null
  source: NeedSource | null
  title: string
  /** The enterprise's own wording, sent exactly as typed. */
  originalText: string
  refinedProblem: string
  refinedKeyTech: string
  refinedTarget: string
  needType: NeedType | null
  discipline: string
  /** 预算 in 万元 as typed, e.g. `12.5`. */
  budgetWan: string
  urgency: Urgency
}

/** The form's fields, named as NeedInput names them (the core's field errors use these names). */
export type NeedFormField = keyof NeedFormModel

export const NEED_FORM_FIELDS: readonly NeedFormField[] = [
  'enterpriseId',
  'visitId',
  'source',
  'title',
  'originalText',
  'refinedProblem',
  'refinedKeyTech',
  'refinedTarget',
  'needType',
  'discipline',
  'budgetWan',
  'urgency',
]

/** A blank form (企业自报, 较急); `keep` carries values over (保存并新增 keeps the enterprise). */
export function emptyNeedForm(keep: Partial<NeedFormModel> = {}): NeedFormModel {
  return {
    enterpriseId: null,
    visitId: null,
    source: 'self_reported',
    title: '',
    originalText: '',
    refinedProblem: '',
    refinedKeyTech: '',
    refinedTarget: '',
    needType: null,
    discipline: '',
    budgetWan: '',
    urgency: 'normal',
    ...keep,
  }
}

/** The form filled with a stored need (for editing). */
export function needFormOf(n: Need): NeedFormModel {
  return {
    enterpriseId: n.enterpriseId,
    visitId: n.visitId,
    source: n.source,
    title: n.title,
    originalText: n.originalText ?? '',
    refinedProblem: n.refinedProblem ?? '',
    refinedKeyTech: n.refinedKeyTech ?? '',
    refinedTarget: n.refinedTarget ?? '',
    needType: n.needType,
    discipline: n.discipline ?? '',
    budgetWan: n.budgetFen === null ? '' : fenToWanText(n.budgetFen),
    urgency: n.urgency,
  }
}

function trimmedOrNull(value: string): string | null {
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

/**
 * The command input for a filled form. The enterprise's wording goes exactly as typed (the core trims only its
 * ends); the budget goes as the typed 万元 text (the core converts it to exact fen).
 */
export function toNeedInput(m: NeedFormModel): NeedInput {
  return {
    enterpriseId: m.enterpriseId ?? '',
    visitId: m.visitId,
    source: m.visitId ? 'visit' : m.source,
    title: m.title.trim(),
    originalText: m.originalText.trim() === '' ? null : m.originalText,
    refinedProblem: trimmedOrNull(m.refinedProblem),
    refinedKeyTech: trimmedOrNull(m.refinedKeyTech),
    refinedTarget: trimmedOrNull(m.refinedTarget),
    needType: m.needType,
    discipline: trimmedOrNull(m.discipline),
    budgetWan: trimmedOrNull(m.budgetWan),
    urgency: m.urgency,
  }
}

/** A problem with a field of the need form; its message is `needsPage.form.problems.<key>`. */
export interface NeedFormProblem {
  key:
    | 'enterpriseRequired'
    | 'sourceRequired'
    | 'titleRequired'
    | 'titleTooLong'
    | 'typeRequired'
    | 'disciplineTooLong'
    | 'budgetNegative'
    | 'budgetMalformed'
    | 'budgetDecimals'
    | 'budgetTooLarge'
  params?: Record<string, string | number>
}

/** 预算（万元）as the core's `parse_wan` accepts it (see {@link checkWan}); blank means no budget. */
export function checkBudgetWan(raw: string | null | undefined): NeedFormProblem | null {
  const problem = checkWan(raw)
  if (!problem) return null
  const key = (
    {
      wanNegative: 'budgetNegative',
      wanMalformed: 'budgetMalformed',
      wanDecimals: 'budgetDecimals',
      wanTooLarge: 'budgetTooLarge',
    } as const
  )[problem.key]
  return { key, params: problem.params }
}

/** 需求名称: required, at most 200 characters after cleaning. */
export function checkTitle(raw: string | null | undefined): NeedFormProblem | null {
  const text = cleanText(raw ?? '')
  if (text === '') return { key: 'titleRequired' }
  if (Array.from(text).length > MAX_TITLE_CHARS) return { key: 'titleTooLong', params: { max: MAX_TITLE_CHARS } }
  return null
}

/** 学科领域: optional, at most 50 characters after cleaning. */
export function checkDiscipline(raw: string | null | undefined): NeedFormProblem | null {
  const text = cleanText(raw ?? '')
  return Array.from(text).length > MAX_DISCIPLINE_CHARS
    ? { key: 'disciplineTooLong', params: { max: MAX_DISCIPLINE_CHARS } }
    : null
}

/** Turns a problem into the message shown under the field. */
export type NeedProblemTranslator = (problem: NeedFormProblem) => string

function present(key: NeedFormProblem['key']) {
  return (value: unknown): NeedFormProblem | null =>
    value === null || value === undefined || value === '' ? { key } : null
}

const rule = problemRuleOf<NeedFormProblem>()

/** Element Plus rules of the need form, the same checks the core applies. */
export function needFormRules(
  translate: NeedProblemTranslator,
  model: Pick<NeedFormModel, 'visitId'>,
): Partial<Record<NeedFormField, FormItemRule[]>> {
  return {
    enterpriseId: [rule(present('enterpriseRequired'), translate, 'change', true)],
    source: [rule((v: unknown) => (model.visitId ? null : present('sourceRequired')(v)), translate, 'change', true)],
    title: [rule(checkTitle, translate, 'blur', true)],
    needType: [rule(present('typeRequired'), translate, 'change', true)],
    discipline: [rule(checkDiscipline, translate, 'blur')],
    budgetWan: [rule(checkBudgetWan, translate, 'blur')],
  }
}
