import { ElMessage } from 'element-plus'
import { ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { chooseSavePath, exportForms, toApiError, type FormKind } from '@/api'
import { formsFileName, type PrintedRecord } from '@/components/evidence'
import { exportDefaultPath, newExportJobId, rememberExportFolder, withExtension } from '@/components/exportSupport'

/**
 * 打印表单: asks where to save the 服务确认单 or 走访记录表 of some records (the system's save dialog, starting in the
 * last export's folder) and writes them there, one sheet and one A4 page per record, saying where the file went or
 * why it was not written. `printing` is true meanwhile; a second print waits for the first.
 */
export function usePrintForms() {
  const { t, locale } = useI18n()
  const printing = ref(false)

  /** Prints the forms of `kind` for the records `ids` (described by `records` for the file name). */
  async function print(kind: FormKind, ids: readonly string[], records: readonly PrintedRecord[]): Promise<void> {
    if (printing.value || ids.length === 0) return
    const name = t(`evidence.names.${kind}`)
    const fileName = formsFileName(kind, records)
    printing.value = true
    try {
      const chosen = await chooseSavePath(
        exportDefaultPath(fileName),
        [{ name: t('evidence.print.xlsxFilter'), extensions: ['xlsx'] }],
        t('evidence.print.saveTitle', { name }),
      )
      if (!chosen) return
      const path = withExtension(chosen, 'xlsx')
      const report = await exportForms({ kind, ids: [...ids] }, path, newExportJobId())
      rememberExportFolder(path)
      ElMessage.success({ message: t('evidence.print.done', { n: report.rows, name, path }), duration: 6000 })
    } catch (raw) {
      ElMessage.error(t('evidence.print.failed', { name, message: toApiError(raw).localized(locale.value) }))
    } finally {
      printing.value = false
    }
  }

  return { printing, print }
}

/**
 * The printing of a list of visits or service records: the rows ticked on the page (`onSelection`, for el-table's
 * `selection-change`), and `printRows` — the forms of some rows, described for the file name by `describe`.
 */
export function usePrintRows<R extends { id: string }>(kind: FormKind, describe: (row: R) => PrintedRecord) {
  const { printing, print } = usePrintForms()
  const selected = shallowRef<R[]>([])

  function onSelection(rows: R[]): void {
    selected.value = rows
  }

  function printRows(rows: readonly R[]): Promise<void> {
    return print(
      kind,
      rows.map((r) => r.id),
      rows.map(describe),
    )
  }

  return { printing, selected, onSelection, printRows }
}
