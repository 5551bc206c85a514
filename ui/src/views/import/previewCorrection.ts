/**
 * 改正 in the import preview, as the grid works it out before showing or sending anything: which rows can be
 * corrected, which cells the reasons name, what an editor starts with, whether a typed value is worth sending, and
 * the rows of a page after the core's answer. The judging itself is the core's (`correctImportCell`); nothing here
 * checks a value.
 */
import type { ImportColumn, ImportCorrection, PreviewRow } from '@/api'

/** How a reason marks a cell: a problem that keeps the row out, or something worth a look. */
export type CellFlag = 'error' | 'warning'

/** A row can be corrected while it is rejected, and stays so once corrected (to correct it again or put it back). */
export function rowCorrectable(row: PreviewRow): boolean {
  return row.status === 'error' || row.corrected.length > 0
}

/** A column can be corrected when it fills a field: a change elsewhere would not be imported. */
export function columnCorrectable(column: ImportColumn): boolean {
  return column.field !== null
}

/** The columns (by index) a row's reasons name, each marked as its row's reasons are: errors or warnings. */
export function flaggedColumns(row: PreviewRow, columns: ImportColumn[]): Map<number, CellFlag> {
  const flags = new Map<number, CellFlag>()
  const flag: CellFlag | null = row.status === 'error' ? 'error' : row.status === 'warning' ? 'warning' : null
  if (!flag) return flags
  for (const issue of row.issues) {
    columns.forEach((c, i) => {
      if (issue.column !== null && c.header === issue.column) flags.set(i, flag)
    })
  }
  return flags
}

/** Whether a column holds ID numbers, which the preview shows masked. */
export function masksValues(column: ImportColumn): boolean {
  return column.field === 'idCard'
}

/** What the editor of a cell starts with: its value, or nothing for a masked ID number (it is typed whole again). */
export function editStart(value: string, column: ImportColumn): string {
  return masksValues(column) ? '' : value
}

/** Whether a typed value changes the cell (leaving it as it started sends nothing). */
export function changesCell(start: string, typed: string): boolean {
  return typed.trim() !== start.trim()
}

/**
 * The page's rows after a correction: the corrected row and any other row judged differently now, each replaced
 * where the page shows it (a row another page shows is left to that page). The page keeps its rows and order, so the
 * corrected row stays in view even when a status filter no longer matches it.
 */
export function applyCorrection(rows: PreviewRow[], result: ImportCorrection): PreviewRow[] {
  const fresh = new Map([result.row, ...result.changed].map((r) => [r.row, r]))
  return rows.map((r) => fresh.get(r.row) ?? r)
}
