import { invoke, type InvokeArgs } from '@tauri-apps/api/core'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { ExpertQuery, ExpertRow, Page } from '@/api'
import { createAppRouter } from '@/router'
import { fakeClockPerTest, freshPagePerTest, settle, type TestLocale } from '@/test-utils/mount'
import { createMemoryHistory, type Router } from 'vue-router'
import ExpertsView from '../ExpertsView.vue'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const ROWS: ExpertRow[] = [
  {
    origins: [],
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
    origins: [],
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

/** The app's routes in memory, so the rows' name links resolve; the last one made is kept for assertions. */
let router: Router
function testRouter(): Router {
  router = createAppRouter(createMemoryHistory())
  return router
}

describe('ExpertsView', () => {
  const page = freshPagePerTest(invokeMock)

  /** The page in `locale`, opened at `path` when given (a link's filters come in its query). */
  async function render(locale: TestLocale = 'zh-CN', path?: string): Promise<VueWrapper> {
    const router = testRouter()
    if (path) await router.push(path)
    const wrapper = page.mount(ExpertsView, { locale, router })
    await flushPromises()
    return wrapper
  }

  it('opens an expert’s detail page from the name', async () => {
    answer(ROWS, 2)
    const w = await render()
    await w.findAll('[data-testid=expert-row-name]')[1]!.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe(`/experts/${ROWS[1]!.id}`)
  })

  it('opens with 本月未服务 on when the link asks for it (查看全部 on the 工作台), and turning it off lists everyone', async () => {
    answer(ROWS, 2)
    const w = await render('zh-CN', '/experts?unserved=true')
    const queries = () =>
      invokeMock.mock.calls.filter(([c]) => c === 'list_experts').map(([, a]) => (a as { query: ExpertQuery }).query)
    expect(queries()).toHaveLength(1)
    expect(queries()[0]).toMatchObject({ unserved: true, page: 1 })
    const toggle = w.find('[data-testid=expert-filter-unserved]')
    expect(toggle.text()).toBe('本月未服务')
    expect(toggle.find<HTMLInputElement>('input').element.checked).toBe(true)

    await toggle.find('input').setValue(false)
    await flushPromises()
    expect(queries().at(-1)).toMatchObject({ unserved: false, page: 1 })
  })

  it('ignores an unserved value other than true in the link', async () => {
    answer(ROWS, 2)
    const w = await render('zh-CN', '/experts?unserved=yes')
    const first = invokeMock.mock.calls.find(([c]) => c === 'list_experts')
    expect((first?.[1] as { query: ExpertQuery }).query.unserved).toBe(false)
    expect(w.find<HTMLInputElement>('[data-testid=expert-filter-unserved] input').element.checked).toBe(false)
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
    const answered = invokeMock.getMockImplementation()!
    invokeMock.mockImplementation(async (command: string, args?: unknown) => {
      if (command !== 'list_experts') return answered(command, args as InvokeArgs)
      throw { code: 'in_use', message: '数据库正被另一个程序使用', messageEn: 'the database is in use', fields: [] }
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

  it('the column chooser hides and shows columns, keeps 姓名, remembers the choice and resets it', async () => {
    answer(ROWS)
    const w = await render()
    const headers = (): string[] => w.findAll('[data-testid=expert-table] th').map((th) => th.text())
    expect(headers()).toEqual(expect.arrayContaining(['姓名', '身份证号', '专业领域']))
    await w.find('[data-testid=expert-columns]').trigger('click')
    await flushPromises()
    const box = (key: string): HTMLInputElement => {
      const input = document.querySelector<HTMLInputElement>(`[data-testid=column-option-${key}] input`)
      if (!input) throw new Error(`no checkbox for ${key}`)
      return input
    }
    expect(document.querySelector('[data-testid=column-option-name]')).toBeNull()
    box('idCard').click()
    await flushPromises()
    expect(headers()).not.toContain('身份证号')
    expect(headers()).toContain('姓名')
    expect(w.find('[data-testid=expert-table]').text()).not.toContain('110105********002X')
    expect(JSON.parse(window.localStorage.getItem('ledger.columns.experts') ?? 'null')).toEqual(['idCard'])

    w.unmount()
    document.body.innerHTML = ''
    const again = await render()
    expect(again.findAll('[data-testid=expert-table] th').map((th) => th.text())).not.toContain('身份证号')
    await again.find('[data-testid=expert-columns]').trigger('click')
    await flushPromises()
    document.querySelector<HTMLElement>('[data-testid=expert-columns-reset]')?.click()
    await flushPromises()
    expect(again.findAll('[data-testid=expert-table] th').map((th) => th.text())).toContain('身份证号')
    expect(JSON.parse(window.localStorage.getItem('ledger.columns.experts') ?? 'null')).toEqual([])
  })

  it('详情/结对 opens the pairing drawer with the expert’s facts and pairings', async () => {
    answer(ROWS)
    const w = await render()
    await w.findAll('[data-testid=expert-row-detail]')[0]?.trigger('click')
    await flushPromises()
    expect(invokeMock).toHaveBeenCalledWith('list_assignments_of_expert', { expertId: 'e1' })
    const drawer = document.querySelector('[data-testid=assignment-drawer]')
    expect(drawer?.textContent).toContain('张三')
    expect(drawer?.textContent).toContain('浙江大学')
    expect(drawer?.textContent).toContain('材料科学与工程')
    expect(drawer?.textContent).toContain('还没有结对记录')
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

describe('ExpertsView row actions', () => {
  fakeClockPerTest()
  const page = freshPagePerTest(invokeMock)

  const EXPERT = {
    id: 'e1',
    name: '张三',
    gender: 'male',
    birthMonth: null,
    education: null,
    title: 'senior',
    organizationId: null,
    position: '教授',
    discipline: '材料科学与工程',
    specialties: ['锂电池'],
    phone: '13800138000',
    email: null,
    idCard: null,
    serviceForm: null,
    batchId: null,
    serviceStart: '2024-01-01',
    serviceEnd: null,
    status: 'active',
    notes: null,
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
    revision: 4,
  }

  function route(extra: (command: string, args: Record<string, unknown>) => unknown): void {
    invokeMock.mockImplementation(async (command: string, args?: unknown) => {
      if (command === 'list_experts') {
        const { query } = args as { query: ExpertQuery }
        return { items: ROWS, total: 2, page: query.page, pageSize: query.pageSize }
      }
      if (command === 'list_organizations' || command === 'list_batches') return []
      return extra(command, (args ?? {}) as Record<string, unknown>)
    })
  }

  /** Chooses 删除 in the 更多 menu of a row (the menu is teleported to <body> and exists only while open). */
  async function deleteRow(w: VueWrapper, index: number): Promise<void> {
    await w.findAll('[data-testid=expert-row-more]')[index]?.trigger('click')
    await settle(150)
    const items = document.querySelectorAll<HTMLElement>('[data-testid=expert-row-delete]')
    expect(items).toHaveLength(1)
    items[0]?.click()
    await settle(150)
  }

  it('edits an expert: loads it, saves with update_expert and the expected revision, sending back the fields left alone', async () => {
    const update = vi.fn()
    route((command, args) => {
      if (command === 'get_expert') return EXPERT
      if (command === 'update_expert') {
        update(args)
        return { ...EXPERT, ...(args.input as object), revision: 5 }
      }
      return null
    })
    const wrapper = page.mount(ExpertsView, { router: testRouter() })
    await flushPromises()
    await wrapper.findAll('[data-testid=expert-row-edit]')[0]?.trigger('click')
    await settle(150)
    expect(invokeMock).toHaveBeenCalledWith('get_expert', { id: 'e1' })
    const name = document.querySelector<HTMLInputElement>('[data-testid=expert-form-name] input')
    expect(name?.value).toBe('张三')
    expect(document.querySelector('[data-testid=expert-dialog]')?.textContent).toContain('编辑专员')
    expect(document.querySelector('[data-testid=expert-form-save-new]')).toBeNull()
    const phone = document.querySelector<HTMLInputElement>('[data-testid=expert-form-phone] input')
    if (!phone) throw new Error('no phone input')
    phone.value = '13900139000'
    phone.dispatchEvent(new Event('input'))
    document.querySelector<HTMLElement>('[data-testid=expert-form-save]')?.click()
    await settle(150)
    expect(update).toHaveBeenCalledTimes(1)
    expect(update.mock.calls[0]?.[0]).toMatchObject({
      id: 'e1',
      expectedRevision: 4,
      input: {
        name: '张三',
        phone: '13900139000',
        position: '教授',
        specialties: ['锂电池'],
        serviceStart: '2024-01-01',
        status: 'active',
      },
    })
    expect(invokeMock.mock.calls.filter(([c]) => c === 'create_expert')).toHaveLength(0)
  })

  it('tells the user when someone else changed the expert, and reloads it', async () => {
    let revision = 4
    route((command) => {
      if (command === 'get_expert')
        return { ...EXPERT, revision, discipline: revision > 4 ? '化学' : EXPERT.discipline }
      if (command === 'update_expert') {
        revision = 6
        throw { code: 'conflict', message: '记录已被修改', messageEn: 'changed', fields: [] }
      }
      return null
    })
    const wrapper = page.mount(ExpertsView, { router: testRouter() })
    await flushPromises()
    await wrapper.findAll('[data-testid=expert-row-edit]')[0]?.trigger('click')
    await settle(150)
    document.querySelector<HTMLElement>('[data-testid=expert-form-save]')?.click()
    await settle(150)
    expect(document.querySelector('.el-message--error')?.textContent).toContain('该记录刚被其他人修改过')
    expect(invokeMock.mock.calls.filter(([c]) => c === 'get_expert')).toHaveLength(2)
    expect(document.querySelector<HTMLInputElement>('[data-testid=expert-form-discipline] input')?.value).toBe('化学')
  })

  it('asks before deleting, naming what points at the expert, and sends confirm=true', async () => {
    const remove = vi.fn()
    route((command, args) => {
      if (command === 'referrers_of_expert')
        return { assignments: 1, visits: 2, needs: 0, needMatches: 0, serviceRecords: 3 }
      if (command === 'delete_expert') {
        remove(args)
        return { assignments: 1, visits: 2, needs: 0, needMatches: 0, serviceRecords: 3 }
      }
      return null
    })
    const wrapper = page.mount(ExpertsView, { router: testRouter() })
    await flushPromises()
    await deleteRow(wrapper, 0)
    expect(invokeMock).toHaveBeenCalledWith('referrers_of_expert', { id: 'e1' })
    expect(remove).not.toHaveBeenCalled()
    expect(document.querySelector('.el-message-box')?.textContent).toContain(
      '确定删除专员“张三”吗？该专员有 3 条服务记录、2 次走访、1 个结对。删除后可在回收站恢复。',
    )
    invokeMock.mockClear()
    document.querySelector<HTMLElement>('.el-message-box__btns .el-button--primary')?.click()
    await settle(150)
    expect(remove).toHaveBeenCalledWith({ id: 'e1', confirm: true })
    expect(invokeMock.mock.calls.some(([c]) => c === 'list_experts')).toBe(true)
  })

  it('sends nothing when the deletion is cancelled', async () => {
    route((command) =>
      command === 'referrers_of_expert'
        ? { assignments: 0, visits: 0, needs: 0, needMatches: 0, serviceRecords: 0 }
        : null,
    )
    const wrapper = page.mount(ExpertsView, { router: testRouter() })
    await flushPromises()
    await deleteRow(wrapper, 1)
    document.querySelector<HTMLElement>('.el-message-box__btns .el-button:not(.el-button--primary)')?.click()
    await settle(150)
    expect(invokeMock.mock.calls.filter(([c]) => c === 'delete_expert')).toHaveLength(0)
  })
})
