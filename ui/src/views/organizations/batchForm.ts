import type { FormItemRule } from 'element-plus'
import type { Batch, BatchInput } from '@/api'
import { EARLIEST_DAY, endsBeforeStart, isIsoDay, latestDay } from '@/validation/date'
import { cleanText, toHalfWidth } from '@/validation/normalize'
import { blankToNull, problemRule, type FormProblem, type FormProblemTranslator } from './formSupport'

// The 批次 form, mirroring the core's rules (src-tauri/core/src/registry/organizations.rs, validate_batch): the name is
// required (and unique, which only the core can tell); the year, when given, lies in 2000–2100; the dates, when
// given, are real days from 1949 to five years ahead, and the end is not before the start.

/** The earliest and latest year a batch may belong to. */
export const MIN_BATCH_YEAR = 2000
export const MAX_BATCH_YEAR = 2100

/** What the form edits: the year as typed (blank when none), dates as `YYYY-MM-DD` or null. */
export interface BatchFormModel {
  name: string
  year: string
  startDate: string | null
  endDate: string | null
  notes: string
}

/** The fields of the form, keyed as the core names them in field errors. */
export type BatchFormField = keyof BatchFormModel

/** The fields in the order they are laid out. */
export const BATCH_FORM_FIELDS: readonly BatchFormField[] = ['name', 'year', 'startDate', 'endDate', 'notes']

/** A blank form for a new batch, its year preset to the current one. */
export function emptyBatchForm(today: Date = new Date()): BatchFormModel {
  return { name: '', year: String(today.getFullYear()), startDate: null, endDate: null, notes: '' }
}

/** The form filled with a stored batch (for editing). */
export function batchFormOf(b: Batch): BatchFormModel {
  return {
    name: b.name,
    year: b.year === null ? '' : String(b.year),
    startDate: b.startDate,
    endDate: b.endDate,
    notes: b.notes ?? '',
  }
}

/** The typed year without spaces or a trailing 年 ("２０２４年" → "2024"). */
function cleanYear(raw: string | null | undefined): string {
  return cleanText(toHalfWidth(raw ?? '')).replace(/\s*年$/, '')
}

/** The year as a number, or null when blank or not a whole number. */
export function parseYear(raw: string | null | undefined): number | null {
  const cleaned = cleanYear(raw)
  return /^\d{1,4}$/.test(cleaned) ? Number(cleaned) : null
}

/** The command input for a filled form. */
export function toBatchInput(m: BatchFormModel): BatchInput {
  return {
    name: cleanText(m.name),
    year: parseYear(m.year),
    startDate: blankToNull(m.startDate),
    endDate: blankToNull(m.endDate),
    notes: blankToNull(m.notes),
  }
}

/** 批次名称: required. */
export function checkBatchName(raw: string | null | undefined): FormProblem | null {
  return cleanText(raw ?? '') === '' ? { key: 'batchNameRequired' } : null
}

/** 年度: optional; four digits between {@link MIN_BATCH_YEAR} and {@link MAX_BATCH_YEAR}. */
export function checkYear(raw: string | null | undefined): FormProblem | null {
  const cleaned = cleanYear(raw)
  if (cleaned === '') return null
  if (!/^\d{4}$/.test(cleaned)) return { key: 'yearFormat' }
  const year = Number(cleaned)
  if (year < MIN_BATCH_YEAR || year > MAX_BATCH_YEAR) return { key: 'yearRange', params: { n: year } }
  return null
}

/** 开始日期 / 结束日期: optional; a real day from 1949 to five years ahead. */
export function checkDay(raw: string | null | undefined, today: Date = new Date()): FormProblem | null {
  const value = toHalfWidth(raw ?? '').trim()
  if (value === '') return null
  if (!isIsoDay(value)) return { key: 'dateFormat' }
  if (value < EARLIEST_DAY || value > latestDay(today)) return { key: 'dateRange' }
  return null
}

/** 结束日期: a valid day (see {@link checkDay}) not before the start. */
export function checkEndDate(
  start: string | null | undefined,
  end: string | null | undefined,
  today: Date = new Date(),
): FormProblem | null {
  const problem = checkDay(end, today)
  if (problem) return problem
  return checkDay(start, today) === null && endsBeforeStart(start, end) ? { key: 'endBeforeStart' } : null
}

/**
 * Element Plus rules of the form, built on the same checks the core applies. The end-date rule reads the start
 * date from `model`, the form being edited.
 */
export function batchFormRules(
  translate: FormProblemTranslator,
  model: Pick<BatchFormModel, 'startDate'>,
): Partial<Record<BatchFormField, FormItemRule[]>> {
  return {
    name: [problemRule(checkBatchName, translate, 'blur', true)],
    year: [problemRule(checkYear, translate, 'blur')],
    startDate: [problemRule((v: string | null) => checkDay(v), translate, 'change')],
    endDate: [problemRule((v: string | null) => checkEndDate(model.startDate, v), translate, 'change')],
  }
}

/** A batch's period for the table: "2024-03-01 ~ 2024-12-31", an open end as "2024-03-01 ~", or '' when none. */
export function formatPeriod(b: Pick<Batch, 'startDate' | 'endDate'>): string {
  if (!b.startDate && !b.endDate) return ''
  return [b.startDate ?? '', '~', b.endDate ?? ''].filter((p) => p !== '').join(' ')
}
