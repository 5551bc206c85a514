import { shallowRef, watch, type Ref } from 'vue'
import { useLatestLoad } from '@/composables/useLatestLoad'

/**
 * Loads a detail page's overview for the id in the route and again whenever it changes or `reload` is called; an
 * answer for an id the user has already left is dropped. The last good overview stays shown while reloading.
 */
export function useOverview<T>(id: Ref<string>, fetch: (id: string) => Promise<T>) {
  const overview = shallowRef<T | null>(null)
  const { loading, error, run } = useLatestLoad()

  async function reload(): Promise<void> {
    await run(
      () => fetch(id.value),
      (value) => {
        overview.value = value
      },
    )
  }

  watch(
    id,
    () => {
      overview.value = null
      error.value = null
      void reload()
    },
    { immediate: true },
  )

  return { overview, loading, error, reload }
}
