import dayjs from 'dayjs'
import type { FormItemRule } from 'element-plus'
import type { ServiceRecord, ServiceRecordInput, ServiceType } from '@/api'
import { EARLIEST_DAY, endsBeforeStart, isIsoDay, latestDay } from '@/validation/date'
import { TEXT_LIMITS } from '@/validation/limits'
import { cleanText } from '@/validation/normalize'
import { checkWan, fenToWanText, type WanProblem } from '@/validation/wan'
import { problemRuleOf } from '@/composables/formRules'
import {
  emptyEvaluation,
  evaluationFormOf,
  evaluationFormRules,
  toEvaluationInput,
  type EvaluationFormModel,
  type EvaluationProblem,
} from './evaluationForm'

/** 服务类型 in the order the form offers them. */
export const SERVICE_TYPES: readonly ServiceType[] = [
  'consulting',
  'tech_breakthrough',
  'result_transfer',
  'talent_training',
  'project_application',
  'policy_briefing',
  'training',
  'other',
]

/** The 万元 fields, in form order (their names are the ServiceRecordInput keys). */
export const MONEY_FIELDS = [
  'contractAmount',
  'investment',
  'policyFunds',
  'costSaved',
  'outputValue',
  'profitTax',
] as const

/** The whole-number outcome fields, in form order. */
export const COUNT_FIELDS = ['patents', 'newProducts', 'newTechnologies', 'peopleTrained', 'needsSolved'] as const

export type MoneyField = (typeof MONEY_FIELDS)[number]
export type CountField = (typeof COUNT_FIELDS)[number]

/** The longest 服务内容 or 成效说明 the core accepts, in characters. */
export const MAX_TEXT_CHARS = TEXT_LIMITS.serviceRecord.content!

/** The largest count (专利, 培训人次 …) one record may report. */
export const MAX_COUNT = 1_000_000

/**
 * What the service form edits. The field names are those of ServiceRecordInput, so the core's field errors land on
 * them directly. Amounts are 万元 text as typed; days and counts are numbers (null while the box is empty).
 */
export interface ServiceFormModel extends EvaluationFormModel {
  expertId: string | null
  enterpriseId: string | null
  needId: string | null
  startDate: string | null
  endDate: string | null
  serviceDays: number | null
  serviceType: ServiceType | null
  content: string
  contractAmount: string
  investment: string
  policyFunds: string
  costSaved: string
  outputValue: string
  profitTax: string
  patents: number | null
  newProducts: number | null
  newTechnologies: number | null
  peopleTrained: number | null
  needsSolved: number | null
  outcomeSummary: string
}

export type ServiceFormField = keyof ServiceFormModel

/** Today as `YYYY-MM-DD` (local time). */
export function todayIso(today: Date = new Date()): string {
  return dayjs(today).format('YYYY-MM-DD')
}

/** A blank entry: today, one day, no outcomes; `keep` carries values over (保存并新增 keeps expert, enterprise, type). */
export function emptyServiceForm(keep: Partial<ServiceFormModel> = {}, today: Date = new Date()): ServiceFormModel {
  const day = todayIso(today)
  return {
    expertId: null,
    enterpriseId: null,
    needId: null,
    startDate: day,
    endDate: day,
    serviceDays: 1,
    serviceType: null,
    content: '',
    contractAmount: '',
    investment: '',
    policyFunds: '',
    costSaved: '',
    outputValue: '',
    profitTax: '',
    patents: 0,
    newProducts: 0,
    newTechnologies: 0,
    peopleTrained: 0,
    needsSolved: 0,
    outcomeSummary: '',
    ...emptyEvaluation(),
    ...keep,
  }
}

/** An amount as the form shows it: blank for 0, else the exact 万元 text. */
function amountText(fen: number): string {
  return fen === 0 ? '' : fenToWanText(fen)
}

