import { invoke } from '@tauri-apps/api/core'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick } from 'vue'
import type { AuditEntry, EnterpriseQuery, EnterpriseRow, Page, Referrers } from '@/api'
import { createAppRouter } from '@/router'
import { fakeClockPerTest, freshPagePerTest, settle as settleAll } from '@/test-utils/mount'
import { createMemoryHistory, type Router } from 'vue-router'
import EnterprisesView from '../EnterprisesView.vue'
import { SEARCH_DEBOUNCE_MS, useEnterpriseList } from '../useEnterpriseList'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const ROWS: EnterpriseRow[] = [
  {
    origins: [],
    id: 'n1',
    name: '福建某某新材料有限公司',
    creditCode: '91350100M000100Y43',
    province: '福建省',
    city: '福州市',
    county: '鼓楼区',
    industry: 'C',
    size: 'small',
    isHighTech: true,
    isTechSme: false,
    isSpecialized: true,
    contactName: '王经理',
    contactPhone: '13800138000',
    updatedAt: '2024-03-05T01:02:03Z',
  },
]

const NO_REFS: Referrers = { assignments: 0, visits: 0, needs: 0, needMatches: 0, serviceRecords: 0, events: 0 }

function lastQuery(): EnterpriseQuery {
  const call = invokeMock.mock.calls.filter(([c]) => c === 'list_enterprises').at(-1)
  return (call?.[1] as { query: EnterpriseQuery }).query
}

function answer(extra: (command: string, args: Record<string, unknown>) => unknown = () => null): void {
  invokeMock.mockImplementation(async (command: string, args?: unknown) => {
    if (command === 'list_enterprises') {
      const { query } = args as { query: EnterpriseQuery }
      const page: Page<EnterpriseRow> = { items: ROWS, total: 1, page: query.page, pageSize: query.pageSize }
      return page
    }
    return extra(command, (args ?? {}) as Record<string, unknown>)
  })
}

/** The app's routes in memory, so the rows' name links resolve; the last one made is kept for assertions. */
let router: Router
function testRouter(): Router {
  router = createAppRouter(createMemoryHistory())
  return router
}

describe('useEnterpriseList', () => {
  let scope = effectScope()

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    invokeMock.mockReset()
    answer()
    scope = effectScope()
  })

  afterEach(() => {
    scope.stop()
    vi.useRealTimers()
  })

  async function settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await Promise.resolve()
    await nextTick()
  }

  it('debounces the search and sends it once, from page 1', async () => {
    const list = scope.run(() => useEnterpriseList())!
    list.setPage(3)
    await settle()
    invokeMock.mockClear()
    list.searchText.value = '新'
    await nextTick()
    list.searchText.value = '新材料 '
    await nextTick()
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 1)
    expect(invokeMock).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    await settle()
    expect(invokeMock).toHaveBeenCalledTimes(1)
    expect(lastQuery()).toMatchObject({ search: '新材料', page: 1 })
  })

  it('turns region, size, industry and qualification filters into the query', async () => {
    const list = scope.run(() => useEnterpriseList())!
    list.regionFilter.value = { province: '福建省', city: '福州市', county: null, regionCode: '350100' }
    list.sizeFilter.value = 'small'
    list.industryFilter.value = 'C'
    list.qualificationFilter.value = ['isHighTech', 'isSpecialized']
    await settle()
    expect(lastQuery()).toMatchObject({
      province: '福建省',
      city: '福州市',
      county: null,
      size: 'small',
      industry: 'C',
      isHighTech: true,
      isTechSme: null,
      isSpecialized: true,
      page: 1,
    })
    expect(list.filtered.value).toBe(true)
    list.clearFilters()
    await settle()
    expect(lastQuery()).toMatchObject({
      province: null,
      size: null,
      industry: null,
      isHighTech: null,
      isSpecialized: null,
    })
    expect(list.filtered.value).toBe(false)
  })
})

