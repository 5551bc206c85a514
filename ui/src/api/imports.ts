/** Commands of the import (导入) flow: preview, commit, rejected rows, and the imports done. */
import type {
  CellCorrection,
  ImportCorrection,
  ImportKind,
  ImportPreview,
  ImportRecord,
  ImportReport,
  ImportRequest,
  Page,
  PreviewQuery,
  PreviewRow,
} from './bindings'
import { call } from './call'

/**
 * Reads and judges a file to import (导入): its sheets, header row, columns with the field each fills, and the count
 * of rows per status. The shell keeps the preview by its `id` for {@link importRows}, {@link importCommit} and
 * {@link saveImportRejects}; call again with `request.mapping`, other policies or another sheet to re-judge. A file
 * that cannot be read, or a mapping naming a field twice, rejects with field errors.
 */
export function importPreview(request: ImportRequest): Promise<ImportPreview> {
  return call<ImportPreview>('import_preview', { request })
}

/** One page of a preview's rows, optionally only those of one status. */
export function importRows(id: string, query: PreviewQuery): Promise<Page<PreviewRow>> {
  return call<Page<PreviewRow>>('import_rows', { id, query })
}

/**
 * Corrects one cell of a preview's row (改正): the core judges the rows again with the same rules and duplicate checks
 * and keeps the corrected preview in place of the old one — the value typed is what {@link importCommit} writes; the
 * file is not changed. Resolves to the corrected row, any other row now judged differently, and the counts. Rejects
 * with `not_found` for a preview no longer kept, and with a field error on `row`, `column` or `value` for a row or
 * column the preview has not, or a value that would empty the row; the preview is then as it was.
 */
export function correctImportCell(id: string, correction: CellCorrection): Promise<ImportCorrection> {
  return call<ImportCorrection>('correct_import_cell', { id, correction })
}

/**
 * Writes a preview all or nothing, the rows judged again against the database as it is now. While it runs the shell
 * emits `import-progress` events carrying the preview's `id` (see {@link onImportProgress}); {@link cancelImport}
 * stops it, and it then rejects with code "cancelled" having written nothing. `written` is false when nothing was
 * written: no row to write, or rows in error under the policy `stop`.
 */
export function importCommit(id: string): Promise<ImportReport> {
  return call<ImportReport>('import_commit', { id })
}

/** Asks the running import of preview `id` to stop. */
export function cancelImport(id: string): Promise<void> {
  return call<void>('cancel_import', { id })
}

/** Saves a preview's rejected rows, with a 原因 column, as an .xlsx at `path`; resolves to the number of rows. */
export function saveImportRejects(id: string, path: string): Promise<number> {
  return call<number>('save_import_rejects', { id, path })
}

/**
 * Writes the blank import template of `kind` (.xlsx at `path`): the headers the importer reads, required ones marked
 * `*`, a 填写说明 sheet and drop-down lists; filled in, it imports with no mapping step.
 */
export function saveImportTemplate(kind: ImportKind, path: string): Promise<void> {
  return call<void>('save_import_template', { kind, path })
}

/** The imports done, newest first. */
export function listImports(): Promise<ImportRecord[]> {
  return call<ImportRecord[]>('list_imports')
}

/**
 * Takes an import back as a whole: the records it added are removed and those it updated get their earlier values.
 * Rejects when any of them was changed or deleted since, or when it was undone already.
 */
export function undoImport(id: string): Promise<ImportRecord> {
  return call<ImportRecord>('undo_import', { id })
}
