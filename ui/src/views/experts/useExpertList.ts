import { computed, onScopeDispose, reactive, ref, shallowRef, watch } from 'vue'
import { listExperts, type ApiError, type ExpertQuery, type ExpertRow, type ExpertSortKey, type ExpertStatus, type ExpertTitle } from '@/api'

/** How long the search box waits after the last keystroke before asking the core. */
export const SEARCH_DEBOUNCE_MS = 300

/** The page sizes offered under the table. */
export const PAGE_SIZES = [20, 50, 100] as const

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
 * State and actions of the expert list: the query sent to `list_experts`, the rows and total it returned, and a
 * loading flag, and the error of the last failed load (shown until a load succeeds). Searching is debounced; changing a filter or the search goes back to page 1. Only the answer to
 * the latest request is shown.
 */
export function useExpertList() {
  const query = reactive<ExpertQuery>(defaultExpertQuery())
  const rows = shallowRef<ExpertRow[]>([])
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
      const page = await listExperts({ ...query })
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
    query.search = null
    query.title = null
    query.status = null
    reloadFromFirstPage()
  }

  return { query, rows, total, loading, error, searchText, titleFilter, statusFilter, filtered, load, setSort, setPage, setPageSize, clearFilters }
}
