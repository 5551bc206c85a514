import { invoke } from '@tauri-apps/api/core'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import type { ExpertQuery, ExpertRow, OriginSummary, Page } from '@/api'
import { resetOrigins } from '@/composables/useOrigins'
import { createAppRouter } from '@/router'
import { expertRow } from '@/test-utils/fixtures'
import { freshPagePerTest, q, settle } from '@/test-utils/mount'
import ExpertsView from '../ExpertsView.vue'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const OWN: OriginSummary = { id: 'own', name: '省局', reporter: '', own: true, records: 1, lastMergedAt: null }
const A: OriginSummary = {
  id: 'a',
  name: '甲市科技局',
  reporter: '',
  own: false,
  records: 5,
  lastMergedAt: '2026-06-15T00:00:00.000Z',
}

/** Answers list_origins with `origins` and list_experts with two rows of their origins; returns the queries sent. */
function answer(origins: OriginSummary[]): ExpertQuery[] {
  const queries: ExpertQuery[] = []
  invokeMock.mockImplementation(async (command: string, args?: unknown) => {
    if (command === 'list_origins') return origins
    if (command === 'list_experts') {
      const { query } = args as { query: ExpertQuery }
      queries.push(query)
      const items = [
        expertRow('x1', '张三', { origins: ['省局'] }),
        expertRow('x2', '李四', { origins: ['甲市科技局'] }),
      ]
      const page: Page<ExpertRow> = { items, total: 2, page: query.page, pageSize: query.pageSize }
      return page
    }
    return []
  })
  return queries
}

describe('the 来源 filter and column of a list', () => {
  const page = freshPagePerTest(invokeMock)

  async function render(): Promise<VueWrapper> {
    resetOrigins()
    const wrapper = page.mount(ExpertsView, { router: createAppRouter(createMemoryHistory()) })
    await flushPromises()
    await settle()
    return wrapper
  }

  it('are not shown while the ledger is its own only origin', async () => {
    const queries = answer([OWN])
    const w = await render()
    expect(w.find('[data-testid=expert-filter-origins]').exists()).toBe(false)
    expect(w.find('[data-testid=expert-row-origins]').exists()).toBe(false)
    expect(w.find('[data-testid=expert-table]').text()).not.toContain('来源')
    expect(queries.at(-1)?.origins).toBeNull()
  })

  it('filter by the origins chosen and name each row’s origins when several meet', async () => {
    const queries = answer([OWN, A])
    const w = await render()
    expect(w.findAll('[data-testid=expert-row-origins]').map((c) => c.text())).toEqual(['省局', '甲市科技局'])
    expect(w.find('[data-testid=expert-table]').text()).toContain('来源')
    q('[data-testid=expert-filter-origins] .el-select__wrapper').click()
    await settle()
    q('[data-testid=expert-origin-a]').click()
    await settle()
    expect(queries.at(-1)).toMatchObject({ origins: ['a'], page: 1 })
  })
})
