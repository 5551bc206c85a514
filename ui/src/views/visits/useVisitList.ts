import { computed } from 'vue'
import { listVisits, type VisitMode, type VisitQuery, type VisitRow, type VisitSortKey } from '@/api'
import { PAGE_SIZES, usePagedList } from '@/composables/usePagedList'
import { weekEndIso } from './visitForm'

export { PAGE_SIZES } from '@/composables/usePagedList'

const SORT_KEYS: readonly VisitSortKey[] = ['visitDate', 'followUpDate']

/** The query the list starts with: the latest visits first, nothing filtered. */
export function defaultVisitQuery(): VisitQuery {
  return {
    page: 1,
    pageSize: PAGE_SIZES[0],
    search: null,
    enterpriseId: null,
    expertId: null,
    mode: null,
    dateFrom: null,
    dateTo: null,
    followUpDue: null,
    sort: 'visitDate',
    order: 'desc',
  }
}

/**
 * State and actions of the visit list: the paged list of `list_visits` (see `usePagedList`) plus the 走访方式, date
 * range and 本周待跟进 filters. 本周待跟进 asks for follow-up dates up to this week's Sunday (overdue ones included),
 * the week the 工作台 counts as "due this week". Changing a filter goes back to page 1.
 */
export function useVisitList() {
  const { query, rows, total, loading, error, searchText, load, reloadFromFirstPage, clearSearch, setSort, setPage, setPageSize } =
    usePagedList<VisitSortKey, VisitQuery, VisitRow>({ fetchPage: listVisits, initialQuery: defaultVisitQuery, sortKeys: SORT_KEYS })

  /** 走访方式 (null: all). */
  const modeFilter = computed<VisitMode | null>({
    get: () => query.mode,
    set: (value) => {
      query.mode = value || null
      reloadFromFirstPage()
    },
  })

  /** 走访日期 range as el-date-picker's daterange edits it, `[from, to]` or null. */
  const dateRange = computed<[string, string] | null>({
    get: (): [string, string] | null => (query.dateFrom && query.dateTo ? [query.dateFrom, query.dateTo] : null),
    set: (value: [string, string] | null) => {
      query.dateFrom = value?.[0] || null
      query.dateTo = value?.[1] || null
      reloadFromFirstPage()
    },
  })

  /** 本周待跟进: follow-up date on or before this week's Sunday. */
  const followUpDueOnly = computed<boolean>({
    get: () => query.followUpDue !== null,
    set: (on) => {
      query.followUpDue = on ? weekEndIso() : null
      reloadFromFirstPage()
    },
  })

  /** Whether the list is narrowed by a search or a filter (so an empty list means "no match", not "no data"). */
  const filtered = computed(
    () =>
      query.search !== null ||
      query.mode !== null ||
      query.dateFrom !== null ||
      query.dateTo !== null ||
      query.followUpDue !== null ||
      query.enterpriseId !== null ||
      query.expertId !== null,
  )

  /** Empties the search box and every filter. */
  function clearFilters(): void {
    clearSearch()
    query.mode = null
    query.dateFrom = null
    query.dateTo = null
    query.followUpDue = null
    query.enterpriseId = null
    query.expertId = null
    reloadFromFirstPage()
  }

  return {
    query,
    rows,
    total,
    loading,
    error,
    searchText,
    modeFilter,
    dateRange,
    followUpDueOnly,
    filtered,
    load,
    setSort,
    setPage,
    setPageSize,
    clearFilters,
  }
}
