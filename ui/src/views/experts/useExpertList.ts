import { useRoute } from 'vue-router'
import { listExperts, type ExpertQuery, type ExpertRow, type ExpertSortKey } from '@/api'
import { expertQuery } from '@/api/queries'
import { PAGE_SIZES, usePagedList } from '@/composables/usePagedList'
import { filtersFromRoute, flag } from '@/composables/routeFilters'

export { PAGE_SIZES, SEARCH_DEBOUNCE_MS } from '@/composables/usePagedList'

const SORT_KEYS: readonly ExpertSortKey[] = ['updatedAt', 'name', 'title', 'organizationName']

/** The query the list starts with: newest changes first, nothing filtered. */
export function defaultExpertQuery(): ExpertQuery {
  return expertQuery({ pageSize: PAGE_SIZES[0], sort: 'updatedAt', order: 'desc' })
}

/**
 * State and actions of the expert list: the paged list of `list_experts` (see `usePagedList`) with the 职称, 状态,
 * 派出单位, 批次 and 本月未服务 filters. 本月未服务 asks the core for the 工作台's list (active experts with no service
 * record starting in the core's current month); the route may set it (`/experts?unserved=true`, the 工作台's
 * 查看全部). Changing a filter goes back to page 1.
 */
export function useExpertList() {
  const list = usePagedList<
    ExpertSortKey,
    ExpertQuery,
    ExpertRow,
    'title' | 'status' | 'organizationId' | 'batchId' | 'origins' | 'unserved'
  >({
    fetchPage: listExperts,
    initialQuery: defaultExpertQuery,
    sortKeys: SORT_KEYS,
    filterKeys: ['title', 'status', 'organizationId', 'batchId', 'origins', 'unserved'],
  })
  Object.assign(list.query, filtersFromRoute<ExpertQuery>(useRoute().query, { unserved: flag }))

  return {
    ...list,
    titleFilter: list.filter('title'),
    statusFilter: list.filter('status'),
    organizationFilter: list.filter('organizationId'),
    batchFilter: list.filter('batchId'),
    /** 来源 (null or none: all). */
    originsFilter: list.filter('origins'),
    /** 本月未服务 (the 工作台's list). */
    unservedFilter: list.filter('unserved'),
  }
}
