import { listEvents, type EventQuery, type EventRow } from '@/api'
import { PAGE_SIZES, usePagedList } from '@/composables/usePagedList'

/** The event list's query: the core's, with the one sort (by date) the list pages expect. */
export type EventListQuery = EventQuery & { sort: 'eventDate' }

/** The query the list starts with: the latest events first, nothing filtered. */
export function defaultEventQuery(): EventListQuery {
  return {
    page: 1,
    pageSize: PAGE_SIZES[0],
    search: null,
    eventType: null,
    enterpriseId: null,
    expertId: null,
    dateFrom: null,
    dateTo: null,
    sort: 'eventDate',
    order: 'desc',
  }
}

/** State and actions of the event list: the paged `list_events` with the 活动类型 and date range filters. */
export function useEventList() {
  const list = usePagedList<'eventDate', EventListQuery, EventRow, 'eventType' | 'dateFrom' | 'dateTo'>({
    fetchPage: ({ sort: _sort, ...query }) => listEvents(query),
    initialQuery: defaultEventQuery,
    sortKeys: ['eventDate'],
    filterKeys: ['eventType', 'dateFrom', 'dateTo'],
  })
  return {
    ...list,
    /** 活动类型 (null: all). */
    typeFilter: list.filter('eventType'),
    /** 活动日期 range. */
    dateRange: list.rangeFilter('dateFrom', 'dateTo'),
  }
}
