import { computed, onBeforeUnmount, ref } from 'vue'
import type { ExportProgress } from '@/api'
import { newExportJobId } from '@/components/exportSupport'

/**
 * One long job of the shell at a time with its progress bar and 取消 (a package export, a merge): `run(work)` gives
 * `work` a fresh job id, follows that job's progress events while it runs, and settles as `work` does; `cancel()`
 * asks the shell to stop it. Leaving the page while it runs cancels it rather than leave it running unseen.
 */
export function useProgressJob(
  listen: (handler: (progress: ExportProgress) => void) => Promise<() => void>,
  cancelJob: (jobId: string) => Promise<void>,
) {
  const running = ref(false)
  const cancelling = ref(false)
  const progress = ref({ done: 0, total: 0 })
  let jobId: string | null = null

  const percent = computed(() => {
    const { done, total } = progress.value
    return total > 0 ? Math.min(100, Math.floor((done * 100) / total)) : 0
  })

  async function run<T>(work: (jobId: string) => Promise<T>): Promise<T> {
    const id = newExportJobId()
    jobId = id
    running.value = true
    cancelling.value = false
    progress.value = { done: 0, total: 0 }
    let stopListening = () => {}
    try {
      stopListening = await listen((p) => {
        if (p.jobId === id && jobId === id) progress.value = { done: p.done, total: p.total }
      })
    } catch {
      // Without the events the bar stays at its start; the job itself still runs.
    }
    try {
      return await work(id)
    } finally {
      stopListening()
      jobId = null
      cancelling.value = false
      running.value = false
    }
  }

  /** Asks the running job to stop; a failure to ask is rethrown (the job goes on). */
  async function cancel(): Promise<void> {
    const id = jobId
    if (id === null || cancelling.value) return
    cancelling.value = true
    try {
      await cancelJob(id)
    } catch (e) {
      cancelling.value = false
      throw e
    }
  }

  onBeforeUnmount(() => {
    if (jobId !== null) void cancelJob(jobId).catch(() => undefined)
  })

  return { running, cancelling, progress, percent, run, cancel }
}
