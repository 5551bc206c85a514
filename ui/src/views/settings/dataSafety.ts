import { ElMessage, ElMessageBox } from 'element-plus'
import { useI18n } from 'vue-i18n'
import {
  chooseFolder,
  chooseOpenPath,
  toApiError,
  type BackupEntry,
  type ErrorCode,
  type RestoreReport,
  type StartupStatus,
} from '@/api'
import { baseName } from '@/utils/files'
import { quarantineFolderOf } from './integrityCheck'
import { reloadWindow } from '@/utils/reload'

/**
 * 数据安全 shared by 设置 → 数据安全 and the start-up screen: what the start-up screen offers for a problem, the
 * native dialogs, the confirm dialogs, and the message shown after a restore before the window reloads.
 */

/** The extensions offered by the open dialog of a restore: backups (with their attachments) and database files. */
const LEDGER_FILE_EXTENSIONS = ['zip', 'sqlite3', 'db']

/**
 * How the start-up screen treats a problem. Only a file that is damaged or not a ledger (`unreadable`) and a missing
 * database beside its backups (`missing`) are recovered from a backup; `tooNew` a file made by a newer version of the
 * app (update the app; an older backup would lose what was entered since). A file another program holds (`inUse`), a
 * folder that cannot be written (`readOnly`) and any other I/O or database failure (`io`) are nothing a backup fixes:
 * the screen says what to check and offers 重试.
 */
export type StartupProblemKind = 'tooNew' | 'missing' | 'unreadable' | 'inUse' | 'readOnly' | 'io'

const UNREADABLE: readonly ErrorCode[] = ['integrity', 'damaged_file', 'not_a_ledger', 'corrupt_value']

/** The kind of a start-up problem by its error code (an unknown one: `io`, which only offers 重试). */
export function startupProblemKind(code: ErrorCode | undefined): StartupProblemKind {
  if (code === 'schema_too_new') return 'tooNew'
  if (code === 'ledger_missing') return 'missing'
  if (code !== undefined && UNREADABLE.includes(code)) return 'unreadable'
  if (code === 'in_use' || code === 'busy') return 'inUse'
  if (code === 'read_only') return 'readOnly'
  return 'io'
}

/** Whether the start-up screen offers 重试 for a kind (the problems a backup does not fix). */
export function offersRetry(kind: StartupProblemKind): boolean {
  return kind === 'inUse' || kind === 'readOnly' || kind === 'io'
}

/** The backup the start-up screen offers in one click: the newest good one, for an unreadable or missing file. */
export function offeredBackup(status: StartupStatus): BackupEntry | null {
  if (status.problem === null) return null
  const kind = startupProblemKind(status.problem.code)
  return kind === 'unreadable' || kind === 'missing' ? status.newestBackup : null
}

/**
 * The native dialogs of 数据安全: a ledger database file to restore from, and a folder. Each resolves to null when
 * the dialog was closed without a choice, or could not be opened (which a message then says).
 */
export function useDataSafetyDialogs() {
  const { t, locale } = useI18n()

  async function pick(choose: () => Promise<string | null>): Promise<string | null> {
    try {
      return await choose()
    } catch (raw) {
      ElMessage.error(t('dataSafetyPage.dialogFailed', { message: toApiError(raw).localized(locale.value) }))
      return null
    }
  }

  return {
    chooseLedgerFile: () =>
      pick(() =>
        chooseOpenPath(
          [{ name: t('dataSafetyPage.restore.filterName'), extensions: LEDGER_FILE_EXTENSIONS }],
          t('dataSafetyPage.restore.fileTitle'),
        ),
      ),
    chooseFolder: (title: string) => pick(() => chooseFolder(title)),
  }
}

/** Whether a restore's failure asks for the backup's password: an encrypted backup ("locked") or a wrong password. */
export function asksForBackupPassword(code: ErrorCode): boolean {
  return code === 'locked' || code === 'wrong_password'
}

/**
 * Returns the function that runs a restore (or a recovery) `run`, first without a password; when the shell answers
 * that the backup is encrypted ("locked") or that the password was wrong, it asks for the backup's password or
 * recovery code in a small password box (a wrong one is said above the box) and tries again. Resolves to the
 * report, or to null when the person closed the box; any other failure rejects.
 */
export function useBackupPassword() {
  const { t, locale } = useI18n()
  return async (run: (secret: string | null) => Promise<RestoreReport>): Promise<RestoreReport | null> => {
    let secret: string | null = null
    for (;;) {
      try {
        return await run(secret)
      } catch (raw) {
        const error = toApiError(raw)
        if (!asksForBackupPassword(error.code)) throw error
        const ask = t('dataSafetyPage.backupPassword.prompt')
        const message: string = secret === null ? ask : `${error.localized(locale.value)} ${ask}`
        secret = await ElMessageBox.prompt(message, t('dataSafetyPage.backupPassword.title'), {
          inputType: 'password',
          inputPlaceholder: t('dataSafetyPage.backupPassword.placeholder'),
          inputValidator: (value: string) => value.length > 0 || t('dataSafetyPage.backupPassword.required'),
          confirmButtonText: t('dataSafetyPage.backupPassword.confirm'),
          cancelButtonText: t('common.cancel'),
          customClass: 'backup-password-prompt',
        }).then(
          ({ value }) => value,
          () => null,
        )
        if (secret === null) return null
      }
    }
  }
}

/**
 * Returns the function that says what a restore (or a recovery) did — the file restored from, the copy kept of the
 * database it replaced (`kept`: a 恢复前 backup, or the file that could not be opened) and where the attachment files
 * the restored database does not name were moved (never deleted) — and then reloads the
 * window, since every page's data changed.
 */
export function useRestoredAnnouncement() {
  const { t, locale } = useI18n()
  return async (report: RestoreReport, kept: 'safety' | 'damaged'): Promise<void> => {
    const parts = [t('dataSafetyPage.restored.done', { name: baseName(report.restoredFrom) })]
    if (report.safetyBackup) parts.push(t(`dataSafetyPage.restored.${kept}`, { name: report.safetyBackup.fileName }))
    const folder = quarantineFolderOf(report.reconciled)
    if (folder !== null) parts.push(t('dataSafetyPage.restored.orphans', { n: report.reconciled.moved.length, folder }))
    parts.push(t('dataSafetyPage.restored.reload'))
    await ElMessageBox.alert(parts.join(locale.value === 'en' ? ' ' : ''), t('dataSafetyPage.restored.title'), {
      type: 'success',
      confirmButtonText: t('dataSafetyPage.restored.ok'),
      showClose: false,
    }).catch(() => undefined)
    reloadWindow()
  }
}
