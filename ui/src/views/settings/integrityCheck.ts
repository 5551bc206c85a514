import type { ReconcileReport } from '@/api'

/**
 * 数据检查 → 整理孤立附件 (the core's `data_folder/orphans.rs`): where the moved files go and what the person is told
 * afterwards.
 */

/** The folder, inside the data folder, that orphaned attachment files are moved into (one subfolder per day). */
export const QUARANTINE_FOLDER = 'attachments-orphaned'

/** How many orphaned files the list shows; the rest are counted. */
export const SHOWN_ORPHANS = 20

/** `relative` (`/`-separated, inside the data folder) under `dataDir`, written with the separator `dataDir` uses. */
export function inDataFolder(dataDir: string, relative: string): string {
  const windows = dataDir.includes('\\') && !dataDir.includes('/')
  const base = dataDir.replace(/[\\/]+$/, '')
  return [base, ...relative.split('/')].join(windows ? '\\' : '/')
}

/** The day's folder a reconciliation moved files into (`attachments-orphaned/<yyyy-mm-dd>`), or null when none. */
export function quarantineFolderOf(report: ReconcileReport): string | null {
  const first = report.moved[0]
  return first ? first.to.split('/').slice(0, 2).join('/') : null
}

type Translate = (key: string, values?: Record<string, unknown>) => string

/**
 * The lines that say what a reconciliation did: files put back, files moved (to the day's folder under `dataDir`),
 * files left with their reason; one line saying nothing was to be done when so.
 */
export function reconcileSummary(report: ReconcileReport, dataDir: string, t: Translate): string[] {
  const lines: string[] = []
  if (report.healed.length > 0) lines.push(t('dataSafetyPage.check.healed', { n: report.healed.length }))
  const folder = quarantineFolderOf(report)
  if (folder !== null) {
    lines.push(t('dataSafetyPage.check.moved', { n: report.moved.length, folder: inDataFolder(dataDir, folder) }))
  }
  if (report.notMoved.length > 0) {
    lines.push(t('dataSafetyPage.check.notMoved', { n: report.notMoved.length }))
    lines.push(...report.notMoved.map((f) => `${f.path}: ${f.reason}`))
  }
  return lines.length > 0 ? lines : [t('dataSafetyPage.check.nothing')]
}
