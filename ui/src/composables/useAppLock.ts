import { reactive, readonly } from 'vue'
import { lockNow, lockStatus, reportActivity, type LockStatus } from '@/api'

/** How often at most the UI tells the shell the person is active (the idle lock counts in minutes). */
export const ACTIVITY_REPORT_MS = 30_000

/** The app password as the whole UI sees it: one state shared by App.vue, the header and 设置. */
const state = reactive<LockStatus>({ passwordSet: false, locked: false, retryAfterSeconds: 0, idleLockMinutes: null })

/** Reads the status from the shell; keeps the last one when it cannot be read. */
async function refresh(): Promise<LockStatus> {
  Object.assign(state, await lockStatus())
  return { ...state }
}

/** 立即锁定: the shell drops the open ledger; the app shows the lock screen. */
async function lock(): Promise<void> {
  if (await lockNow()) state.locked = true
}

/** The shell locked the app (idle) or the lock screen opened it. */
function setLocked(locked: boolean): void {
  state.locked = locked
}

/** The password was set (true) or turned off (false) in 设置. */
function setPasswordSet(passwordSet: boolean): void {
  state.passwordSet = passwordSet
}

let lastReport = 0

/** Reports activity to the shell, at most once per {@link ACTIVITY_REPORT_MS}, and never while locked. */
function activity(): void {
  const now = Date.now()
  if (state.locked || !state.passwordSet || now - lastReport < ACTIVITY_REPORT_MS) return
  lastReport = now
  reportActivity().catch(() => {
    // The next report tries again; the worst case is an early lock.
  })
}

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'wheel'] as const

/** Starts reporting keys, clicks and scrolling; returns the function that stops. */
function watchActivity(target: Window = window): () => void {
  for (const name of ACTIVITY_EVENTS) target.addEventListener(name, activity, { passive: true })
  return () => {
    for (const name of ACTIVITY_EVENTS) target.removeEventListener(name, activity)
  }
}

/** The shared lock state and what changes it (see above). */
export function useAppLock() {
  return { state: readonly(state), refresh, lock, setLocked, setPasswordSet, watchActivity }
}
