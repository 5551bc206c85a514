/** Start-up status, backups, restore and recovery, and moving the data folder (数据安全). */
import type {
  BackupEntry,
  BackupNotice,
  IntegrityReport,
  MoveReport,
  ReconcileReport,
  RestoreReport,
  StartupStatus,
} from './bindings'
import { call } from './call'

/**
 * Whether the ledger opened at start-up and, when it did not (a damaged file, a file from a newer version …), why,
 * with the newest backup that passes its check. Answers even when the ledger could not be opened.
 */
export function startupStatus(): Promise<StartupStatus> {
  return call<StartupStatus>('startup_status')
}

/**
 * Tries again to open a ledger that could not be opened at start-up (the other program closed, the folder's
 * permissions fixed, the disk reconnected), without restarting the app; answers the new status.
 */
export function retryOpen(): Promise<StartupStatus> {
  return call<StartupStatus>('retry_open')
}

/** The automatic and manual backups in the data folder's `backups/`, newest first. */
export function listBackups(): Promise<BackupEntry[]> {
  return call<BackupEntry[]>('list_backups')
}

/**
 * Backs up the database now: into the data folder's `backups/` when `folder` is null, else into `folder` (a USB
 * stick …). Rejects with "insufficient_space" when the disk is nearly full.
 */
export function backupNow(folder: string | null): Promise<BackupEntry> {
  return call<BackupEntry>('backup_now', { folder })
}

/**
 * Replaces the open ledger's data with the backup (or any ledger file) at `path`, after checking the file and backing
 * up the current database (`safetyBackup`). Every page's data changes: reload the window afterwards. `secret`: the
 * password or recovery code of an encrypted backup, once the first try answered "locked" (or "wrong_password").
 */
export function restoreBackup(path: string, secret: string | null = null): Promise<RestoreReport> {
  return call<RestoreReport>('restore_backup', withSecret({ path }, secret))
}

/**
 * Puts the backup at `path` in place of a database that could not be opened (the start-up screen); the file that
 * failed is kept aside. Reload the window afterwards. `secret` as for {@link restoreBackup}.
 */
export function recoverFromBackup(path: string, secret: string | null = null): Promise<RestoreReport> {
  return call<RestoreReport>('recover_from_backup', withSecret({ path }, secret))
}

/** The arguments with the backup's secret when there is one (none: the shell's `None`). */
function withSecret(args: { path: string }, secret: string | null): Record<string, string> {
  return secret === null ? args : { ...args, secret }
}

/** The plain backups left from before the app password was set (empty for a plain ledger), newest first. */
export function plainBackups(): Promise<BackupEntry[]> {
  return call<BackupEntry[]>('plain_backups')
}

/**
 * Re-encrypts (`encrypt`: each rewritten under the ledger's key, verified, then the plain one replaced) or removes
 * (`remove`) the plain backups of an encrypted ledger; resolves to those still plain.
 */
export function settlePlainBackups(action: 'encrypt' | 'remove'): Promise<BackupEntry[]> {
  return call<BackupEntry[]>('settle_plain_backups', { action })
}

/**
 * Copies the data folder (database and attachments, each checked) to the folder `to` and goes on there; the old
 * folder is left as it was. Refused when the data folder is set by LEDGER_DATA_DIR.
 */
export function moveDataFolder(to: string): Promise<MoveReport> {
  return call<MoveReport>('move_data_folder', { to })
}

/** Backups that were due but not made (the disk nearly full …) since the last call; each is given out once. */
export function backupNotices(): Promise<BackupNotice[]> {
  return call<BackupNotice[]>('backup_notices')
}

/**
 * 数据检查: SQLite's integrity and foreign-key checks of the open database, its schema version, and the orphaned
 * attachment files of the data folder (files under `attachments/` no attachment row names: listed, no failure).
 */
export function checkIntegrity(): Promise<IntegrityReport> {
  return call<IntegrityReport>('check_integrity')
}

/**
 * 整理孤立附件: a file holding the content of an attachment that lost its file is put back in its place; every other
 * orphaned file is moved into `attachments-orphaned/<yyyy-mm-dd>/` of the data folder — never deleted. Files written
 * within the last hour, and files the system refuses to move, are left and reported (`notMoved`).
 */
export function reconcileAttachments(): Promise<ReconcileReport> {
  return call<ReconcileReport>('reconcile_attachments')
}
