import { computed, shallowRef } from 'vue'
import {
  listServiceRecords,
  serviceTotals,
  type OutcomeTotals,
  type ServiceRecordQuery,
  type ServiceRecordRow,
  type ServiceRecordSortKey,
} from '@/api'
import { PAGE_SIZES, usePagedList } from '@/composables/usePagedList'
import { useLatestLoad } from '@/composables/useLatestLoad'

export { PAGE_SIZES, SEARCH_DEBOUNCE_MS } from '@/composables/usePagedList'

const SORT_KEYS: readonly ServiceRecordSortKey[] = ['startDate', 'serviceDays', 'contractAmount']

/** The query the ledger starts with: the latest services first, nothing filtered. */
export function defaultServiceQuery(): ServiceRecordQuery {
  return {
    page: 1,
    pageSize: PAGE_SIZES[0],
    search: null,
    expertId: null,
    enterpriseId: null,
    needId: null,
    serviceType: null,
    dateFrom: null,
    dateTo: null,
    sort: 'startDate',
    order: 'desc',
  }
}

/**
 * State and actions of the service ledger: the paged list of `list_service_records` (see `usePagedList`) with the 专员,
 * 企业, 服务类型 and date-range filters, and the totals (`service_totals`) of everything the filter selects, fetched
 * with every load of the list so they always describe the rows shown. Changing a filter goes back to page 1.
 */
export function useServiceList() {
  const totals = shallowRef<OutcomeTotals | null>(null)
  const totalsLoad = useLatestLoad()

  function fetchPage(query: ServiceRecordQuery) {
    void totalsLoad.run(
      () => serviceTotals(query),
      (value) => {
        totals.value = value
      },
    )
    return listServiceRecords(query)
  }

  const { query, rows, total, loading, error, searchText, load, reloadFromFirstPage, clearSearch, setSort, setPage, setPageSize } =
    usePagedList<ServiceRecordSortKey, ServiceRecordQuery, ServiceRecordRow>({
      fetchPage,
      initialQuery: defaultServiceQuery,
      sortKeys: SORT_KEYS,
    })

  /** A filter bound to one field of the query (null: all); changing it goes back to page 1. */
  function filter<K extends 'expertId' | 'enterpriseId' | 'serviceType'>(key: K) {
    return computed<ServiceRecordQuery[K]>({
      get: () => query[key],
      set: (value) => {
        query[key] = (value || null) as ServiceRecordQuery[K]
        reloadFromFirstPage()
      },
    })
  }

  const expertFilter = filter('expertId')
  const enterpriseFilter = filter('enterpriseId')
  const typeFilter = filter('serviceType')

  /** 服务时间 range: records starting on or after the first day and on or before the second (either may be open). */
  const dateRange = computed<[string, string] | null>({
    get: (): [string, string] | null => (query.dateFrom && query.dateTo ? [query.dateFrom, query.dateTo] : null),
    set: (range: [string, string] | null) => {
      query.dateFrom = range?.[0] || null
      query.dateTo = range?.[1] || null
      reloadFromFirstPage()
    },
  })

  /** Whether the list is narrowed by a search or a filter (so an empty list means "no match", not "no data"). */
  const filtered = computed(
    () =>
      query.search !== null ||
      query.expertId !== null ||
      query.enterpriseId !== null ||
      query.needId !== null ||
      query.serviceType !== null ||
      query.dateFrom !== null ||
      query.dateTo !== null,
  )

  /** Empties the search box and every filter. */
  function clearFilters(): void {
    clearSearch()
    query.expertId = null
    query.enterpriseId = null
    query.needId = null
    query.serviceType = null
    query.dateFrom = null
    query.dateTo = null
    reloadFromFirstPage()
  }

  return {
    query,
    rows,
    total,
    loading,
    error,
    searchText,
    totals,
    totalsError: totalsLoad.error,
    expertFilter,
    enterpriseFilter,
    typeFilter,
    dateRange,
    filtered,
    load,
    setSort,
    setPage,
    setPageSize,
    clearFilters,
  }
}
