import { invoke } from '@tauri-apps/api/core'
import { type VueWrapper } from '@vue/test-utils'
import { ElDatePicker } from 'element-plus'
import { describe, expect, it, vi } from 'vitest'
import type { Router } from 'vue-router'
import type { Page, VisitQuery, VisitRow } from '@/api'
import { fakeClockPerTest, freshPagePerTest, q, routerAt, settle, type TestLocale } from '@/test-utils/mount'
import VisitsView from '../VisitsView.vue'
import { todayIso, weekEndIso } from '../visitForm'
import { ENTERPRISES, EXPERTS, storedVisit, visitRow } from './fixtures'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const OVERDUE = visitRow({
  id: 'v2',
  visitDate: '2024-04-01',
  followUpDate: '2024-04-15',
  followUpOverdue: true,
  attachmentCount: 0,
  purpose: null,
  mode: 'phone',
})
const ROWS: VisitRow[] = [visitRow({ followUpDate: '2999-01-01' }), OVERDUE]

type Handler = (command: string, args: Record<string, unknown>) => unknown

/** Answers list_visits with `items` (and the dialog's searches); `extra` handles the rest. */
function answer(items: VisitRow[], total = items.length, extra: Handler = () => null): void {
  invokeMock.mockImplementation(async (command: string, args?: unknown) => {
    const a = (args ?? {}) as Record<string, unknown>
    switch (command) {
      case 'list_visits': {
        const { query } = a as { query: VisitQuery }
        const page: Page<VisitRow> = { items, total, page: query.page, pageSize: query.pageSize }
        return page
      }
      case 'list_enterprises':
        return { items: ENTERPRISES, total: ENTERPRISES.length, page: 1, pageSize: 30 }
      case 'list_experts':
        return { items: EXPERTS, total: EXPERTS.length, page: 1, pageSize: 30 }
      case 'list_attachments':
        return []
      default:
        return extra(command, a)
    }
  })
}

/** The queries list_visits was asked, in order. */
function queries(): VisitQuery[] {
  return invokeMock.mock.calls.filter(([c]) => c === 'list_visits').map(([, a]) => (a as { query: VisitQuery }).query)
}

