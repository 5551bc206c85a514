import { computed } from 'vue'
import { listEnterprises, type EnterpriseQuery, type EnterpriseSortKey } from '@/api'
import { enterpriseQuery } from '@/api/queries'
import { PAGE_SIZES, usePagedList } from '@/composables/usePagedList'
import { QUALIFICATIONS, type Qualification } from '@/domain/codes'
import type { RegionValue } from '@/domain/regions'

export { PAGE_SIZES, SEARCH_DEBOUNCE_MS } from '@/composables/usePagedList'

const SORT_KEYS: readonly EnterpriseSortKey[] = ['updatedAt', 'name', 'creditCode', 'region']

/** The query the list starts with: newest changes first, nothing filtered. */
export function defaultEnterpriseQuery(): EnterpriseQuery {
  return enterpriseQuery({ pageSize: PAGE_SIZES[0], sort: 'updatedAt', order: 'desc' })
}

/**
 * State and actions of the enterprise list: the paged list of `list_enterprises` (see `usePagedList`) with the
 * 地区, 规模, 行业 and 资质 filters. Changing a filter goes back to page 1.
 */
export function useEnterpriseList() {
  const list = usePagedList({
    fetchPage: listEnterprises,
    initialQuery: defaultEnterpriseQuery,
    sortKeys: SORT_KEYS,
    filterKeys: ['province', 'city', 'county', 'size', 'industry', 'origins', ...QUALIFICATIONS],
  })
  const { query, reloadFromFirstPage } = list

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

  /** 资质 filter: the enterprise must hold every chosen qualification. */
  const qualificationFilter = computed<Qualification[]>({
    get: () => QUALIFICATIONS.filter((q) => query[q] === true),
    set: (value) => {
      for (const q of QUALIFICATIONS) query[q] = value.includes(q) ? true : null
      reloadFromFirstPage()
    },
  })

  return {
    ...list,
    regionFilter,
    /** 规模 (null: all). */
    sizeFilter: list.filter('size'),
    /** 行业, a GB/T 4754 section letter (null: all). */
    industryFilter: list.filter('industry'),
    qualificationFilter,
    /** 来源 (null or none: all). */
    originsFilter: list.filter('origins'),
  }
}
