import { computed, onScopeDispose, reactive, ref, shallowRef, watch } from 'vue'
import {
  listEnterprises,
  type ApiError,
  type EnterpriseQuery,
  type EnterpriseRow,
  type EnterpriseSize,
  type EnterpriseSortKey,
} from '@/api'
import { QUALIFICATIONS, type Qualification } from '@/domain/codes'
import type { RegionValue } from '@/domain/regions'

/** How long the search box waits after the last keystroke before asking the core. */
export const SEARCH_DEBOUNCE_MS = 300

/** The page sizes offered under the table. */
export const PAGE_SIZES = [20, 50, 100] as const

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
 * State and actions of the enterprise list: the query sent to `list_enterprises`, the rows and total it returned,
 * a loading flag and the error of the last failed load. Searching is debounced; changing a filter or the search
 * goes back to page 1. Only the answer to the latest request is shown.
 */
export function useEnterpriseList() {
  const query = reactive<EnterpriseQuery>(defaultEnterpriseQuery())
  const rows = shallowRef<EnterpriseRow[]>([])
  const total = ref(0)
  const loading = ref(false)
  /** Why the last load failed; null once a load succeeds. */
  const error = shallowRef<ApiError | null>(null)
  const searchText = ref('')
  let requestSeq = 0
  let searchTimer: ReturnType<typeof setTimeout> | undefined

  /** Fetches the page the query describes. */
  async function load(): Promise<void> {
    const seq = ++requestSeq
    loading.value = true
    try {
      const page = await listEnterprises({ ...query })
      if (seq !== requestSeq) return
      rows.value = page.items
      total.value = page.total
      error.value = null
    } catch (failure) {
      if (seq === requestSeq) error.value = failure as ApiError
    } finally {
      if (seq === requestSeq) loading.value = false
    }
  }

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

  /** Applies an el-table sort change; clearing the sort goes back to newest changes first. */
  function setSort(prop: string | null, order: 'ascending' | 'descending' | null): void {
    const key = SORT_KEYS.find((k) => k === prop)
    if (key && order) {
      query.sort = key
      query.order = order === 'ascending' ? 'asc' : 'desc'
    } else {
      query.sort = 'updatedAt'
      query.order = 'desc'
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

  /** Empties the search box and every filter. */
  function clearFilters(): void {
    cancelPendingSearch()
    searchText.value = ''
    Object.assign(query, { search: null, province: null, city: null, county: null, size: null, industry: null })
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
