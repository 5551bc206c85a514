import { computed, ref, watch, type ComputedRef, type Ref } from 'vue'

/** localStorage keys of the lists' hidden columns. */
export const COLUMN_STORAGE_KEYS = {
  experts: 'ledger.columns.experts',
  enterprises: 'ledger.columns.enterprises',
} as const

/** Reads the remembered hidden columns; null when nothing (or something unreadable) is stored. */
function readHidden(storageKey: string): string[] | null {
  try {
    const raw = window.localStorage.getItem(storageKey)
    if (raw === null) return null
    const parsed: unknown = JSON.parse(raw)
    return Array.isArray(parsed) && parsed.every((k) => typeof k === 'string') ? parsed : null
  } catch {
    return null
  }
}

function writeHidden(storageKey: string, hidden: string[]): void {
  try {
    window.localStorage.setItem(storageKey, JSON.stringify(hidden))
  } catch {
    // Storage can be disabled; the choice then lasts for this session only.
  }
}

export interface ColumnVisibility<K extends string> {
  /** The optional columns shown, in table order. */
  visible: Ref<K[]>
  /** Whether a column is shown. */
  isVisible: ComputedRef<(key: K) => boolean>
  /** Back to the default set. */
  reset: () => void
}

/**
 * Which optional columns of a list are shown, remembered in localStorage under `storageKey` as the list of hidden
 * keys (so a column added in a later version shows up). Columns not in `columns` (the name) are always shown.
 */
export function useColumnVisibility<K extends string>(
  storageKey: string,
  columns: readonly K[],
  hiddenByDefault: readonly K[] = [],
): ColumnVisibility<K> {
  const known = (key: string): key is K => (columns as readonly string[]).includes(key)
  const showing = (hidden: readonly string[]): K[] => columns.filter((c) => !hidden.includes(c))
  const stored = readHidden(storageKey)
  const visible = ref(showing(stored ? stored.filter(known) : hiddenByDefault)) as Ref<K[]>

  watch(visible, (now) => writeHidden(storageKey, columns.filter((c) => !now.includes(c))), { deep: true })

  const isVisible = computed(() => {
    const set = new Set<string>(visible.value)
    return (key: K) => set.has(key)
  })

  function reset(): void {
    visible.value = showing(hiddenByDefault)
  }

  return { visible, isVisible, reset }
}
