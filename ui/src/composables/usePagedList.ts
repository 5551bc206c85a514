import { onScopeDispose, reactive, ref, shallowRef, watch } from 'vue'
import type { Page, SortOrder } from '@/api'
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

/**
 * The mechanism shared by the paged, searchable, sortable lists: the query, the rows and total the last load
 * returned, a loading flag and the error of the last failed load (kept until a load succeeds). Only the answer to
 * the latest request is shown. The search text is debounced and, once it settles, goes back to page 1. Clearing
 * the el-table sort returns to the sort of `initialQuery`. Callers add their own filters on top of `query`, calling
 * `reloadFromFirstPage` after changing one.
 */
export function usePagedList<S extends string, Q extends PagedQuery<S>, R>(options: {
  /** Fetches one page for a snapshot of the query. */
  fetchPage: (query: Q) => Promise<Page<R>>
  /** The query the list starts with. */
  initialQuery: () => Q
  /** The column props `setSort` accepts as sort keys. */
  sortKeys: readonly S[]
}) {
  const { fetchPage, initialQuery, sortKeys } = options
  const query = reactive(initialQuery()) as Q
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

  return { query, rows, total, loading, error, searchText, load, reloadFromFirstPage, clearSearch, setSort, setPage, setPageSize }
}
