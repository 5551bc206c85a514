import { computed } from 'vue'
import {
  listEnterprises,
  type EnterpriseQuery,
  type EnterpriseRow,
  type EnterpriseSize,
  type EnterpriseSortKey,
} from '@/api'
import { PAGE_SIZES, usePagedList } from '@/composables/usePagedList'
import { QUALIFICATIONS, type Qualification } from '@/domain/codes'
import type { RegionValue } from '@/domain/regions'

export { PAGE_SIZES, SEARCH_DEBOUNCE_MS } from '@/composables/usePagedList'

const SORT_KEYS: readonly EnterpriseSortKey[] = ['updatedAt', 'name', 'creditCode', 'region']

/** The query the list starts with: newest changes first, nothing filtered. */
export function defaultEnterpriseQuery(): EnterpriseQuery {
  return {
    page: 1,
    pageSize: PAGE_SIZES[0],
    search: null,
    province: null,
    city: null,
    county: null,
    size: null,
    isHighTech: null,
    isTechSme: null,
    isSpecialized: null,
    industry: null,
    sort: 'updatedAt',
    order: 'desc',
  }
}

/**
 * State and actions of the enterprise list: the paged list of `list_enterprises` (see `usePagedList`) plus the
 * 地区, 规模, 行业 and 资质 filters. Changing a filter goes back to page 1.
 */
export function useEnterpriseList() {
  const { query, rows, total, loading, error, searchText, load, reloadFromFirstPage, clearSearch, setSort, setPage, setPageSize } =
    usePagedList<EnterpriseSortKey, EnterpriseQuery, EnterpriseRow>({
      fetchPage: listEnterprises,
      initialQuery: defaultEnterpriseQuery,
      sortKeys: SORT_KEYS,
    })

  /** 地区 filter: any level of province / city / county (all null: everywhere). */
  const regionFilter = computed<RegionValue>({
    get: () => ({ province: query.province, city: query.city, county: query.county, regionCode: null }),
    set: (value) => {
      query.province = value.province
      query.city = value.city
      query.county = value.county
      reloadFromFirstPage()
    },
  })

  /** 规模 filter (null: all). */
  const sizeFilter = computed<EnterpriseSize | null>({
    get: () => query.size,
    set: (value) => {
      query.size = value || null
      reloadFromFirstPage()
    },
  })

  /** 行业 filter, a GB/T 4754 section letter (null: all). */
  const industryFilter = computed<string | null>({
    get: () => query.industry,
    set: (value) => {
      query.industry = value || null
      reloadFromFirstPage()
    },
  })

  /** 资质 filter: the enterprise must hold every chosen qualification. */
  const qualificationFilter = computed<Qualification[]>({
    get: () => QUALIFICATIONS.filter((q) => query[q] === true),
    set: (value) => {
      for (const q of QUALIFICATIONS) query[q] = value.includes(q) ? true : null
      reloadFromFirstPage()
    },
  })

  /** Whether the list is narrowed by a search or a filter (so an empty list means "no match", not "no data"). */
  const filtered = computed(
    () =>
      query.search !== null ||
      query.province !== null ||
      query.size !== null ||
      query.industry !== null ||
      QUALIFICATIONS.some((q) => query[q] !== null),
  )

  /** Empties the search box and every filter. */
  function clearFilters(): void {
    clearSearch()
    Object.assign(query, { province: null, city: null, county: null, size: null, industry: null })
    for (const q of QUALIFICATIONS) query[q] = null
    reloadFromFirstPage()
  }

  return {
    query,
    rows,
    total,
    loading,
    error,
    searchText,
    regionFilter,
    sizeFilter,
    industryFilter,
    qualificationFilter,
    filtered,
    load,
    setSort,
    setPage,
    setPageSize,
    clearFilters,
  }
}
