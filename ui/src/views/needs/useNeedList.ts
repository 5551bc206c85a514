import { computed, ref, shallowRef, watch } from 'vue'
import { useRoute } from 'vue-router'
import {
  listNeeds,
  needsBoard,
  type NeedBoard,
  type NeedQuery,
  type NeedRow,
  type NeedSortKey,
  type NeedStage,
  type Page,
} from '@/api'
import { needQuery } from '@/api/queries'
import { useLatestLoad } from '@/composables/useLatestLoad'
import { PAGE_SIZES, usePagedList } from '@/composables/usePagedList'
import { filtersFromRoute, flag } from '@/composables/routeFilters'

export { PAGE_SIZES } from '@/composables/usePagedList'

/** The two ways of looking at the needs. */
export type NeedsViewMode = 'board' | 'list'

/** localStorage key of the view last chosen (看板 or 列表). */
export const VIEW_STORAGE_KEY = 'ledger.needs.view'

/** Cards per board column; the column's count says how many there are in all. */
export const CARDS_PER_COLUMN = 30

const SORT_KEYS: readonly NeedSortKey[] = ['stageChangedOn', 'createdAt', 'urgency']

/** The query the list starts with: the latest stage changes first, nothing filtered. */
export function defaultNeedQuery(): NeedQuery {
  return needQuery({ pageSize: PAGE_SIZES[0], sort: 'stageChangedOn' })
}

/** The view remembered from last time (the board when none, or storage is unavailable). */
export function readViewMode(): NeedsViewMode {
  try {
    return window.localStorage.getItem(VIEW_STORAGE_KEY) === 'list' ? 'list' : 'board'
  } catch {
    return 'board'
  }
}

function rememberViewMode(mode: NeedsViewMode): void {
  try {
    window.localStorage.setItem(VIEW_STORAGE_KEY, mode)
  } catch {
    // Storage can be disabled; the choice then lasts for this visit only.
  }
}

/**
 * State and actions of the needs page: the search and filters (类型, 紧急程度, 仅看停滞, and 阶段 in the list) shared
 * by both views; the list, a `usePagedList` over `list_needs`; and the board, `needs_board` with the same filters,
 * its cards oldest stage change first so what waits longest is on top. Only the view on screen is loaded.
 */
export function useNeedList() {
  const mode = ref<NeedsViewMode>(readViewMode())
  const emptyPage = (q: NeedQuery): Page<NeedRow> => ({ items: [], total: 0, page: q.page, pageSize: q.pageSize })
  const list = usePagedList<NeedSortKey, NeedQuery, NeedRow, 'needType' | 'urgency' | 'stale' | 'stages' | 'origins'>({
    // The board view loads its own answer; the list's command is not asked for a list nobody sees.
    fetchPage: (q) => (mode.value === 'list' ? listNeeds(q) : Promise.resolve(emptyPage(q))),
    initialQuery: defaultNeedQuery,
    sortKeys: SORT_KEYS,
    filterKeys: ['needType', 'urgency', 'stale', 'stages', 'origins'],
  })
  const { query, reloadFromFirstPage } = list
  // 仅看停滞 may come with the link (`/needs?stale=true`, the 工作台's 查看全部).
  Object.assign(query, filtersFromRoute<NeedQuery>(useRoute().query, { stale: flag }))

  const board = shallowRef<NeedBoard | null>(null)
  const boardLoad = useLatestLoad()

  /** The board's query: the filters of the list, every board stage, oldest stage change first. */
  function boardQuery(): NeedQuery {
    return { ...query, stages: [], page: 1, pageSize: CARDS_PER_COLUMN, sort: 'stageChangedOn', order: 'asc' }
  }

  async function loadBoard(): Promise<void> {
    await boardLoad.run(
      () => needsBoard(boardQuery(), CARDS_PER_COLUMN),
      (b) => {
        board.value = b
      },
    )
  }

  /** Loads the view on screen. */
  async function load(): Promise<void> {
    if (mode.value === 'board') await loadBoard()
    else await list.load()
  }

  // The search box settles into query.search (usePagedList); the board follows it and the filters too.
  watch(
    () => [query.search, query.needType, query.urgency, query.stale],
    () => {
      if (mode.value === 'board') void loadBoard()
    },
  )

  /** Switches between 看板 and 列表, remembers the choice and loads the view. */
  function setMode(next: NeedsViewMode): void {
    if (next === mode.value) return
    mode.value = next
    rememberViewMode(next)
    if (next === 'list') reloadFromFirstPage()
    else void loadBoard()
  }

  /** Empties the search box and every filter. */
  function clearFilters(): void {
    list.resetFilters()
    // On the board, the watch above reloads when a filter it uses was set.
    if (mode.value === 'list') reloadFromFirstPage()
  }

  /** Shows one stage's needs in the list (from a board column with more cards than it shows). */
  function showStageInList(stage: NeedStage): void {
    query.stages = [stage]
    if (mode.value === 'list') reloadFromFirstPage()
    else setMode('list')
  }

  /** Needs the current filters select in all: the list's total, or the board's columns added up. */
  const total = computed(() =>
    mode.value === 'list' ? list.total.value : (board.value?.columns.reduce((sum, c) => sum + c.count, 0) ?? 0),
  )
  const loading = computed(() => (mode.value === 'list' ? list.loading.value : boardLoad.loading.value))
  const error = computed(() => (mode.value === 'list' ? list.error.value : boardLoad.error.value))

  return {
    mode,
    setMode,
    query,
    rows: list.rows,
    listTotal: list.total,
    board,
    total,
    loading,
    error,
    searchText: list.searchText,
    typeFilter: list.filter('needType'),
    urgencyFilter: list.filter('urgency'),
    staleFilter: list.filter('stale'),
    /** 阶段 (list only; the board has a column per stage). */
    stageFilter: list.filter('stages'),
    /** 来源 (null or none: all). */
    originsFilter: list.filter('origins'),
    filtered: list.filtered,
    load,
    setSort: list.setSort,
    setPage: list.setPage,
    setPageSize: list.setPageSize,
    clearFilters,
    showStageInList,
  }
}
