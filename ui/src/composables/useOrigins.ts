import { computed, shallowRef } from 'vue'
import { listOrigins, type OriginSummary } from '@/api'

/**
 * 来源: the ledger's origins (itself first, then every ledger whose exchange packages were merged here), loaded once
 * for every page that shows them, and whether to show them at all — the 来源 filter and column appear only when the
 * ledger holds records of more than one origin. A failed load shows nothing (the lists work as before). `reload()`
 * asks again (after a merge or its undo).
 */
const origins = shallowRef<OriginSummary[]>([])
let loading: Promise<void> | null = null

function load(): Promise<void> {
  loading ??= listOrigins().then(
    (list) => {
      origins.value = Array.isArray(list) ? list : []
    },
    () => {
      origins.value = []
      loading = null
    },
  )
  return loading
}

/** Forgets what was loaded (a ledger replaced in place, a merge, the tests). */
export function resetOrigins(): void {
  origins.value = []
  loading = null
}

export function useOrigins() {
  void load()
  const several = computed(() => origins.value.length > 1)
  /** The options of a 来源 select: each origin by its id and name. */
  const options = computed(() => origins.value.map((o) => ({ id: o.id, name: o.name })))
  return {
    origins,
    several,
    options,
    /** Loads again. */
    reload: (): Promise<void> => {
      loading = null
      return load()
    },
    /** Resolves once the first load is done. */
    ready: (): Promise<void> => load(),
  }
}
