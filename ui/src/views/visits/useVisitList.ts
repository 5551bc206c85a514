import { useRoute } from 'vue-router'
import { listVisits, type FollowUpFilter, type VisitQuery, type VisitRow, type VisitSortKey } from '@/api'
import { visitQuery } from '@/api/queries'
import { PAGE_SIZES, usePagedList } from '@/composables/usePagedList'
import { filtersFromRoute, oneOf } from '@/composables/routeFilters'

export { PAGE_SIZES } from '@/composables/usePagedList'

const SORT_KEYS: readonly VisitSortKey[] = ['visitDate', 'followUpDate']

/** The 跟进 filter's choices, in the order the select offers them. */
export const FOLLOW_UP_FILTERS: readonly FollowUpFilter[] = ['overdue', 'dueThisWeek', 'pending']

/** The query the list starts with: the latest visits first, nothing filtered. */
export function defaultVisitQuery(): VisitQuery {
  return visitQuery({ pageSize: PAGE_SIZES[0] })
}

/**
 * State and actions of the visit list: the paged list of `list_visits` (see `usePagedList`) with the 走访方式, date
 * range and 跟进 filters. 跟进 asks the core for the pending follow-ups (neither answered by a later visit nor closed)
 * that are 已逾期, 本周到期 or either (本周待跟进), by the 工作台's rule and the core's today. The route may set it
 * (`/visits?followUp=overdue`, the 工作台's 查看全部). Changing a filter goes back to page 1.
 */
export function useVisitList() {
  const list = usePagedList<
    VisitSortKey,
    VisitQuery,
    VisitRow,
    | 'mode'
    | 'dateFrom'
    | 'dateTo'
    | 'followUp'
    | 'enterpriseId'
    | 'expertId'
    | 'origins'
    | 'missingConfirmation'
    | 'reviewStatus'
  >({
    fetchPage: listVisits,
    initialQuery: defaultVisitQuery,
    sortKeys: SORT_KEYS,
    filterKeys: [
      'mode',
      'dateFrom',
      'dateTo',
      'followUp',
      'enterpriseId',
      'expertId',
      'origins',
      'missingConfirmation',
      'reviewStatus',
    ],
  })
  Object.assign(list.query, filtersFromRoute<VisitQuery>(useRoute().query, { followUp: oneOf(FOLLOW_UP_FILTERS) }))

  return {
    ...list,
    /** 走访方式 (null: all). */
    modeFilter: list.filter('mode'),
    /** 走访日期 range. */
    dateRange: list.rangeFilter('dateFrom', 'dateTo'),
    /** 跟进: 已逾期, 本周到期 or 本周待跟进 (null: all visits). */
    followUpFilter: list.filter('followUp'),
    /** 来源 (null or none: all). */
    originsFilter: list.filter('origins'),
    /** 缺确认单: only visits without a file marked as their stamped 走访记录表. */
    missingConfirmation: list.filter('missingConfirmation'),
    /** 审核状态 (null: all). */
    reviewFilter: list.filter('reviewStatus'),
  }
}
