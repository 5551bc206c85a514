import { invoke } from '@tauri-apps/api/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick } from 'vue'
import type { OutcomeTotals, Page, ServiceRecordQuery, ServiceRecordRow } from '@/api'
import { outcomes } from '@/test-utils/fixtures'
import { SEARCH_DEBOUNCE_MS, defaultServiceQuery, useServiceList } from '../useServiceList'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const TOTALS: OutcomeTotals = outcomes({ records: 2, serviceDays: 3.5, contractAmountFen: 12_345_678 })

function queriesOf(command: string): ServiceRecordQuery[] {
  return invokeMock.mock.calls
    .filter(([c]) => c === command)
    .map(([, args]) => (args as { query: ServiceRecordQuery }).query)
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve()
  await nextTick()
}

describe('useServiceList', () => {
  let scope = effectScope()

  function start() {
    const list = scope.run(() => useServiceList())
    if (!list) throw new Error('scope is not active')
    return list
  }

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    invokeMock.mockReset()
    invokeMock.mockImplementation(async (command: string, args?: unknown) => {
      if (command === 'service_totals') return TOTALS
      const { query } = args as { query: ServiceRecordQuery }
      const page: Page<ServiceRecordRow> = { items: [], total: 41, page: query.page, pageSize: query.pageSize }
      return page
    })
    scope = effectScope()
  })

  afterEach(() => {
    scope.stop()
    vi.useRealTimers()
  })

  it('loads the first page, latest services first, and the totals of the same filter', async () => {
    const list = start()
    await list.load()
    await settle()
    const expected: ServiceRecordQuery = {
      origins: null,
      missingConfirmation: false,
      page: 1,
      pageSize: 20,
      search: null,
      expertId: null,
      enterpriseId: null,
      needId: null,
      serviceType: null,
      dateFrom: null,
      dateTo: null,
      sort: 'startDate',
      order: 'desc',
      reviewStatus: null,
    }
    expect(queriesOf('list_service_records')).toEqual([expected])
    expect(queriesOf('service_totals')).toEqual([expected])
    expect(list.total.value).toBe(41)
    expect(list.totals.value).toEqual(TOTALS)
  })

  it('sends the 专员, 企业, 服务类型 and date filters, each going back to page 1 and reloading the totals', async () => {
    const list = start()
    list.setPage(3)
    await settle()
    invokeMock.mockClear()

    list.expertFilter.value = 'x1'
    list.enterpriseFilter.value = 'e1'
    list.typeFilter.value = 'consulting'
    list.dateRange.value = ['2026-01-01', '2026-03-31']
    await settle()
    const last = queriesOf('list_service_records').at(-1)!
    expect(last).toMatchObject({
      page: 1,
      expertId: 'x1',
      enterpriseId: 'e1',
      serviceType: 'consulting',
      dateFrom: '2026-01-01',
      dateTo: '2026-03-31',
    })
    expect(queriesOf('service_totals').at(-1)).toMatchObject({
      expertId: 'x1',
      enterpriseId: 'e1',
      serviceType: 'consulting',
      dateFrom: '2026-01-01',
      dateTo: '2026-03-31',
    })
    expect(list.filtered.value).toBe(true)

    list.dateRange.value = null
    list.expertFilter.value = null
    await settle()
    expect(queriesOf('list_service_records').at(-1)).toMatchObject({ expertId: null, dateFrom: null, dateTo: null })
  })

  it('sorts by days or contract amount and returns to the newest first when the sort is cleared', async () => {
    const list = start()
    list.setSort('contractAmount', 'descending')
    await settle()
    expect(queriesOf('list_service_records').at(-1)).toMatchObject({ sort: 'contractAmount', order: 'desc' })
    list.setSort('serviceDays', 'ascending')
    await settle()
    expect(queriesOf('list_service_records').at(-1)).toMatchObject({ sort: 'serviceDays', order: 'asc' })
    list.setSort('serviceDays', null)
    await settle()
    expect(queriesOf('list_service_records').at(-1)).toMatchObject({ sort: 'startDate', order: 'desc' })
  })

  it('debounces the search and clears every filter at once', async () => {
    const list = start()
    list.searchText.value = '  焊接 '
    await nextTick()
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS)
    await settle()
    expect(queriesOf('list_service_records').at(-1)).toMatchObject({ search: '焊接', page: 1 })

    list.typeFilter.value = 'training'
    await settle()
    list.clearFilters()
    await settle()
    expect(queriesOf('list_service_records').at(-1)).toEqual(defaultServiceQuery())
    expect(list.filtered.value).toBe(false)
  })
})
