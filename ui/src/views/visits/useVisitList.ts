import { computed } from 'vue'
import { listVisits, type VisitQuery, type VisitRow, type VisitSortKey } from '@/api'
import { visitQuery } from '@/api/queries'
import { PAGE_SIZES, usePagedList } from '@/composables/usePagedList'
import { weekEndIso } from './visitForm'

export { PAGE_SIZES } from '@/composables/usePagedList'

const SORT_KEYS: readonly VisitSortKey[] = ['visitDate', 'followUpDate']

/** The query the list starts with: the latest visits first, nothing filtered. */
export function defaultVisitQuery(): VisitQuery {
  return visitQuery({ pageSize: PAGE_SIZES[0] })
}

/**
 * State and actions of the visit list: the paged list of `list_visits` (see `usePagedList`) with the 走访方式, date
 * range and 本周待跟进 filters. 本周待跟进 asks for follow-up dates up to this week's Sunday (overdue ones included),
 * the week the 工作台 counts as "due this week". Changing a filter goes back to page 1.
 */
export function useVisitList() {
  const list = usePagedList<
    VisitSortKey,
    VisitQuery,
    VisitRow,
    | 'mode'
    | 'dateFrom'
    | 'dateTo'
    | 'followUpDue'
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
      'followUpDue',
      'enterpriseId',
      'expertId',
      'origins',
      'missingConfirmation',
      'reviewStatus',
    ],
  })
  const { query, reloadFromFirstPage } = list

  /** 本周待跟进: follow-up date on or before this week's Sunday. */
  const followUpDueOnly = computed<boolean>({
    get: () => query.followUpDue !== null,
    set: (on) => {
      query.followUpDue = on ? weekEndIso() : null
      reloadFromFirstPage()
    },
  })

  return {
    ...list,
    /** 走访方式 (null: all). */
    modeFilter: list.filter('mode'),
    /** 走访日期 range. */
    dateRange: list.rangeFilter('dateFrom', 'dateTo'),
    followUpDueOnly,
    /** 来源 (null or none: all). */
    originsFilter: list.filter('origins'),
    /** 缺确认单: only visits without a file marked as their stamped 走访记录表. */
    missingConfirmation: list.filter('missingConfirmation'),
    /** 审核状态 (null: all). */
    reviewFilter: list.filter('reviewStatus'),
  }
}
