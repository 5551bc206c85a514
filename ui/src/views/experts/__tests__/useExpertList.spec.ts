import { invoke } from '@tauri-apps/api/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick } from 'vue'
import type { LocationQuery } from 'vue-router'
import type { ExpertQuery, ExpertRow, Page } from '@/api'
import { SEARCH_DEBOUNCE_MS, useExpertList } from '../useExpertList'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))
/** The route the list is opened at: its query may carry filters (the 工作台's 查看全部). */
const route: { query: LocationQuery } = { query: {} }
vi.mock('vue-router', () => ({ useRoute: () => route }))

const invokeMock = vi.mocked(invoke)

function row(name: string): ExpertRow {
  return {
    origins: [],
    id: `id-${name}`,
    name,
    gender: null,
    title: 'senior',
    organizationName: null,
    discipline: null,
    phone: null,
    idCardMasked: null,
    status: 'active',
    updatedAt: '2024-01-01T00:00:00Z',
  }
}

function lastQuery(): ExpertQuery {
  const call = invokeMock.mock.calls.at(-1)
  return (call?.[1] as { query: ExpertQuery }).query
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve()
  await nextTick()
}

describe('useExpertList', () => {
  let scope = effectScope()

  function start() {
    const list = scope.run(() => useExpertList())
    if (!list) throw new Error('scope is not active')
    return list
  }

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    invokeMock.mockReset()
    route.query = {}
    invokeMock.mockImplementation(async (_cmd: string, args?: unknown) => {
      const { query } = args as { query: ExpertQuery }
      const page: Page<ExpertRow> = { items: [row('张三')], total: 41, page: query.page, pageSize: query.pageSize }
      return page
    })
    scope = effectScope()
  })

  afterEach(() => {
    scope.stop()
    vi.useRealTimers()
  })

  it('takes 本月未服务 from the route (`/experts?unserved=true`) before its first load', async () => {
    route.query = { unserved: 'true', status: 'active' }
    const list = start()
    await list.load()
    // Only the filter the route is read for; other keys of the query are left alone.
    expect(lastQuery()).toMatchObject({ unserved: true, status: null, page: 1 })
    expect(list.unservedFilter.value).toBe(true)
    expect(list.filtered.value).toBe(true)
    list.unservedFilter.value = false
    await settle()
    expect(lastQuery()).toMatchObject({ unserved: false, page: 1 })
  })

  it('loads the first page, newest changes first', async () => {
    const list = start()
    await list.load()
    expect(invokeMock).toHaveBeenCalledWith('list_experts', {
      query: {
        page: 1,
        pageSize: 20,
        search: null,
        title: null,
        status: null,
        organizationId: null,
        batchId: null,
        origins: null,
        unserved: false,
        sort: 'updatedAt',
        order: 'desc',
      },
    })
    expect(list.rows.value.map((r) => r.name)).toEqual(['张三'])
    expect(list.total.value).toBe(41)
    expect(list.loading.value).toBe(false)
  })

  it('debounces the search, trims it and goes back to page 1', async () => {
    const list = start()
    list.setPage(3)
    await settle()
    invokeMock.mockClear()

    list.searchText.value = '  浙江'
    await nextTick()
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 50)
    list.searchText.value = '  浙江大学 '
    await nextTick()
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 1)
    expect(invokeMock).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    await settle()
    expect(invokeMock).toHaveBeenCalledTimes(1)
    expect(lastQuery()).toMatchObject({ search: '浙江大学', page: 1 })
    expect(list.filtered.value).toBe(true)
  })

  it('filters by title and status from page 1, and clears everything at once', async () => {
    const list = start()
    list.setPage(2)
    list.titleFilter.value = 'associate_senior'
    expect(lastQuery()).toMatchObject({ title: 'associate_senior', page: 1 })
    list.statusFilter.value = 'paused'
    expect(lastQuery()).toMatchObject({ title: 'associate_senior', status: 'paused', page: 1 })

    list.clearFilters()
    expect(lastQuery()).toMatchObject({ title: null, status: null, search: null, page: 1 })
    expect(list.filtered.value).toBe(false)
  })

  it('filters by 派出单位 and 批次 from page 1; clearing a picker sends null', async () => {
    const list = start()
    list.setPage(3)
    list.organizationFilter.value = 'org-1'
    expect(lastQuery()).toMatchObject({ organizationId: 'org-1', page: 1 })
    expect(list.filtered.value).toBe(true)
    list.batchFilter.value = 'batch-2'
    expect(lastQuery()).toMatchObject({ organizationId: 'org-1', batchId: 'batch-2', page: 1 })
    list.organizationFilter.value = ''
    expect(lastQuery()).toMatchObject({ organizationId: null, batchId: 'batch-2' })

    list.clearFilters()
    expect(lastQuery()).toMatchObject({ organizationId: null, batchId: null })
    expect(list.filtered.value).toBe(false)
  })

  it('maps table sorting to the server sort and falls back to newest first', () => {
    const list = start()
    list.setSort('organizationName', 'ascending')
    expect(lastQuery()).toMatchObject({ sort: 'organizationName', order: 'asc' })
    list.setSort('name', 'descending')
    expect(lastQuery()).toMatchObject({ sort: 'name', order: 'desc' })
    list.setSort('name', null)
    expect(lastQuery()).toMatchObject({ sort: 'updatedAt', order: 'desc' })
  })

  it('changes the page size from page 1', () => {
    const list = start()
    list.setPage(4)
    list.setPageSize(50)
    expect(lastQuery()).toMatchObject({ page: 1, pageSize: 50 })
  })

  it('shows only the answer to the latest request', async () => {
    let releaseFirst: (page: Page<ExpertRow>) => void = () => {}
    invokeMock.mockImplementationOnce(() => new Promise((resolve) => (releaseFirst = resolve)))
    invokeMock.mockImplementationOnce(async () => ({ items: [row('新')], total: 1, page: 1, pageSize: 20 }))
    const list = start()
    const first = list.load()
    await list.load()
    releaseFirst({ items: [row('旧')], total: 9, page: 1, pageSize: 20 })
    await first
    expect(list.rows.value.map((r) => r.name)).toEqual(['新'])
    expect(list.total.value).toBe(1)
  })

  it('keeps the error of a failed load until a load succeeds', async () => {
    invokeMock.mockRejectedValueOnce({
      code: 'in_use',
      message: '数据库正被使用',
      messageEn: 'database in use',
      fields: [],
    })
    const list = start()
    await list.load()
    expect(list.error.value).toEqual(expect.objectContaining({ code: 'in_use', messageEn: 'database in use' }))
    expect(list.loading.value).toBe(false)
    await list.load()
    expect(list.error.value).toBeNull()
    expect(list.total.value).toBe(41)
  })
})
