import { shallowRef } from 'vue'
import {
  listServiceRecords,
  serviceTotals,
  type OutcomeTotals,
  type ServiceRecordQuery,
  type ServiceRecordRow,
  type ServiceRecordSortKey,
} from '@/api'
import { serviceRecordQuery } from '@/api/queries'
import { useLatestLoad } from '@/composables/useLatestLoad'
import { PAGE_SIZES, usePagedList } from '@/composables/usePagedList'

export { PAGE_SIZES, SEARCH_DEBOUNCE_MS } from '@/composables/usePagedList'

const SORT_KEYS: readonly ServiceRecordSortKey[] = ['startDate', 'serviceDays', 'contractAmount']

/** The query the ledger starts with: the latest services first, nothing filtered. */
export function defaultServiceQuery(): ServiceRecordQuery {
  return serviceRecordQuery({ pageSize: PAGE_SIZES[0] })
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

  const list = usePagedList<
    ServiceRecordSortKey,
    ServiceRecordQuery,
    ServiceRecordRow,
    | 'expertId'
    | 'enterpriseId'
    | 'needId'
    | 'serviceType'
    | 'dateFrom'
    | 'dateTo'
    | 'origins'
    | 'missingConfirmation'
    | 'reviewStatus'
  >({
    fetchPage,
    initialQuery: defaultServiceQuery,
    sortKeys: SORT_KEYS,
    filterKeys: [
      'expertId',
      'enterpriseId',
      'needId',
      'serviceType',
      'dateFrom',
      'dateTo',
      'origins',
      'missingConfirmation',
      'reviewStatus',
    ],
  })

  return {
    ...list,
    totals,
    totalsError: totalsLoad.error,
    expertFilter: list.filter('expertId'),
    enterpriseFilter: list.filter('enterpriseId'),
    typeFilter: list.filter('serviceType'),
    /** 服务时间 range: records starting on or after the first day and on or before the second. */
    dateRange: list.rangeFilter('dateFrom', 'dateTo'),
    /** 来源 (null or none: all). */
    originsFilter: list.filter('origins'),
    /** 缺确认单: only records without a file marked as their 服务确认书. */
    missingConfirmation: list.filter('missingConfirmation'),
    /** 审核状态 (null: all). */
    reviewFilter: list.filter('reviewStatus'),
  }
}
