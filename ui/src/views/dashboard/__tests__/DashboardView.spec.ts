import { invoke } from '@tauri-apps/api/core'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Router } from 'vue-router'
import type { Dashboard } from '@/api'
import { freshPagePerTest, routerAt, type TestLocale } from '@/test-utils/mount'
import DashboardView from '../DashboardView.vue'
import { dashboardFixture, page, quietDashboardFixture } from './fixtures'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const IN_USE = { code: 'in_use', message: '数据库正被另一个程序使用', messageEn: 'the database is in use', fields: [] }

/** Answers `dashboard` with the given home pages in turn (the last one repeats); an object with a code fails. */
function answer(...answers: (Dashboard | typeof IN_USE)[]): void {
  let call = 0
  invokeMock.mockImplementation(async (command: string) => {
    if (command !== 'dashboard') throw new Error(`unexpected ${command}`)
    const next = answers[Math.min(call++, answers.length - 1)]!
    if ('code' in next) throw next
    return next
  })
}

describe('DashboardView', () => {
  const view = freshPagePerTest(invokeMock)
  let router: Router

  async function render(locale: TestLocale = 'zh-CN'): Promise<VueWrapper> {
    router = await routerAt('/')
    const wrapper = view.mount(DashboardView, { locale, router })
    await flushPromises()
    return wrapper
  }

  const text = (w: VueWrapper, selector: string) => w.find(selector).text()
  const texts = (w: VueWrapper, selector: string) => w.findAll(selector).map((n) => n.text())

  /** Clicks an item of a list and waits for the navigation it starts. */
  async function click(w: VueWrapper, selector: string, index = 0): Promise<string> {
    await w.findAll(selector)[index]!.trigger('click')
    await flushPromises()
    return router.currentRoute.value.fullPath
  }

  afterEach(() => {
    vi.useRealTimers()
  })

  it('greets with the core’s today, its weekday and ISO week', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(2026, 2, 11, 9, 30))
    answer(dashboardFixture())
    const w = await render()
    expect(invokeMock).toHaveBeenCalledWith('dashboard', undefined)
    expect(text(w, '[data-testid=dashboard-greeting]')).toBe('上午好，今天是 2026年3月11日星期三，第 11 周')
  })

  it('compares this month with last: the figure, last month’s beside it and the change, 持平 when equal', async () => {
    answer(dashboardFixture())
    const w = await render()
    expect(text(w, '[data-testid=dashboard-months-period]')).toBe('2026年3月 对比 2026年2月')
    const card = (key: string) => {
      const c = w.find(`[data-testid=dashboard-figure-${key}]`)
      return {
        label: c.find('.figure__label').text(),
        current: c.find('[data-testid=figure-this]').text(),
        last: c.find('[data-testid=figure-last]').text(),
        change: c.find('[data-testid=figure-change]'),
      }
    }
    const visits = card('visits')
    expect([visits.label, visits.current, visits.last, visits.change.text()]).toEqual(['走访次数', '12', '9', '▲ 3'])
    expect(visits.change.classes()).toContain('is-up')
    expect(visits.change.attributes('title')).toBe('比上月多 3')
    const days = card('serviceDays')
    expect([days.label, days.current, days.last, days.change.text()]).toEqual(['服务天数', '7.5', '10', '▼ 2.5'])
    expect(days.change.classes()).toContain('is-down')
    const records = card('serviceRecords')
    expect([records.label, records.current, records.last, records.change.text()]).toEqual([
      '服务记录',
      '9',
      '9',
      '持平',
    ])
    expect(records.change.classes()).toContain('is-same')
    const solved = card('needsSolved')
    expect([solved.label, solved.current, solved.last, solved.change.text()]).toEqual(['解决需求', '2', '3', '▼ 1'])
    // The cards stand in one row, in this order.
    expect(w.findAll('[data-testid^=dashboard-figure-]').map((c) => c.attributes('data-testid'))).toEqual([
      'dashboard-figure-visits',
      'dashboard-figure-serviceDays',
      'dashboard-figure-serviceRecords',
      'dashboard-figure-needsSolved',
    ])
  })

  it('groups large figures by thousands', async () => {
    const d = dashboardFixture()
    d.thisMonth.serviceRecords = 20833
    answer(d)
    const w = await render()
    const card = w.find('[data-testid=dashboard-figure-serviceRecords]')
    expect(card.find('[data-testid=figure-this]').text()).toBe('20,833')
    expect(card.find('[data-testid=figure-change]').text()).toBe('▲ 20,824')
  })

  it('lists the follow-ups due this week with their next step, today’s marked, and opens the visit', async () => {
    answer(dashboardFixture())
    const w = await render()
    const panel = w.find('[data-testid=dashboard-due]')
    expect(panel.find('.dash-panel__hint').text()).toBe('今天至 3月15日周日')
    expect(text(w, '[data-testid=dashboard-due-count]')).toBe('2')
    const items = panel.findAll('[data-testid=dashboard-due-item]')
    expect(items).toHaveLength(2)
    expect(items[0]!.find('[data-testid=dashboard-follow-up-date]').text()).toBe('2026-03-11')
    expect(items[0]!.find('[data-testid=dashboard-follow-up-enterprise]').text()).toBe('湖州电梯有限公司')
    expect(items[0]!.find('[data-testid=dashboard-follow-up-note]').text()).toBe('下一步：送样检测')
    expect(items[0]!.text()).toContain('李娜、王强')
    expect(items[0]!.text()).toContain('今天')
    // Without a next step the visit's purpose says what it is about; a later day shows its weekday.
    expect(items[1]!.find('[data-testid=dashboard-follow-up-note]').text()).toBe('目的：回访电池隔膜项目')
    expect(items[1]!.text()).toContain('3月13日周五')
    expect(panel.find('[data-testid=dashboard-due-total]').exists()).toBe(false)
    expect(await click(w, '[data-testid=dashboard-due-item]', 1)).toBe('/visits?open=v2')
  })

  it('lists overdue follow-ups with the days overdue, shows the whole count when capped, and opens the visit', async () => {
    answer(dashboardFixture())
    const w = await render()
    const panel = w.find('[data-testid=dashboard-overdue]')
    expect(texts(w, '[data-testid=dashboard-overdue-item] [data-testid=dashboard-follow-up-enterprise]')).toEqual([
      '德清智能装备有限公司',
    ])
    expect(text(w, '[data-testid=dashboard-overdue-days]')).toBe('逾期 7 天')
    expect(text(w, '[data-testid=dashboard-overdue-count]')).toBe('25')
    expect(panel.find('[data-testid=dashboard-overdue-total]').text()).toBe('共 25 项，显示前 1 项')
    expect(await click(w, '[data-testid=dashboard-overdue-item]')).toBe('/visits?open=v3')
    // 查看全部 opens the visit list with the same rule's filter.
    expect(await click(w, '[data-testid=dashboard-overdue-more]')).toBe('/visits?followUp=overdue')
  })

  it('lists stalled needs with stage, enterprise and idle days, and opens the need', async () => {
    answer(dashboardFixture())
    const w = await render()
    const item = w.find('[data-testid=dashboard-stale-item]')
    expect(item.find('[data-testid=dashboard-stale-title]').text()).toBe('曳引机噪声偏大')
    expect(item.find('[data-testid=dashboard-stale-stage]').text()).toBe('凝练')
    expect(item.text()).toContain('湖州电梯有限公司')
    expect(item.find('[data-testid=dashboard-stale-days]').text()).toBe('45 天未推进')
    expect(await click(w, '[data-testid=dashboard-stale-item]')).toBe('/needs?open=n1')
  })

  it('lists experts without service this month with their unit and last service, and opens the expert', async () => {
    answer(dashboardFixture())
    const w = await render()
    expect(texts(w, '[data-testid=dashboard-idle-name]')).toEqual(['赵敏', '孙浩'])
    expect(texts(w, '[data-testid=dashboard-idle-last]')).toEqual(['从未服务', '上次服务 2026-01-20'])
    const items = w.findAll('[data-testid=dashboard-idle-item]')
    expect(items[0]!.text()).toContain('未填派出单位')
    expect(items[1]!.text()).toContain('浙江工业大学')
    expect(await click(w, '[data-testid=dashboard-idle-item]', 1)).toBe('/experts/x2')
  })

  it('shows the whole count of experts without service when capped, and 查看全部 opens the expert list so filtered', async () => {
    const data = dashboardFixture()
    data.idleExperts = { ...data.idleExperts, total: 37 }
    answer(data)
    const w = await render()
    expect(text(w, '[data-testid=dashboard-idle-count]')).toBe('37')
    expect(text(w, '[data-testid=dashboard-idle-total]')).toBe('共 37 项，显示前 2 项')
    expect(await click(w, '[data-testid=dashboard-idle-more]')).toBe('/experts?unserved=true')
  })

  it('says each empty list as good news', async () => {
    answer(quietDashboardFixture())
    const w = await render()
    expect(text(w, '[data-testid=dashboard-due-empty]')).toBe('本周没有到期的跟进')
    expect(text(w, '[data-testid=dashboard-overdue-empty]')).toBe('没有逾期的跟进，跟进都很及时')
    expect(text(w, '[data-testid=dashboard-stale-empty]')).toBe('进行中的需求近 30 天内都有进展')
    expect(text(w, '[data-testid=dashboard-idle-empty]')).toBe('本月每位在岗专员都有服务记录')
    for (const list of ['due', 'overdue', 'stale', 'idle']) {
      expect(w.find(`[data-testid=dashboard-${list}-list]`).exists()).toBe(false)
      expect(text(w, `[data-testid=dashboard-${list}-count]`)).toBe('0')
    }
    expect(text(w, '[data-testid=dashboard-figure-visits] [data-testid=figure-change]')).toBe('持平')
  })

  it('says why the page could not be loaded, and retry loads it', async () => {
    answer(IN_USE, dashboardFixture())
    const w = await render()
    const alert = w.find('[data-testid=dashboard-error]')
    expect(alert.text()).toContain('工作台加载失败：数据库正被另一个程序使用')
    expect(w.find('[data-testid=dashboard-months]').exists()).toBe(false)
    expect(w.find('[data-testid=dashboard-due-empty]').exists()).toBe(false)

    await w.find('[data-testid=dashboard-retry]').trigger('click')
    await flushPromises()
    expect(invokeMock).toHaveBeenCalledTimes(2)
    expect(w.find('[data-testid=dashboard-error]').exists()).toBe(false)
    expect(text(w, '[data-testid=dashboard-figure-visits] [data-testid=figure-this]')).toBe('12')
  })

  it('刷新 loads the page again; a failed refresh keeps the last figures and says why', async () => {
    const later = dashboardFixture()
    later.thisMonth.visits = 13
    later.followUpsDue = page([])
    answer(dashboardFixture(), later, IN_USE)
    const w = await render()
    expect(w.findAll('[data-testid=dashboard-due-item]')).toHaveLength(2)

    await w.find('[data-testid=dashboard-refresh]').trigger('click')
    await flushPromises()
    expect(text(w, '[data-testid=dashboard-figure-visits] [data-testid=figure-this]')).toBe('13')
    expect(w.find('[data-testid=dashboard-due-empty]').exists()).toBe(true)

    await w.find('[data-testid=dashboard-refresh]').trigger('click')
    await flushPromises()
    expect(invokeMock).toHaveBeenCalledTimes(3)
    expect(w.find('[data-testid=dashboard-error]').text()).toContain('数据库正被另一个程序使用')
    expect(text(w, '[data-testid=dashboard-figure-visits] [data-testid=figure-this]')).toBe('13')
  })

  it('shows the whole of a cut name in a tooltip, and none for a name that fits', async () => {
    answer(dashboardFixture())
    const w = await render()
    const [cut, fits] = w.findAll('[data-testid=dashboard-follow-up-enterprise]')
    Object.defineProperty(cut!.element, 'scrollWidth', { configurable: true, value: 300 })
    Object.defineProperty(cut!.element, 'clientWidth', { configurable: true, value: 120 })
    const tooltip = () => document.querySelector('.dashboard__tooltip')

    await fits!.trigger('mouseover')
    await flushPromises()
    expect(tooltip()?.textContent ?? '').not.toContain('浙江长兴新能源材料股份有限公司')

    await cut!.trigger('mouseover')
    await flushPromises()
    expect(tooltip()?.textContent).toContain('湖州电梯有限公司')
  })

  it('speaks English when English is chosen', async () => {
    answer(dashboardFixture())
    const w = await render('en')
    expect(text(w, '[data-testid=dashboard-figure-serviceDays] .figure__label')).toBe('Service days')
    expect(text(w, '[data-testid=dashboard-figure-serviceRecords] [data-testid=figure-change]')).toBe('Same')
    expect(text(w, '[data-testid=dashboard-overdue-days]')).toBe('7 d overdue')
    expect(texts(w, '[data-testid=dashboard-idle-last]')).toEqual(['Never served', 'Last served 2026-01-20'])
    expect(text(w, '[data-testid=dashboard-refresh]')).toBe('Refresh')
  })
})
