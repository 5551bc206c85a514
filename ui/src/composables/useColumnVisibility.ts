import { computed, ref, watch, type ComputedRef, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'

/** localStorage keys of the lists' hidden columns. */
export const COLUMN_STORAGE_KEYS = {
  experts: 'ledger.columns.experts',
  enterprises: 'ledger.columns.enterprises',
  servicesPage: 'ledger.columns.services',
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

  watch(
    visible,
    (now) =>
      writeHidden(
        storageKey,
        columns.filter((c) => !now.includes(c)),
      ),
    { deep: true },
  )

  const isVisible = computed(() => {
    const set = new Set<string>(visible.value)
    return (key: K) => set.has(key)
  })

  function reset(): void {
    visible.value = showing(hiddenByDefault)
  }

  return { visible, isVisible, reset }
}

/** A list's optional columns as its 列 button offers them: the visibility with each column's label. */
export interface ColumnChoice<K extends string> extends ColumnVisibility<K> {
  /** The optional columns with their headers, in table order. */
  options: ComputedRef<{ key: K; label: string }[]>
  /** The header of the column that always shows. */
  fixedLabel: ComputedRef<string>
  /** Shows these optional columns and hides the others. */
  show(keys: K[]): void
}

/** What the 列 button needs of a column choice, whatever the list's column keys. */
export type ColumnChooserModel = Omit<ColumnChoice<string>, 'isVisible'>

/**
 * The column choice of a list (experts, enterprises, the service ledger): `useColumnVisibility` under that list's
 * storage key, with the headers from `<list>.columns.<key>` (`.<fixed>` for the column that always shows).
 */
export function useColumnChoice<K extends string>(
  list: keyof typeof COLUMN_STORAGE_KEYS,
  columns: readonly K[],
  hiddenByDefault: readonly K[] = [],
  fixed = 'name',
): ColumnChoice<K> {
  const { t } = useI18n()
  const visibility = useColumnVisibility(COLUMN_STORAGE_KEYS[list], columns, hiddenByDefault)
  return {
    ...visibility,
    options: computed(() => columns.map((key) => ({ key, label: t(`${list}.columns.${key}`) }))),
    fixedLabel: computed(() => t(`${list}.columns.${fixed}`)),
    show: (keys) => {
      visibility.visible.value = keys
    },
  }
}
