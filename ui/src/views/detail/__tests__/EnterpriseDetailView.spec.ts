import { invoke } from '@tauri-apps/api/core'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import App from '@/App.vue'
import { freshPagePerTest, routerAt, textOf as text } from '@/test-utils/mount'
import { enterpriseOverviewFixture, figure } from './fixtures'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

describe('EnterpriseDetailView', () => {
  const page = freshPagePerTest(invokeMock)
  let failures: number

  async function render(): Promise<VueWrapper> {
    const router = await routerAt('/enterprises/f1')
    const wrapper = page.mount(App, { router })
    await flushPromises()
    return wrapper
  }

  beforeEach(() => {
    failures = 0
    invokeMock.mockImplementation(async (command: string) => {
      if (command === 'enterprise_overview') {
        if (failures > 0) {
          failures -= 1
          throw { code: 'busy', message: '数据库正忙', messageEn: 'The database is busy', fields: [] }
        }
        return enterpriseOverviewFixture()
      }
      throw new Error(`unexpected ${command}`)
    })
  })

  it('shows the profile, the override reason, the region and the qualifications', async () => {
    await render()
    expect(text('detail-name')).toBe('湖州电梯有限公司')
    expect(text('profile-creditCode')).toBe('91330500MA2B3C4D5X')
    expect(text('profile-override')).toBe('与营业执照原件核对无误')
    expect(text('profile-region')).toBe('浙江省 湖州市 南浔区')
    expect(text('profile-industry')).toBe('C 制造业')
    expect(text('profile-qualifications')).toBe('高新技术企业、专精特新')
    expect(document.querySelector('[data-testid=nav-enterprises]')?.classList.contains('is-active')).toBe(true)
  })

  it('lists the contacts with the primary one marked, and the outcome totals', async () => {
    await render()
    expect(text('detail-contacts')).toContain('沈丽')
    expect(text('detail-contacts')).toContain('主要联系人')
    expect(figure('contractAmount')).toBe('0.01万元')
    expect(figure('records')).toBe('1次')
  })

  it('names the experts in its pairings and service records, linking to them', async () => {
    const w = await render()
    expect(text('assignment-counterpart')).toBe('李娜')
    const tabs = w.findAll('.el-tabs__item')
    expect(tabs.map((t) => t.text())).toEqual(['派驻结对', '走访记录 (1)', '技术需求 (1)', '服务记录 (1)', '活动 (1)'])
    await tabs[3]!.trigger('click')
    await flushPromises()
    const link = document.querySelector('[data-testid=detail-services] a')!
    expect(link.textContent).toBe('李娜')
    expect(link.getAttribute('href')).toBe('/experts/x1')
    expect(document.querySelector('[data-testid=recent-note]')).toBeNull()
  })

  it('lists the events it took part in with the other enterprises, the title opening the event', async () => {
    const w = await render()
    await w.findAll('.el-tabs__item')[4]!.trigger('click')
    await flushPromises()
    const events = document.querySelector('[data-testid=detail-events]')!
    expect(events.textContent).toContain('湖州电梯有限公司、安吉竹木制品厂')
    expect(events.textContent).toContain('供需对接会')
    expect(events.querySelector('a')!.getAttribute('href')).toBe('/events?open=e1')
  })

  it('says 无评价 when none of its service records was evaluated', async () => {
    await render()
    expect(text('evaluation-none')).toBe('无评价')
    expect(document.querySelector('[data-testid=evaluation-share]')).toBeNull()
  })

  it('offers to retry after a failed load and shows the page once it succeeds', async () => {
    failures = 1
    await render()
    expect(text('detail-error')).toContain('数据库正忙')
    await document.querySelector<HTMLButtonElement>('[data-testid=detail-error] button')!.click()
    await flushPromises()
    expect(document.querySelector('[data-testid=detail-error]')).toBeNull()
    expect(text('detail-name')).toBe('湖州电梯有限公司')
  })
})