/** The form filled with a stored record (for editing). */
export function serviceFormOf(r: ServiceRecord): ServiceFormModel {
  return {
    expertId: r.expertId,
    enterpriseId: r.enterpriseId,
    needId: r.needId,
    startDate: r.startDate,
    endDate: r.endDate,
    serviceDays: r.serviceDays,
    serviceType: r.serviceType,
    content: r.content ?? '',
    contractAmount: amountText(r.contractAmountFen),
    investment: amountText(r.investmentFen),
    policyFunds: amountText(r.policyFundsFen),
    costSaved: amountText(r.costSavedFen),
    outputValue: amountText(r.outputValueFen),
    profitTax: amountText(r.profitTaxFen),
    patents: r.patents,
    newProducts: r.newProducts,
    newTechnologies: r.newTechnologies,
    peopleTrained: r.peopleTrained,
    needsSolved: r.needsSolved,
    outcomeSummary: r.outcomeSummary ?? '',
    ...evaluationFormOf(r),
  }
}

/** The form filled with a ServiceRecordInput (the core's "copy last" template): exactly what the core chose to copy. */
export function serviceFormOfInput(input: ServiceRecordInput): ServiceFormModel {
  return {
    expertId: input.expertId,
    enterpriseId: input.enterpriseId,
    needId: input.needId,
    startDate: input.startDate,
    endDate: input.endDate,
    serviceDays: input.serviceDays,
    serviceType: input.serviceType,
    content: input.content,
    contractAmount: input.contractAmount,
    investment: input.investment,
    policyFunds: input.policyFunds,
    costSaved: input.costSaved,
    outputValue: input.outputValue,
    profitTax: input.profitTax,
    patents: input.patents,
    newProducts: input.newProducts,
    newTechnologies: input.newTechnologies,
    peopleTrained: input.peopleTrained,
    needsSolved: input.needsSolved,
    outcomeSummary: input.outcomeSummary ?? '',
    ...evaluationFormOf(input),
  }
}

/** The command input for a filled form: amounts go as typed (the core parses them exactly), blank counts as 0. */
export function toServiceInput(m: ServiceFormModel): ServiceRecordInput {
  const summary = m.outcomeSummary.trim()
  return {
    expertId: m.expertId,
    enterpriseId: m.enterpriseId,
    needId: m.needId,
    startDate: m.startDate,
    endDate: m.endDate,
    serviceDays: m.serviceDays ?? 0,
    serviceType: m.serviceType,
    content: m.content,
    outcomeSummary: summary === '' ? null : m.outcomeSummary,
    contractAmount: m.contractAmount,
    investment: m.investment,
    policyFunds: m.policyFunds,
    costSaved: m.costSaved,
    outputValue: m.outputValue,
    profitTax: m.profitTax,
    patents: m.patents ?? 0,
    newProducts: m.newProducts ?? 0,
    newTechnologies: m.newTechnologies ?? 0,
    peopleTrained: m.peopleTrained ?? 0,
    needsSolved: m.needsSolved ?? 0,
    ...toEvaluationInput(m),
  }
}

/** A problem the form reports; its message is under `servicesPage.form.problems.`. */
export interface ServiceProblem {
  key:
    | 'expertRequired'
    | 'enterpriseRequired'
    | 'startRequired'
    | 'endRequired'
    | 'dateFormat'
    | 'dateRange'
    | 'endBeforeStart'
    | 'daysPositive'
    | 'daysStep'
    | 'daysOverPeriod'
    | 'typeRequired'
    | 'contentRequired'
    | 'textTooLong'
    | 'countInteger'
    | 'countNegative'
    | 'countTooLarge'
    | WanProblem['key']
    | EvaluationProblem['key']
  params?: Record<string, string | number>
}

/** Days written the way a person would: 3, 1.5. */
function daysText(days: number): string {
  return String(days)
}

/** A required day: `YYYY-MM-DD`, in the core's plausible range (1949 to five years after today). */
export function checkDay(
  value: string | null | undefined,
  required: ServiceProblem['key'],
  today: Date = new Date(),
): ServiceProblem | null {
  const day = (value ?? '').trim()
  if (day === '') return { key: required }
  if (!isIsoDay(day)) return { key: 'dateFormat' }
  if (day < EARLIEST_DAY || day > latestDay(today)) return { key: 'dateRange' }
  return null
}

/** 结束日期: a valid day not before a valid start. */
export function checkEnd(
  start: string | null | undefined,
  end: string | null | undefined,
  today: Date = new Date(),
): ServiceProblem | null {
  const problem = checkDay(end, 'endRequired', today)
  if (problem) return problem
  return checkDay(start, 'startRequired', today) === null && endsBeforeStart(start, end)
    ? { key: 'endBeforeStart' }
    : null
}

