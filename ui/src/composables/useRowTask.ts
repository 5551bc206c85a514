import { ElMessage } from 'element-plus'
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { toApiError, type ApiError } from '@/api'

/**
 * One task at a time on the rows of a list (restore, purge, undo, delete): `busyId` is the row's id while its task
 * runs, and `runOn` says how it went — `done` in a success message, or `failed(message, error)` in an error message,
 * `message` being the error in the interface language — and resolves to whether it succeeded.
 */
export function useRowTask() {
  const { locale } = useI18n()
  const busyId = ref<string | null>(null)

  async function runOn(
    id: string,
    task: () => Promise<unknown>,
    done: string,
    failed: (message: string, error: ApiError) => string,
  ): Promise<boolean> {
    busyId.value = id
    try {
      await task()
      ElMessage.success(done)
      return true
    } catch (raw) {
      const error = toApiError(raw)
      ElMessage.error(failed(error.localized(locale.value), error))
      return false
    } finally {
      busyId.value = null
    }
  }

  return { busyId, runOn }
}
