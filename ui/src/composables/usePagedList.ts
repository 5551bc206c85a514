import { computed, onScopeDispose, reactive, ref, shallowRef, watch, type Ref, type WritableComputedRef } from 'vue'
import type { ApiError, Page, SortOrder } from '@/api'
import { useLatestLoad } from './useLatestLoad'

/** How long the search box waits after the last keystroke before asking the core. */
export const SEARCH_DEBOUNCE_MS = 300

/** The page sizes offered under the table. */
export const PAGE_SIZES = [20, 50, 100] as const

/** The part of a list query every paged list shares: paging, free-text search and sorting. */
export interface PagedQuery<S extends string> {
  page: number
  pageSize: number
  search: string | null
  sort: S
  order: SortOrder
}

/** What a list page's frame (`ListPage`) reads of a list and calls on it. */
export interface ListState {
  query: { page: number; pageSize: number }
  total: Readonly<Ref<number>>
  error: Readonly<Ref<ApiError | null>>
  load: () => Promise<void>
  setPage: (page: number) => void
  setPageSize: (size: number) => void
}

/** What a list's table (`ListTable`) reads of a list and calls on it. */
export interface ListTableState<R> {
  rows: Readonly<Ref<R[]>>
  loading: Readonly<Ref<boolean>>
  /** The list is narrowed by a search or filter (an empty list then means "no match", not "no data"). */
  filtered: Readonly<Ref<boolean>>
  setSort: (prop: string | null, order: 'ascending' | 'descending' | null) => void
  clearFilters: () => void
}

/**
 * The mechanism shared by the paged, searchable, sortable lists: the query, the rows and total the last load
 * returned, a loading flag and the error of the last failed load (kept until a load succeeds). Only the answer to
 * the latest request is shown. The search text is debounced and, once it settles, goes back to page 1. Clearing
 * the el-table sort returns to the sort of `initialQuery`. The query fields named in `filterKeys` are the list's
 * filters, unset at their value in `initialQuery`: `filter(key)` and `rangeFilter(from, to)` bind them to the
 * toolbar (a change goes back to page 1), `filtered` says whether a search or filter narrows the list (so an empty
 * list means "no match", not "no data") and `clearFilters` empties them all with the search box. Callers may add
 * filters of their own on top of `query`, calling `reloadFromFirstPage` after changing one.
 */
export function usePagedList<S extends string, Q extends PagedQuery<S>, R, F extends keyof Q = never>(options: {
  /** Fetches one page for a snapshot of the query. */
  fetchPage: (query: Q) => Promise<Page<R>>
  /** The query the list starts with. */
  initialQuery: () => Q
  /** The column props `setSort` accepts as sort keys. */
  sortKeys: readonly S[]
  /** The query fields that filter the list. */
  filterKeys?: readonly F[]
}) {
  const { fetchPage, initialQuery, sortKeys, filterKeys = [] } = options
  const query = reactive(initialQuery()) as Q
  const unfiltered = initialQuery()
  const { sort: initialSort, order: initialOrder } = query
  const rows = shallowRef<R[]>([])
  const total = ref(0)
  /** Why the last load failed; null once a load succeeds. */
  const { loading, error, run } = useLatestLoad()
  const searchText = ref('')
  let searchTimer: ReturnType<typeof setTimeout> | undefined

  /** Fetches the page the query describes. */
  async function load(): Promise<void> {
    await run(
      () => fetchPage({ ...query }),
      (page) => {
        rows.value = page.items
        total.value = page.total
      },
    )
  }

  /** Goes back to page 1 and loads it (after a filter, the search or the sort changed). */
  function reloadFromFirstPage(): void {
    query.page = 1
    void load()
  }

  function cancelPendingSearch(): void {
    clearTimeout(searchTimer)
    searchTimer = undefined
  }

  watch(searchText, (text) => {
    cancelPendingSearch()
    searchTimer = setTimeout(() => {
      searchTimer = undefined
      const search = text.trim() === '' ? null : text.trim()
      if (search === query.search) return
      query.search = search
      reloadFromFirstPage()
    }, SEARCH_DEBOUNCE_MS)
  })
  onScopeDispose(cancelPendingSearch)

  /** Empties the search box and the search in the query without loading (callers reload after their own resets). */
  function clearSearch(): void {
    cancelPendingSearch()
    searchText.value = ''
    query.search = null
  }

  /** Applies an el-table sort change; clearing the sort goes back to the initial sort. */
  function setSort(prop: string | null, order: 'ascending' | 'descending' | null): void {
    const key = sortKeys.find((k) => k === prop)
    if (key && order) {
      query.sort = key
      query.order = order === 'ascending' ? 'asc' : 'desc'
    } else {
      query.sort = initialSort
      query.order = initialOrder
    }
    reloadFromFirstPage()
  }

  /** Goes to a page. */
  function setPage(page: number): void {
    if (page === query.page) return
    query.page = page
    void load()
  }

  /** Changes the rows per page and goes back to page 1. */
  function setPageSize(size: number): void {
    if (size === query.pageSize) return
    query.pageSize = size
    reloadFromFirstPage()
  }

  /**
   * A filter bound to one field of the query; changing it goes back to page 1. A field unset at null takes an empty
   * choice (a cleared select's '' or undefined) as null; a list is copied.
   */
  function filter<K extends F>(key: K): WritableComputedRef<Q[K]> {
    return computed<Q[K]>({
      get: () => query[key],
      set: (value) => {
        if (unfiltered[key] === null) query[key] = (value || null) as Q[K]
        else query[key] = (Array.isArray(value) ? [...value] : value) as Q[K]
        reloadFromFirstPage()
      },
    })
  }

  /** A date range as el-date-picker's daterange edits it, `[from, to]` or null, bound to two fields of the query. */
  function rangeFilter(from: F, to: F): WritableComputedRef<[string, string] | null> {
    return computed<[string, string] | null>({
      get: (): [string, string] | null => {
        const [start, end]: unknown[] = [query[from], query[to]]
        return typeof start === 'string' && start !== '' && typeof end === 'string' && end !== '' ? [start, end] : null
      },
      set: (range: [string, string] | null) => {
        query[from] = (range?.[0] || null) as Q[F]
        query[to] = (range?.[1] || null) as Q[F]
        reloadFromFirstPage()
      },
    })
  }

  function isUnset(key: F): boolean {
    const value: unknown = query[key]
    return Array.isArray(value) ? value.length === 0 : value === unfiltered[key]
  }

  const filtered = computed(() => query.search !== null || !filterKeys.every(isUnset))

  /** Empties the search box and every filter without loading. */
  function resetFilters(): void {
    clearSearch()
    for (const key of filterKeys) {
      const value: unknown = unfiltered[key]
      query[key] = (Array.isArray(value) ? [...(value as unknown[])] : value) as Q[F]
    }
  }

  /** Empties the search box and every filter, and loads page 1. */
  function clearFilters(): void {
    resetFilters()
    reloadFromFirstPage()
  }

  return {
    query,
    rows,
    total,
    loading,
    error,
    searchText,
    filtered,
    load,
    reloadFromFirstPage,
    clearSearch,
    filter,
    rangeFilter,
    resetFilters,
    clearFilters,
    setSort,
    setPage,
    setPageSize,
  }
}
