import { invoke } from '@tauri-apps/api/core'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Router } from 'vue-router'
import App from '@/App.vue'
import { freshPagePerTest, routerAt, textOf as text } from '@/test-utils/mount'
import { expertOverviewFixture, figure } from './fixtures'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

describe('ExpertDetailView', () => {
  const page = freshPagePerTest(invokeMock)
  let router: Router

  async function render(path = '/experts/x1'): Promise<VueWrapper> {
    router = await routerAt(path)
    const wrapper = page.mount(App, { router })
    await flushPromises()
    return wrapper
  }

  beforeEach(() => {
    invokeMock.mockImplementation(async (command: string, args?: unknown) => {
      if (command === 'expert_overview') {
        const { id } = args as { id: string }
        if (id !== 'x1') throw { code: 'not_found', message: '未找到', messageEn: 'Not found', fields: [] }
        return expertOverviewFixture()
      }
      if (command === 'app_info') return { version: '0.1.0', dataDir: '/d', dbPath: '/d/l.db', schemaVersion: 3 }
      throw new Error(`unexpected ${command}`)
    })
  })

  it('loads the overview for the id in the route and shows the profile with the ID masked', async () => {
    await render()
    expect(invokeMock).toHaveBeenCalledWith('expert_overview', { id: 'x1' })
    expect(text('detail-name')).toBe('李娜')
    expect(text('profile-idCard')).toBe('110105********002X')
    expect(text('profile-organization')).toBe('浙江大学')
    expect(text('profile-specialties')).toBe('储能、电池材料')
    expect(text('profile-servicePeriod')).toBe('2026-01-01 ～ …')
    expect(text('profile-email')).toBe('—')
  })

  it('keeps 科技专员 highlighted in the sidebar', async () => {
    await render()
    expect(document.querySelector('[data-testid=nav-experts]')?.classList.contains('is-active')).toBe(true)
  })

  it('shows the workload of the month and year and the outcome totals in 万元', async () => {
    await render()
    expect(text('workload-month')).toBe('1 次 · 1.5 天')
    expect(text('workload-year')).toBe('4 次 · 7 天')
    expect(figure('contractAmount')).toBe('123.46万元')
    expect(figure('serviceDays')).toBe('60.5天')
    expect(figure('patents')).toBe('2项')
  })

  it('sums up the 服务对象评价 with the weighted 满意度, and shows each service record’s satisfaction', async () => {
    await render()
    expect(text('evaluation-counts')).toBe('评价 4 条：满意 2，基本满意 1，不满意 1')
    expect(text('evaluation-share')).toBe('满意度 65.0%')
    expect(document.querySelector('[data-testid=evaluation-none]')).toBeNull()
    const services = document.querySelector('[data-testid=detail-services]')?.textContent ?? ''
    expect(services).toContain('满意度')
    expect(services).toContain('基本满意')
  })

  it('counts each list in its tab and says when only the latest rows are shown', async () => {
    const w = await render()
    const tabs = w.findAll('.el-tabs__item').map((t) => t.text())
    expect(tabs).toEqual(['派驻结对', '走访记录 (1)', '对接需求 (1)', '服务记录 (51)', '活动 (1)'])
    expect(text('assignment-counterpart')).toBe('湖州电梯有限公司')
    await w.findAll('.el-tabs__item')[3]!.trigger('click')
    await flushPromises()
    const services = document.querySelector('[data-testid=detail-services]')!
    expect(services.textContent).toContain('2026-03-03 ～ 2026-03-04')
    expect(services.textContent).toContain('技术咨询')
    expect(services.textContent).toContain('123.46')
    expect(text('recent-note')).toBe('共 51 条，显示最近 1 条')
    const link = services.querySelector('a')!
    expect(link.getAttribute('href')).toBe('/enterprises/f1')
  })

  it('shows the matched needs with how and when the expert was matched', async () => {
    const w = await render()
    await w.findAll('.el-tabs__item')[2]!.trigger('click')
    await flushPromises()
    const needs = document.querySelector('[data-testid=detail-needs]')!.textContent
    expect(needs).toContain('曳引机噪声偏大')
    expect(needs).toContain('工艺改进')
    expect(needs).toContain('对接')
    expect(needs).toContain('指派')
    expect(needs).toContain('2026-03-06')
  })

  it('says the record is gone when the core answers not_found, without a retry button', async () => {
    await render('/experts/gone')
    expect(text('detail-error')).toContain('该记录不存在或已移入回收站')
    expect(document.querySelector('[data-testid=detail-error] button')).toBeNull()
    expect(document.querySelector('[data-testid=detail-name]')).toBeNull()
  })

  it('loads the other expert when the route changes', async () => {
    await render()
    await router.push('/experts/gone')
    await flushPromises()
    expect(invokeMock).toHaveBeenLastCalledWith('expert_overview', { id: 'gone' })
    expect(document.querySelector('[data-testid=detail-name]')).toBeNull()
  })

  it(
    'opens the change history and the edit dialog from the heading, and goes back to the list',
    { timeout: 20_000 },
    async () => {
      await render()
      document.querySelector<HTMLElement>('[data-testid=detail-history]')!.click()
      await flushPromises()
      expect(invokeMock).toHaveBeenCalledWith('record_history', { entity: 'expert', id: 'x1' })

      document.querySelector<HTMLElement>('[data-testid=detail-edit]')!.click()
      await flushPromises()
      expect(invokeMock).toHaveBeenCalledWith('get_expert', { id: 'x1' })

      document.querySelector<HTMLElement>('[data-testid=detail-back]')!.click()
      await flushPromises()
      expect(router.currentRoute.value.path).toBe('/experts')
    },
  )
})
