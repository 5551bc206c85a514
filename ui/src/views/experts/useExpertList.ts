import { computed } from 'vue'
import { listExperts, type ExpertQuery, type ExpertRow, type ExpertSortKey } from '@/api'
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
    batchId: null,
    sort: 'updatedAt',
    order: 'desc',
  }
}

/**
 * State and actions of the expert list: the paged list of `list_experts` (see `usePagedList`) plus the 职称, 状态,
 * 派出单位 and 批次 filters. Changing a filter goes back to page 1.
 */
export function useExpertList() {
  const { query, rows, total, loading, error, searchText, load, reloadFromFirstPage, clearSearch, setSort, setPage, setPageSize } =
    usePagedList<ExpertSortKey, ExpertQuery, ExpertRow>({ fetchPage: listExperts, initialQuery: defaultExpertQuery, sortKeys: SORT_KEYS })

  /** A filter bound to one field of the query (null: all); changing it goes back to page 1. */
  function filter<K extends 'title' | 'status' | 'organizationId' | 'batchId'>(key: K) {
    return computed<ExpertQuery[K]>({
      get: () => query[key],
      set: (value) => {
        query[key] = (value || null) as ExpertQuery[K]
        reloadFromFirstPage()
      },
    })
  }

  /** 职称, 状态, 派出单位 and 批次 filters. */
  const titleFilter = filter('title')
  const statusFilter = filter('status')
  const organizationFilter = filter('organizationId')
  const batchFilter = filter('batchId')

  /** Whether the list is narrowed by a search or a filter (so an empty list means "no match", not "no data"). */
  const filtered = computed(
    () => query.search !== null || query.title !== null || query.status !== null || query.organizationId !== null || query.batchId !== null,
  )

  /** Empties the search box and every filter. */
  function clearFilters(): void {
    clearSearch()
    query.title = null
    query.status = null
    query.organizationId = null
    query.batchId = null
    reloadFromFirstPage()
  }

  return {
    query,
    rows,
    total,
    loading,
    error,
    searchText,
    titleFilter,
    statusFilter,
    organizationFilter,
    batchFilter,
    filtered,
    load,
    setSort,
    setPage,
    setPageSize,
    clearFilters,
  }
}