describe('EnterprisesView', () => {
  fakeClockPerTest()
  const page = freshPagePerTest(invokeMock)
  const settle = () => settleAll(150)

  /** Opens the 更多 menu of the first row (历史, 删除); the menu is teleported to <body>. */
  async function openMoreMenu(w: VueWrapper): Promise<void> {
    await w.find('[data-testid=enterprise-row-more]').trigger('click')
    await settle()
  }

  async function render(): Promise<VueWrapper> {
    const wrapper = page.mount(EnterprisesView, { router: testRouter() })
    await flushPromises()
    return wrapper
  }

  it('opens an enterprise’s detail page from the name', async () => {
    answer()
    const w = await render()
    const first = w.find('[data-testid=enterprise-row-name]')
    await first.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe(`/enterprises/${ROWS[0]!.id}`)
  })

  it('lists enterprises with region, industry, size and qualification tags', async () => {
    window.localStorage.setItem('ledger.columns.enterprises', '[]')
    answer()
    const w = await render()
    expect(w.find('[data-testid=enterprises-page]').exists()).toBe(true)
    expect(w.findAll('[data-testid=enterprise-row-name]').map((n) => n.text())).toEqual(['福建某某新材料有限公司'])
    expect(w.find('[data-testid=enterprise-total]').text()).toBe('1')
    expect(w.find('[data-testid=enterprise-search] input').exists()).toBe(true)
    const table = w.find('[data-testid=enterprise-table]').text()
    for (const text of [
      '91350100M000100Y43',
      '福建省 福州市 鼓楼区',
      '制造业',
      '小型',
      '高新',
      '专精特新',
      '王经理',
      '13800138000',
    ]) {
      expect(table).toContain(text)
    }
    expect(table).not.toContain('科小')
    for (const id of ['enterprise-row-edit', 'enterprise-row-detail', 'enterprise-row-more']) {
      expect(w.find(`[data-testid=${id}]`).exists(), id).toBe(true)
    }
    // 历史 and 删除 sit in the 更多 menu, which exists only while it is open.
    expect(document.querySelector('[data-testid=enterprise-row-delete]')).toBeNull()
    await openMoreMenu(w)
    for (const id of ['enterprise-row-history', 'enterprise-row-delete']) {
      expect(document.querySelector(`[data-testid=${id}]`), id).not.toBeNull()
    }
  })

  it('hides 行业 and 联系人 by default; the column chooser shows and hides columns and remembers the choice', async () => {
    answer()
    const w = await render()
    const headers = (): string[] => w.findAll('[data-testid=enterprise-table] th').map((th) => th.text())
    expect(headers()).toContain('企业名称')
    expect(headers()).toContain('规模')
    expect(headers()).not.toContain('行业')
    expect(headers()).not.toContain('联系人')
    expect(w.find('[data-testid=enterprise-table]').text()).not.toContain('王经理')

    await w.find('[data-testid=enterprise-columns]').trigger('click')
    await settle()
    const box = (key: string): HTMLInputElement => {
      const input = document.querySelector<HTMLInputElement>(`[data-testid=column-option-${key}] input`)
      if (!input) throw new Error(`no checkbox for ${key}`)
      return input
    }
    expect(box('industry').checked).toBe(false)
    expect(box('size').checked).toBe(true)
    box('contactName').click()
    await settle()
    box('size').click()
    await settle()
    expect(headers()).toContain('联系人')
    expect(headers()).not.toContain('规模')
    expect(w.find('[data-testid=enterprise-table]').text()).toContain('王经理')
    expect(JSON.parse(window.localStorage.getItem('ledger.columns.enterprises') ?? 'null')).toEqual([
      'industry',
      'size',
    ])

    w.unmount()
    document.body.innerHTML = ''
    const again = await render()
    const headersAgain = again.findAll('[data-testid=enterprise-table] th').map((th) => th.text())
    expect(headersAgain).toContain('联系人')
    expect(headersAgain).not.toContain('规模')
    expect(headersAgain).not.toContain('行业')
  })

  it('详情/结对 opens the pairing drawer with the enterprise’s facts and pairings', async () => {
    answer((command) => (command === 'list_assignments_of_enterprise' ? [] : null))
    const w = await render()
    await w.find('[data-testid=enterprise-row-detail]').trigger('click')
    await settle()
    expect(invokeMock).toHaveBeenCalledWith('list_assignments_of_enterprise', { enterpriseId: 'n1' })
    const drawer = document.querySelector('[data-testid=assignment-drawer]')
    expect(drawer?.textContent).toContain('福建某某新材料有限公司')
    expect(drawer?.textContent).toContain('91350100M000100Y43')
    expect(drawer?.textContent).toContain('王经理 13800138000')
    expect(document.querySelector('[data-testid=assignment-add]')).not.toBeNull()
  })

  it('deletes after a confirmation, sending confirm=false when nothing points at it, and reloads', async () => {
    const remove = vi.fn()
    answer((command, args) => {
      if (command === 'referrers_of_enterprise') return NO_REFS
      if (command === 'delete_enterprise') return remove(args) ?? NO_REFS
      return null
    })
    const w = await render()
    await openMoreMenu(w)
    document.querySelector<HTMLElement>('[data-testid=enterprise-row-delete]')?.click()
    await flushPromises()
    const box = document.querySelector('.el-message-box')
    expect(box?.textContent).toContain('确定删除企业“福建某某新材料有限公司”吗？删除后可在回收站恢复。')
    invokeMock.mockClear()
    document.querySelector<HTMLElement>('.el-message-box__btns .el-button--primary')?.click()
    await settleAll()
    expect(remove).toHaveBeenCalledWith({ id: 'n1', confirm: false })
    expect(invokeMock.mock.calls.some(([c]) => c === 'list_enterprises')).toBe(true)
  })

  it('shows the change history of a row in the drawer', async () => {
    const history: AuditEntry[] = [
      {
        at: '2024-03-05T02:00:00Z',
        actor: 'li',
        action: 'update',
        before: { name: '福建某某新材料有限公司', size: 'small', isHighTech: false, revision: 1 },
        after: { name: '福建某某新材料有限公司', size: 'medium', isHighTech: true, revision: 2 },
      },
      {
        at: '2024-03-01T02:00:00Z',
        actor: 'li',
        action: 'create',
        before: null,
        after: { name: '福建某某新材料有限公司' },
      },
    ]
    answer((command, args) =>
      command === 'record_history' ? (expect(args).toEqual({ entity: 'enterprise', id: 'n1' }), history) : null,
    )
    const w = await render()
    await openMoreMenu(w)
    document.querySelector<HTMLElement>('[data-testid=enterprise-row-history]')?.click()
    await flushPromises()
    expect(document.querySelector('[data-testid=history-drawer]')).not.toBeNull()
    const entries = document.querySelectorAll('[data-testid=history-entry]')
    expect(entries).toHaveLength(2)
    const changes = Array.from(entries[0]?.querySelectorAll('[data-testid=history-change]') ?? []).map((r) =>
      Array.from(r.querySelectorAll('td')).map((td) => td.textContent?.trim()),
    )
    expect(changes).toEqual([
      ['企业规模', '小型', '中型'],
      ['高新技术企业', '否', '是'],
    ])
    expect(entries[0]?.textContent).toContain('修改')
    expect(entries[0]?.textContent).toContain('li')
    expect(entries[1]?.textContent).toContain('创建了这条记录')
  })
})
