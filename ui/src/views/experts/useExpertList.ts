import { computed } from 'vue'
import { listExperts, type ExpertQuery, type ExpertRow, type ExpertSortKey, type ExpertStatus, type ExpertTitle } from '@/api'
import { PAGE_SIZES, usePagedList } from '@/composables/usePagedList'

export { PAGE_SIZES, SEARCH_DEBOUNCE_MS } from '@/composables/usePagedList'

const SORT_KEYS: readonly ExpertSortKey[] = ['updatedAt', 'name', 'title', 'organizationName']

/** The query the list starts with: newest changes first, nothing filtered. */
export function defaultExpertQuery(): ExpertQuery {
  return {
    page: 1,
    pageSize: PAGE_SIZES[0],
    search: null,
    title: null,
    status: null,
    organizationId: null,
    sort: 'updatedAt',
    order: 'desc',
  }
}

/**
 * State and actions of the expert list: the paged list of `list_experts` (see `usePagedList`) plus the 职称 and
 * 状态 filters. Changing a filter goes back to page 1.
 */
export function useExpertList() {
  const { query, rows, total, loading, error, searchText, load, reloadFromFirstPage, clearSearch, setSort, setPage, setPageSize } =
    usePagedList<ExpertSortKey, ExpertQuery, ExpertRow>({ fetchPage: listExperts, initialQuery: defaultExpertQuery, sortKeys: SORT_KEYS })

  /** 职称 filter (null: all). */
  const titleFilter = computed<ExpertTitle | null>({
    get: () => query.title,
    set: (value) => {
      query.title = value || null
      reloadFromFirstPage()
    },
  })

  /** 状态 filter (null: all). */
  const statusFilter = computed<ExpertStatus | null>({
    get: () => query.status,
    set: (value) => {
      query.status = value || null
      reloadFromFirstPage()
    },
  })

  /** Whether the list is narrowed by a search or a filter (so an empty list means "no match", not "no data"). */
  const filtered = computed(() => query.search !== null || query.title !== null || query.status !== null)

  /** Empties the search box and every filter. */
  function clearFilters(): void {
    clearSearch()
    query.title = null
    query.status = null
    reloadFromFirstPage()
  }

  return { query, rows, total, loading, error, searchText, titleFilter, statusFilter, filtered, load, setSort, setPage, setPageSize, clearFilters }
}
