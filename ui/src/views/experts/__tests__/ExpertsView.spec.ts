import { invoke } from '@tauri-apps/api/core'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ExpertQuery, ExpertRow, Page } from '@/api'
import { createAppI18n } from '@/i18n'
import ExpertsView from '../ExpertsView.vue'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const ROWS: ExpertRow[] = [
  {
    id: 'e1',
    name: '张三',
    gender: 'male',
    title: 'senior',
    organizationName: '浙江大学',
    discipline: '材料科学与工程',
    phone: '13800138000',
    idCardMasked: '110105********002X',
    status: 'active',
    updatedAt: '2024-03-05T01:02:03Z',
  },
  {
    id: 'e2',
    name: '李四',
    gender: null,
    title: 'intermediate',
    organizationName: null,
    discipline: null,
    phone: null,
    idCardMasked: null,
    status: 'ended',
    updatedAt: '2024-03-04T01:02:03Z',
  },
]

function answer(items: ExpertRow[], total = items.length): void {
  invokeMock.mockImplementation(async (command: string, args?: unknown) => {
    if (command === 'list_experts') {
      const { query } = args as { query: ExpertQuery }
      const page: Page<ExpertRow> = { items, total, page: query.page, pageSize: query.pageSize }
      return page
    }
    return []
  })
}

describe('ExpertsView', () => {
  let wrapper: VueWrapper | undefined

  async function render(locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<VueWrapper> {
    wrapper = mount(ExpertsView, { global: { plugins: [createAppI18n(locale)] }, attachTo: document.body })
    await flushPromises()
    return wrapper
  }

  beforeEach(() => {
    invokeMock.mockReset()
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  it('lists the experts with labels, masked ID numbers and the total', async () => {
    answer(ROWS, 42)
    const w = await render()
    expect(w.find('[data-testid=experts-page]').exists()).toBe(true)
    expect(w.findAll('[data-testid=expert-row-name]').map((n) => n.text())).toEqual(['张三', '李四'])
    expect(w.find('[data-testid=expert-total]').text()).toBe('42')
    const table = w.find('[data-testid=expert-table]').text()
    expect(table).toContain('正高')
    expect(table).toContain('在岗')
    expect(table).toContain('期满')
    expect(table).toContain('110105********002X')
    expect(table).toMatch(/2024-03-0\d \d{2}:02/)
    expect(w.find('[data-testid=expert-search] input').exists()).toBe(true)
    expect(w.find('.el-pagination').text()).toContain('42')
  })

  it('shows why the list could not be loaded instead of an empty roster, and retries', async () => {
    invokeMock.mockRejectedValueOnce({
      code: 'in_use',
      message: '数据库正被另一个程序使用',
      messageEn: 'the database is in use',
      fields: [],
    })
    const view = await render()
    const alert = view.find('[data-testid=expert-load-error]')
    expect(alert.exists()).toBe(true)
    expect(alert.text()).toContain('数据库正被另一个程序使用')
    expect(view.find('[data-testid=expert-table]').exists()).toBe(false)
    expect(view.text()).not.toContain('还没有科技专员')

    answer(ROWS)
    await alert.find('button').trigger('click')
    await flushPromises()
    expect(view.find('[data-testid=expert-load-error]').exists()).toBe(false)
    expect(view.findAll('[data-testid=expert-row-name]').map((n) => n.text())).toEqual(['张三', '李四'])
  })

  it('speaks English when English is chosen', async () => {
    answer(ROWS)
    const w = await render('en')
    const table = w.find('[data-testid=expert-table]').text()
    expect(table).toContain('Senior')
    expect(table).toContain('Active')
    expect(w.find('[data-testid=expert-add]').text()).toBe('Add commissioner')
  })

  it('invites adding the first expert when there are none, and the invitation opens the dialog', async () => {
    answer([])
    const w = await render()
    expect(w.find('[data-testid=expert-total]').text()).toBe('0')
    expect(w.text()).toContain('还没有科技专员')
    expect(w.find('.el-pagination').exists()).toBe(false)
    expect(document.querySelector('[data-testid=expert-dialog]')).toBeNull()
    await w.find('[data-testid=expert-empty-add]').trigger('click')
    await flushPromises()
    expect(document.querySelector('[data-testid=expert-dialog]')).not.toBeNull()
  })

  it('sorts on the server when a sortable header is clicked', async () => {
    answer(ROWS)
    const w = await render()
    invokeMock.mockClear()
    const nameHeader = w.findAll('th').find((th) => th.text().includes('姓名'))
    await nameHeader?.trigger('click')
    await flushPromises()
    const call = invokeMock.mock.calls.find(([command]) => command === 'list_experts')
    expect((call?.[1] as { query: ExpertQuery }).query).toMatchObject({ sort: 'name', order: 'asc', page: 1 })
  })
})
