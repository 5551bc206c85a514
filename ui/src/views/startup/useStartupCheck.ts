import { onBeforeUnmount, ref } from 'vue'
import { startupStatus, type StartupStatus } from '@/api'

/** How often the app asks again while the start-up check of the data file runs in the background. */
export const STARTUP_CHECK_POLL_MS = 500

/**
 * Follows the start-up check that runs in the background when the last session did not close cleanly (or the file
 * changed since): while `checking`, the app asks for the start-up status every {@link STARTUP_CHECK_POLL_MS} and
 * hands each answer to `onStatus`, so a damaged file brings the start-up screen as soon as the check finds it. Pages
 * read meanwhile; saves wait for the check (the core answers `busy` past a few seconds).
 */
export function useStartupCheck(onStatus: (status: StartupStatus) => void) {
  const checking = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false

  /** Takes a start-up status just received: follows the check while it runs. */
  function follow(status: StartupStatus | null): void {
    checking.value = status?.checking === true && !status.problem
    clearTimeout(timer)
    if (checking.value && !stopped) timer = setTimeout(() => void ask(), STARTUP_CHECK_POLL_MS)
  }

  async function ask(): Promise<void> {
    let status: StartupStatus
    try {
      status = await startupStatus()
    } catch {
      // A failed question changes nothing: ask again.
      if (!stopped) timer = setTimeout(() => void ask(), STARTUP_CHECK_POLL_MS)
      return
    }
    if (stopped) return
    onStatus(status)
    follow(status)
  }

  onBeforeUnmount(() => {
    stopped = true
    clearTimeout(timer)
  })

  return { checking, follow }
}
