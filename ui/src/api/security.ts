/** The app password (数据安全 → 应用密码), the lock screen and the idle lock. */
import { call } from './call'

/**
 * The lock screen's and 设置's view of the app password (`LockStatus` in src-tauri/src/lock.rs, the shell's own
 * type, written here by hand).
 */
export interface LockStatus {
  /** The ledger has an app password (its database is encrypted). */
  passwordSet: boolean
  /** No ledger is open: it waits for the password (every data command answers `locked`). */
  locked: boolean
  /** Seconds before the lock screen takes another try (0: now), after five wrong tries in a row. */
  retryAfterSeconds: number
  /** Minutes without activity after which the app locks; null: never. */
  idleLockMinutes: number | null
}

/** Whether a password is set and the app locked, the wait before the next try and the idle time. */
export function lockStatus(): Promise<LockStatus> {
  return call<LockStatus>('lock_status')
}

/**
 * Opens the locked ledger with the password or the recovery code. Rejects with `wrong_password` (nothing changed) or,
 * after five wrong tries in a row, `too_many_attempts` (the message says how long to wait).
 */
export function unlock(secret: string): Promise<void> {
  return call<void>('unlock', { secret })
}

/** Locks the app now (立即锁定); resolves to false when there is no password (nothing to lock). */
export function lockNow(): Promise<boolean> {
  return call<boolean>('lock_now')
}

/** Tells the shell the person is using the app: the idle time starts again. */
export function reportActivity(): Promise<void> {
  return call<void>('report_activity')
}

/** Sets the minutes without activity after which the app locks (null: never). */
export function setIdleLock(minutes: number | null): Promise<void> {
  return call<void>('set_idle_lock', { minutes })
}

/** Turns the app password on (the ledger is converted); resolves to the recovery code, shown once. */
export function setPassword(newPassword: string): Promise<string> {
  return call<string>('set_password', { newPassword })
}

/**
 * Changes the app password after the current one or the recovery code (`secret`): the ledger is re-keyed; resolves to
 * the new recovery code, shown once (the old one no longer opens the ledger).
 */
export function changePassword(secret: string, newPassword: string): Promise<string> {
  return call<string>('change_password', { secret, newPassword })
}

/** Turns the app password off after the password or the recovery code (the ledger is decrypted). */
export function removePassword(secret: string): Promise<void> {
  return call<void>('remove_password', { secret })
}
