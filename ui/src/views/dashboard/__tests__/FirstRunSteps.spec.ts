import { invoke } from '@tauri-apps/api/core'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { Router } from 'vue-router'
import { freshPagePerTest, routerAt } from '@/test-utils/mount'
import type { Dashboard } from '@/api'
import FirstRunSteps from '../FirstRunSteps.vue'
import { dashboardFixture, quietDashboardFixture } from './fixtures'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const PAGE = (total: number) => ({ items: [], total, page: 1, pageSize: 1 })

/** Answers the first-run questions: how many experts and enterprises, the report details; records the rest. */
function answer(experts: number, enterprises: number, reportingUnit = ''): void {
  invokeMock.mockImplementation(async (command: string) => {
    if (command === 'list_experts') return PAGE(experts)
    if (command === 'list_enterprises') return PAGE(enterprises)
    if (command === 'report_settings') return { reportingUnit, reporter: '' }
    if (command === 'open_demo_ledger') return null
    throw new Error(`unexpected ${command}`)
  })
}

describe('FirstRunSteps', () => {
  const view = freshPagePerTest(invokeMock)
  let router: Router

  async function render(dashboard: Dashboard = quietDashboardFixture()): Promise<VueWrapper> {
    router = await routerAt('/')
    const wrapper = view.mount(FirstRunSteps, { router, props: { dashboard } })
    await flushPromises()
    return wrapper
  }

  async function click(w: VueWrapper, testid: string): Promise<string> {
    await w.find(`[data-testid=${testid}]`).trigger('click')
    await flushPromises()
    return router.currentRoute.value.fullPath
  }

  it('greets an empty ledger with the four first steps and says the page is empty', async () => {
    answer(0, 0)
    const w = await render()
    expect(w.find('[data-testid=first-run]').exists()).toBe(true)
    const titles = w.findAll('.first-run__text strong').map((n) => n.text())
    expect(titles).toEqual(['填写报表信息', '导入花名册 / 新增专员', '导入企业名录', '先看看示例数据'])
    expect(w.emitted('update:empty')).toEqual([[true]])
    expect(w.find('[data-testid=first-run-report-done]').exists()).toBe(false)
  })

  it('shows nothing on a quiet ledger that holds records, or that cannot be read', async () => {
    answer(3, 0)
    const w = await render()
    expect(invokeMock).toHaveBeenCalledWith('list_experts', expect.anything())
    expect(w.find('[data-testid=first-run]').exists()).toBe(false)
    expect(w.emitted('update:empty')?.flat() ?? []).not.toContain(true)

    invokeMock.mockRejectedValue({ code: 'in_use', message: '正被使用', messageEn: 'in use', fields: [] })
    const failed = await render()
    expect(failed.find('[data-testid=first-run]').exists()).toBe(false)
  })

  it('does not ask a ledger whose home page has something to show', async () => {
    answer(0, 0)
    const w = await render(dashboardFixture())
    expect(invokeMock).not.toHaveBeenCalled()
    expect(w.find('[data-testid=first-run]').exists()).toBe(false)
  })

  it('marks the report details done once a 填报单位 is saved', async () => {
    answer(0, 0, '湖州市科技局')
    const w = await render()
    expect(w.find('[data-testid=first-run-report-done]').text()).toContain('已填写')
  })

  it('leads each step to its page: 设置’s report details, 导入数据 with the kind chosen, the expert list', async () => {
    answer(0, 0)
    const w = await render()
    expect(await click(w, 'first-run-report-open')).toBe('/settings?section=report')
    expect(await click(w, 'first-run-experts-import')).toBe('/import?kind=experts')
    expect(await click(w, 'first-run-experts-add')).toBe('/experts')
    expect(await click(w, 'first-run-enterprises-import')).toBe('/import?kind=enterprises')
  })

  it('opens the demo ledger through the shell', async () => {
    answer(0, 0)
    const w = await render()
    await click(w, 'first-run-demo-open')
    expect(invokeMock).toHaveBeenCalledWith('open_demo_ledger', undefined)
  })
})
