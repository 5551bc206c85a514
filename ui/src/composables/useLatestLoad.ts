import { ref, shallowRef } from 'vue'
import { toApiError, type ApiError } from '@/api'

/**
 * Loads where only the answer to the latest call counts: a slower, older answer arriving after a newer one is
 * dropped, and so is its error. `loading` follows the latest call; `error` is kept until a load succeeds.
 */
export function useLatestLoad() {
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)
  let latest = 0

  /** Runs `fetch`; hands its answer to `apply` only if no later call was started meanwhile. */
  async function run<T>(fetch: () => Promise<T>, apply: (value: T) => void): Promise<void> {
    const call = ++latest
    loading.value = true
    try {
      const value = await fetch()
      if (call !== latest) return
      apply(value)
      error.value = null
    } catch (failure) {
      if (call === latest) error.value = toApiError(failure)
    } finally {
      if (call === latest) loading.value = false
    }
  }

  return { loading, error, run }
}