describe('VisitsView', () => {
  fakeClockPerTest()
  const page = freshPagePerTest(invokeMock)
  let router: Router

  async function render(path = '/visits', locale: TestLocale = 'zh-CN'): Promise<VueWrapper> {
    router = await routerAt(path)
    const wrapper = page.mount(VisitsView, { locale, router })
    await settle()
    return wrapper
  }

  it('lists the visits, latest first, with labels, the total and past follow-ups marked', async () => {
    answer(ROWS, 42)
    const w = await render()
    expect(queries()).toEqual([
      {
        page: 1,
        pageSize: 20,
        search: null,
        enterpriseId: null,
        expertId: null,
        mode: null,
        dateFrom: null,
        dateTo: null,
        followUp: null,
        origins: null,
        missingConfirmation: false,
        reviewStatus: null,
        sort: 'visitDate',
        order: 'desc',
      },
    ])
    expect(w.find('[data-testid=visit-total]').text()).toBe('42')
    expect(w.findAll('[data-testid=visit-row-date]').map((d) => d.text())).toEqual(['2024-05-06', '2024-04-01'])
    expect(w.findAll('[data-testid=visit-row-experts]')[0]?.text()).toBe('李四、张三')
    const table = w.find('[data-testid=visit-table]').text()
    expect(table).toContain('实地')
    expect(table).toContain('电话')
    expect(table).toContain('了解锂电池隔膜涂覆工艺需求')
    const followUps = w.findAll('[data-testid=visit-row-followup]')
    expect(followUps[0]?.attributes('data-overdue')).toBeUndefined()
    expect(followUps[1]?.attributes('data-overdue')).toBe('true')
    expect(followUps[1]?.classes()).toContain('visit-table__overdue')
    expect(w.findAll('[data-testid=visit-row-attachments]').map((a) => a.text())).toEqual(['2', '0'])
    expect(w.find('.el-pagination').text()).toContain('42')
  })

  it('shows a visit’s change history', async () => {
    answer(ROWS, ROWS.length, (command) => (command === 'record_history' ? [] : null))
    const w = await render()
    await w.findAll('[data-testid=visit-row-history]')[0]!.trigger('click')
    await settle()
    expect(invokeMock).toHaveBeenCalledWith('record_history', { entity: 'visit', id: ROWS[0]!.id })
  })

  it('links the enterprise to its page', async () => {
    answer(ROWS)
    const w = await render()
    await w.findAll('[data-testid=visit-row-enterprise]')[0]!.trigger('click')
    await settle()
    expect(router.currentRoute.value.fullPath).toBe('/enterprises/en1')
  })

  it('sends the search, 走访方式, date range and 跟进 filters, each from page 1, and clears them', async () => {
    answer(ROWS, 100)
    const w = await render()
    // Go to page 2 first: a filter goes back to page 1.
    q('.el-pagination .number:nth-child(2)').click()
    await settle()
    expect(queries().at(-1)?.page).toBe(2)

    const search = q<HTMLInputElement>('[data-testid=visit-search] input')
    search.value = '隔膜'
    search.dispatchEvent(new Event('input'))
    await settle(400)
    expect(queries().at(-1)).toMatchObject({ search: '隔膜', page: 1 })

    q('[data-testid=visit-mode-option-online]').click()
    await settle()
    expect(queries().at(-1)).toMatchObject({ search: '隔膜', mode: 'online', page: 1 })

    w.findComponent(ElDatePicker).vm.$emit('update:modelValue', ['2024-01-01', '2024-03-31'])
    await settle()
    expect(queries().at(-1)).toMatchObject({
      mode: 'online',
      dateFrom: '2024-01-01',
      dateTo: '2024-03-31',
      followUp: null,
    })

    q('[data-testid=visit-followup-option-pending]').click()
    await settle()
    expect(queries().at(-1)).toMatchObject({ dateFrom: '2024-01-01', followUp: 'pending', page: 1 })
    expect(q('[data-testid=visit-followup-option-pending]').textContent).toContain(weekEndIso())

    q('[data-testid=visit-followup-option-overdue]').click()
    await settle()
    expect(queries().at(-1)?.followUp).toBe('overdue')
  })

  it('opens with the 跟进 filter a link sets (查看全部 on the 工作台), and ignores one it does not know', async () => {
    answer(ROWS)
    const w = await render('/visits?followUp=overdue')
    expect(queries()).toHaveLength(1)
    expect(queries()[0]).toMatchObject({ followUp: 'overdue', page: 1 })
    expect(w.find('[data-testid=visit-filter-followup]').text()).toContain('已逾期')
    expect(w.find('[data-testid=visit-total]').exists()).toBe(true)

    await render('/visits?followUp=someday')
    expect(queries().at(-1)?.followUp).toBeNull()
  })

  it('offers to clear the filters when nothing matches, and clearing sends an unfiltered query', async () => {
    answer([])
    const w = await render()
    expect(w.text()).toContain('还没有走访记录')
    q('[data-testid=visit-mode-option-phone]').click()
    await settle()
    expect(w.text()).toContain('没有符合条件的走访记录')
    await w.find('[data-testid=visit-clear-filters]').trigger('click')
    await settle()
    expect(queries().at(-1)).toMatchObject({
      mode: null,
      search: null,
      dateFrom: null,
      dateTo: null,
      followUp: null,
      page: 1,
    })
  })

  it('sorts by 跟进日期 and 走访日期 on the server', async () => {
    answer(ROWS)
    const w = await render()
    const header = (label: string) => w.findAll('[data-testid=visit-table] th').find((th) => th.text().includes(label))!
    await header('跟进日期').trigger('click')
    await settle()
    expect(queries().at(-1)).toMatchObject({ sort: 'followUpDate', order: 'asc', page: 1 })
    await header('跟进日期').trigger('click')
    await settle()
    expect(queries().at(-1)).toMatchObject({ sort: 'followUpDate', order: 'desc' })
    await header('走访日期').trigger('click')
    await settle()
    expect(queries().at(-1)).toMatchObject({ sort: 'visitDate' })
  })

  it('删除 confirms with what the visit holds and moves it to the recycle bin, then reloads', async () => {
    const deleted = vi.fn()
    answer(ROWS, 2, (command, args) => {
      if (command === 'referrers_of_record')
        return { serviceRecords: 0, visits: 0, needs: 1, needMatches: 0, assignments: 0 }
      if (command === 'delete_record') {
        deleted(args)
        return { serviceRecords: 0, visits: 0, needs: 1, needMatches: 0, assignments: 0 }
      }
      return null
    })
    const w = await render()
    const loads = queries().length
    await w.findAll('[data-testid=visit-row-delete]')[1]!.trigger('click')
    await settle()
    expect(invokeMock).toHaveBeenCalledWith('referrers_of_record', { kind: 'visit', id: 'v2' })
    expect(q('.el-message-box').textContent).toContain('确定删除走访记录“2024-04-01 福建某某新材料有限公司”吗？')
    expect(q('.el-message-box').textContent).toContain('1 项技术需求')
    q('.el-message-box__btns .el-button--primary').click()
    await settle()
    expect(deleted).toHaveBeenCalledWith({ kind: 'visit', id: 'v2', confirm: true })
    expect(queries().length).toBe(loads + 1)
  })

  it('opens the visit named in ?open= in the dialog, and drops the query when it closes', async () => {
    const visit = storedVisit(
      {
        visitDate: '2024-04-01',
        enterpriseId: 'en2',
        expertIds: ['x2'],
        mode: 'phone',
        purpose: '回访',
        findings: null,
        nextStep: null,
        followUpDate: null,
        notes: null,
      },
      { id: 'v2' },
    )
    answer(ROWS, 2, (command) => (command === 'get_visit' ? visit : null))
    await render('/visits?open=v2')
    expect(invokeMock).toHaveBeenCalledWith('get_visit', { id: 'v2' })
    const dialog = q('[data-testid=visit-dialog]')
    expect(dialog.textContent).toContain('编辑走访')
    expect(q<HTMLInputElement>('[data-testid=visit-form-purpose] input').value).toBe('回访')
    expect(q('[data-testid=visit-form-enterprise]').textContent).toContain('福州某某电子科技有限公司')
    expect(invokeMock).toHaveBeenCalledWith('list_attachments', { ownerKind: 'visit', ownerId: 'v2' })

    q('[data-testid=visit-form-cancel]').click()
    await settle()
    expect(router.currentRoute.value.fullPath).toBe('/visits')
  })

  it('编辑 on a row opens that visit; 新增走访 opens a blank one dated today', async () => {
    answer(ROWS, 2, (command, args) =>
      command === 'get_visit'
        ? storedVisit(
            {
              visitDate: '2024-05-06',
              enterpriseId: 'en1',
              expertIds: ['x1'],
              mode: 'on_site',
              purpose: null,
              findings: null,
              nextStep: null,
              followUpDate: null,
              notes: null,
            },
            { id: args.id as string },
          )
        : null,
    )
    const w = await render()
    await w.findAll('[data-testid=visit-row-edit]')[0]!.trigger('click')
    await settle()
    expect(invokeMock).toHaveBeenCalledWith('get_visit', { id: 'v1' })
    q('[data-testid=visit-form-cancel]').click()
    await settle(300)

    await w.find('[data-testid=visit-add]').trigger('click')
    await settle()
    expect(q('[data-testid=visit-dialog]').textContent).toContain('新增走访')
    expect(q<HTMLInputElement>('[data-testid=visit-form-date] input').value).toBe(todayIso())
    expect(q('[data-testid=attachment-save-first]').textContent).toContain('保存后即可添加附件')
  })

  it('shows why the list could not be loaded, and retries', async () => {
    invokeMock.mockImplementation(async (command: string) => {
      if (command === 'list_visits')
        throw { code: 'in_use', message: '数据库正被另一个程序使用', messageEn: 'in use', fields: [] }
      return null
    })
    const w = await render()
    const alert = w.find('[data-testid=visit-load-error]')
    expect(alert.text()).toContain('数据库正被另一个程序使用')
    expect(w.find('[data-testid=visit-table]').exists()).toBe(false)
    answer(ROWS)
    await alert.find('button').trigger('click')
    await settle()
    expect(w.find('[data-testid=visit-load-error]').exists()).toBe(false)
    expect(w.findAll('[data-testid=visit-row-date]')).toHaveLength(2)
  })

  it('speaks English when English is chosen', async () => {
    answer(ROWS)
    const w = await render('/visits', 'en')
    expect(w.find('[data-testid=visit-add]').text()).toBe('Add visit')
    expect(w.find('[data-testid=visit-table]').text()).toContain('On site')
  })
})
