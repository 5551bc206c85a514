/**
 * What the export dialog decides before it calls the core: the default file name, the remembered columns per
 * ledger and the remembered folder, and the id of one export run.
 */
import type { ExportColumn, ExportFormat, ExportKind, PeriodKind } from '@/api'
import { statisticsPageMessages } from '@/i18n/messages/pages/statisticsPage'
import { periodLabel, type PeriodChoice } from '@/utils/period'

/** Whom an export covers besides the period (the 统计导出 page's scope); the list pages export everything. */
export interface ExportScope {
  /** A province, city or county name. */
  region: string | null
  organizationId: string | null
  batchId: string | null
  /** 来源: only records of these origins (none or null: all). */
  origins?: string[] | null
  /** The scope as shown, e.g. 宁波市 · 浙江大学; empty for everything. */
  label: string
}

/** The workbooks in the order the dialog offers them. */
export const EXPORT_KINDS: readonly ExportKind[] = [
  'roster',
  'enterprises',
  'visits',
  'services',
  'needs',
  'events',
  'summary',
  'pairings',
]

/** The workbooks that are one table (a ledger) and so have a column choice and a CSV form. */
export const LEDGER_KINDS: readonly ExportKind[] = ['roster', 'enterprises', 'visits', 'services', 'needs', 'events']

/** localStorage key prefix of the columns left out of a ledger's export (the kind follows). */
export const EXPORT_COLUMNS_STORAGE_PREFIX = 'ledger.export.columns.'

/** localStorage key of the folder the last export went to. */
export const EXPORT_FOLDER_STORAGE_KEY = 'ledger.export.folder'

const ZH = statisticsPageMessages.zh.export

/**
 * A workbook's name as its file is called — always Chinese, like the workbook's own title: 服务台账, and for the
 * summary 月度/季度/年度工作台账 after the period's kind.
 */
export function workbookFileBase(kind: ExportKind, periodKind: PeriodKind): string {
  return kind === 'summary' ? ZH.summaryByPeriod[periodKind] : ZH.kinds[kind]
}

/** The file name offered in the save dialog, e.g. `服务台账_2024年第一季度.xlsx`. */
export function defaultExportFileName(kind: ExportKind, period: PeriodChoice, format: ExportFormat): string {
  return `${workbookFileBase(kind, period.kind)}_${periodLabel(period, 'zh-CN')}.${format}`
}

/** The chosen path with the format's extension (a save dialog may hand back a name typed without it). */
export function withExtension(path: string, format: ExportFormat): string {
  return path.toLowerCase().endsWith(`.${format}`) ? path : `${path}.${format}`
}

/** A value kept in the WebView's storage, or null (storage can be disabled). */
export function readStored(key: string): string | null {
  try {
    return window.localStorage.getItem(key)
  } catch {
    return null
  }
}

/** Keeps a value in the WebView's storage (for this session only when storage is disabled). */
export function writeStored(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value)
  } catch {
    // Storage can be disabled; the choice then lasts for this session only.
  }
}

/**
 * The columns of a ledger the user left out last time (remembered as the unticked keys, so a column added in a later
 * version starts ticked); null when the user never chose (or nothing readable is stored).
 */
export function readHiddenColumns(kind: ExportKind): string[] | null {
  try {
    const parsed: unknown = JSON.parse(readStored(EXPORT_COLUMNS_STORAGE_PREFIX + kind) ?? 'null')
    return Array.isArray(parsed) && parsed.every((k) => typeof k === 'string') ? parsed : null
  } catch {
    return null
  }
}

/** A ledger's 打印列 (the columns a superior reads on paper), in its order; all of them when it marks none. */
export function printColumnKeys(list: readonly ExportColumn[]): string[] {
  const marked = list.filter((c) => c.print)
  return (marked.length > 0 ? marked : list).map((c) => c.key)
}

/**
 * The columns ticked for a ledger: the user's own choice when there is one (`hidden`, the columns left out last
 * time); otherwise the 打印列 for an Excel workbook, which is printed, and every column for CSV, which is data work.
 */
export function defaultColumnKeys(
  list: readonly ExportColumn[],
  hidden: readonly string[] | null,
  format: ExportFormat,
): string[] {
  if (hidden !== null) return list.filter((c) => !hidden.includes(c.key)).map((c) => c.key)
  return format === 'xlsx' ? printColumnKeys(list) : list.map((c) => c.key)
}

/** Remembers the columns of a ledger left out of its export. */
export function writeHiddenColumns(kind: ExportKind, hidden: string[]): void {
  writeStored(EXPORT_COLUMNS_STORAGE_PREFIX + kind, JSON.stringify(hidden))
}

/** Remembers the folder of a file just written, for the next save dialog. */
export function rememberExportFolder(path: string): void {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))
  if (cut > 0) writeStored(EXPORT_FOLDER_STORAGE_KEY, path.slice(0, cut))
}

/** Where the save dialog starts: the file name inside the last export's folder, or the bare name the first time. */
export function exportDefaultPath(fileName: string): string {
  const folder = readStored(EXPORT_FOLDER_STORAGE_KEY)
  if (!folder) return fileName
  return `${folder}${folder.includes('\\') ? '\\' : '/'}${fileName}`
}

let runs = 0

/** A fresh id for one export run (ties its progress events and its cancellation to it). */
export function newExportJobId(): string {
  runs += 1
  return `export-${Date.now().toString(36)}-${runs}-${Math.random().toString(36).slice(2, 10)}`
}