/** The calendar days of a period, both ends counted (1 when it starts and ends on the same day). */
export function periodDays(start: string, end: string): number {
  const [sy, sm, sd] = start.split('-').map(Number) as [number, number, number]
  const [ey, em, ed] = end.split('-').map(Number) as [number, number, number]
  return Math.round((Date.UTC(ey, em - 1, ed) - Date.UTC(sy, sm - 1, sd)) / 86_400_000) + 1
}

/**
 * 服务天数, as the core checks it: more than 0, in steps of 0.5, and — once the period is a valid one — not more than
 * its calendar days (the same message as the core's).
 */
export function checkDays(
  days: number | null | undefined,
  start: string | null | undefined,
  end: string | null | undefined,
  today: Date = new Date(),
): ServiceProblem | null {
  if (days === null || days === undefined || Number.isNaN(days) || days <= 0) return { key: 'daysPositive' }
  if (!Number.isInteger(days * 2)) return { key: 'daysStep', params: { days: daysText(days) } }
  if (checkDay(start, 'startRequired', today) !== null || checkEnd(start, end, today) !== null) return null
  const period = periodDays(start!, end!)
  if (days > period)
    return { key: 'daysOverPeriod', params: { days: daysText(days), start: start!, end: end!, period } }
  return null
}

/** 服务内容: required, at most 2000 characters (as the core cleans it). */
export function checkContent(value: string | null | undefined): ServiceProblem | null {
  const text = cleanText(value ?? '')
  if (text === '') return { key: 'contentRequired' }
  if (Array.from(text).length > MAX_TEXT_CHARS) return { key: 'textTooLong', params: { max: MAX_TEXT_CHARS } }
  return null
}

/** 成效说明: optional, at most 2000 characters. */
export function checkSummary(value: string | null | undefined): ServiceProblem | null {
  return Array.from((value ?? '').trim()).length > MAX_TEXT_CHARS
    ? { key: 'textTooLong', params: { max: MAX_TEXT_CHARS } }
    : null
}

/** A count (专利, 培训人次 …): a whole number from 0 to 1,000,000; empty means 0. */
export function checkCount(value: number | null | undefined): ServiceProblem | null {
  if (value === null || value === undefined) return null
  if (!Number.isInteger(value)) return { key: 'countInteger' }
  if (value < 0) return { key: 'countNegative' }
  if (value > MAX_COUNT) return { key: 'countTooLarge', params: { max: MAX_COUNT } }
  return null
}

/** Turns a problem into the message shown under the field. */
export type ProblemTranslator = (problem: ServiceProblem) => string

const rule = problemRuleOf<ServiceProblem>()

/** Element Plus rules of the service form: the core's checks, run before anything is sent. */
export function serviceFormRules(
  translate: ProblemTranslator,
  model: ServiceFormModel,
  today: () => string = () => todayIso(),
): Partial<Record<ServiceFormField, FormItemRule[]>> {
  const rules: Partial<Record<ServiceFormField, FormItemRule[]>> = {
    expertId: [rule((v: string | null) => (v ? null : { key: 'expertRequired' }), translate, 'change', true)],
    enterpriseId: [rule((v: string | null) => (v ? null : { key: 'enterpriseRequired' }), translate, 'change', true)],
    startDate: [rule((v: string | null) => checkDay(v, 'startRequired'), translate, 'change', true)],
    endDate: [rule((v: string | null) => checkEnd(model.startDate, v), translate, 'change', true)],
    serviceDays: [rule((v: number | null) => checkDays(v, model.startDate, model.endDate), translate, 'change', true)],
    serviceType: [rule((v: ServiceType | null) => (v ? null : { key: 'typeRequired' }), translate, 'change', true)],
    content: [rule(checkContent, translate, 'blur', true)],
    outcomeSummary: [rule(checkSummary, translate, 'blur')],
    ...evaluationFormRules(translate, model, today),
  }
  for (const field of MONEY_FIELDS) rules[field] = [rule((v: string) => checkWan(v), translate, 'blur')]
  for (const field of COUNT_FIELDS) rules[field] = [rule(checkCount, translate, 'change')]
  return rules
}
