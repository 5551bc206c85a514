/**
 * What the 导入数据 page works out before showing or sending anything: the filter tags from the counts, how many
 * rows 导入 will write, a row's reasons as text, the mapping edited against the one judged, the rejected rows'
 * file name and where the save dialog starts, and what a finished import says.
 */
import type {
  ErrorPolicy,
  ImportColumn,
  ImportCounts,
  ImportField,
  ImportIssue,
  ImportKind,
  ImportReport,
  RowStatus,
} from '@/api'

/** The kinds of file in the order the page offers them. */
export const IMPORT_KINDS: readonly ImportKind[] = ['experts', 'enterprises', 'visits', 'services', 'needs', 'events']

/** The kind `raw` names (e.g. the page's `?kind=`, from an empty list's 导入), or null. */
export function importKindOf(raw: unknown): ImportKind | null {
  return IMPORT_KINDS.find((k) => k === raw) ?? null
}

/** The kinds whose rows can update a stored record (experts by name + phone, enterprises by credit code). */
export const UPDATABLE_KINDS: readonly ImportKind[] = ['experts', 'enterprises']

/** The list page of each kind, linked from the result. */
export const LIST_ROUTES: Record<ImportKind, string> = {
  experts: '/experts',
  enterprises: '/enterprises',
  visits: '/visits',
  services: '/services',
  needs: '/needs',
  events: '/events',
}

/** The files the open dialog offers. */
export const IMPORT_EXTENSIONS = ['xlsx', 'xls', 'csv']

/** Element Plus tag colours of the row statuses. */
export const STATUS_TAG: Record<RowStatus, 'success' | 'primary' | 'info' | 'warning' | 'danger'> = {
  new: 'success',
  update: 'primary',
  duplicate: 'info',
  warning: 'warning',
  error: 'danger',
}

/** One filter tag above the preview: every row, or those of one status. */
export interface CountFilter {
  /** The status, or 'all'; also the test id suffix and the label's key. */
  key: RowStatus | 'all'
  /** What the rows query filters on (null for every row). */
  status: RowStatus | null
  count: number
}

/** The filter tags in the order shown: 全部, 新增, 更新, 重复, 提示, 错误. */
export function countFilters(counts: ImportCounts): CountFilter[] {
  const statuses: RowStatus[] = ['new', 'update', 'duplicate', 'warning', 'error']
  return [
    { key: 'all', status: null, count: counts.read },
    ...statuses.map((s) => ({ key: s, status: s, count: counts[s] })),
  ]
}

/** The rows 导入 writes: new, updating, and those with a warning (which are added or update too). */
export function committableCount(counts: ImportCounts): number {
  return counts.new + counts.update + counts.warning
}

/** A reason as the table shows it: 【列名】原因 (in English `[column] reason`), or the bare reason for the whole row. */
export function issueText(issue: ImportIssue, locale: string): string {
  const en = locale === 'en'
  const reason = en ? issue.reasonEn : issue.reason
  if (!issue.column) return reason
  return en ? `[${issue.column}] ${reason}` : `【${issue.column}】${reason}`
}

/** A field's name in the interface language, starred when required. */
export function fieldLabel(field: ImportField, locale: string): string {
  const name = locale === 'en' ? field.labelEn : field.label
  return field.required ? `${name} *` : name
}

/** The mapping a preview was judged with: the field of each column, in order. */
export function mappingOf(columns: ImportColumn[]): (string | null)[] {
  return columns.map((c) => c.field)
}

/** Whether the mapping being edited differs from the one judged. */
export function mappingChanged(edited: (string | null)[], columns: ImportColumn[]): boolean {
  return columns.some((c, i) => (edited[i] ?? null) !== c.field)
}

/** For each field the edited mapping uses, the letter of the column that fills it (a field fills one column). */
export function fieldOwners(edited: (string | null)[], columns: ImportColumn[]): Map<string, string> {
  const owners = new Map<string, string>()
  columns.forEach((c, i) => {
    const field = edited[i]
    if (field && !owners.has(field)) owners.set(field, c.letter)
  })
  return owners
}

/** A file name without its extension: 花名册.xlsx → 花名册. */
export function fileStem(fileName: string): string {
  const dot = fileName.lastIndexOf('.')
  return dot > 0 ? fileName.slice(0, dot) : fileName
}

/** The name offered for the rejected rows' workbook: 未导入的行-花名册.xlsx. */
export function rejectsFileName(fileName: string): string {
  return `未导入的行-${fileStem(fileName)}.xlsx`
}

/** Where the save dialog for the rejected rows starts: beside the file imported (the bare name when it has no folder). */
export function rejectsDefaultPath(sourcePath: string, fileName: string): string {
  const cut = Math.max(sourcePath.lastIndexOf('/'), sourcePath.lastIndexOf('\\'))
  const name = rejectsFileName(fileName)
  return cut > 0 ? `${sourcePath.slice(0, cut + 1)}${name}` : name
}

/** The last part of a path, for showing a chosen file before its preview names it. */
export function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
}

/** Rows not imported (a row can have several reasons). */
export function rejectedRowCount(report: ImportReport): number {
  return new Set(report.rejected.map((issue) => issue.row)).size
}

/**
 * What a finished commit says: written; stopped — nothing written because rows had errors under 有错误就全部不导入
 * (`onError` 'stop'); or nothing to write.
 */
export function reportOutcome(report: ImportReport, onError: ErrorPolicy): 'written' | 'stopped' | 'nothing' {
  if (report.written) return 'written'
  return onError === 'stop' && report.rejected.length > 0 ? 'stopped' : 'nothing'
}
