import { invoke } from '@tauri-apps/api/core'
import { save } from '@tauri-apps/plugin-dialog'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { Router } from 'vue-router'
import type { ServiceRecordQuery } from '@/api'
import { fakeClockPerTest, freshPagePerTest, routerAt, settle as settleAll, type TestLocale } from '@/test-utils/mount'
import ServicesView from '../ServicesView.vue'
import { ENTERPRISES, EXPERTS, NEEDS, RECORD, ROWS, TOTALS, pageOf } from './fixtures'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))
vi.mock('@tauri-apps/plugin-dialog', () => ({ save: vi.fn() }))

const invokeMock = vi.mocked(invoke)
const saveMock = vi.mocked(save)
const settle = () => settleAll(150)

type Handler = (command: string, args: Record<string, unknown>) => unknown

/** Answers the ledger's commands; `extra` may answer (or override) any command, returning undefined to pass. */
function route(extra: Handler = () => undefined): void {
  invokeMock.mockImplementation(async (command: string, raw?: unknown) => {
    const args = (raw ?? {}) as Record<string, unknown>
    const special = extra(command, args)
    if (special !== undefined) return special
    const query = args.query as ServiceRecordQuery
    switch (command) {
      case 'list_service_records':
        return pageOf(ROWS, query, 42)
      case 'service_totals':
        return TOTALS
      case 'list_experts':
        return pageOf(EXPERTS, query)
      case 'list_enterprises':
        return pageOf(ENTERPRISES, query)
      case 'list_needs':
        return pageOf(NEEDS, query)
      case 'get_service_record':
        return RECORD
      case 'list_attachments':
        return []
      default:
        throw new Error(`unexpected command ${command}`)
    }
  })
}

function queriesOf(command: string): ServiceRecordQuery[] {
  return invokeMock.mock.calls
    .filter(([c]) => c === command)
    .map(([, args]) => (args as { query: ServiceRecordQuery }).query)
}

describe('ServicesView', { timeout: 30_000 }, () => {
  fakeClockPerTest()
  const page = freshPagePerTest(invokeMock)
  let router: Router

  async function render(path = '/services', locale: TestLocale = 'zh-CN'): Promise<VueWrapper> {
    router = await routerAt(path)
    const wrapper = page.mount(ServicesView, { locale, router })
    await settle()
    return wrapper
  }

  const text = (selector: string): string[] =>
    Array.from(document.querySelectorAll(selector)).map((n) => n.textContent?.trim() ?? '')

  it('marks the records with a confirmation or photos, filters 缺确认单 and prints the ticked rows’ 服务确认单', async () => {
    const marked = [
      { ...ROWS[0]!, evidence: { confirmation: true, photo: true } },
      { ...ROWS[1]!, evidence: { confirmation: false, photo: false } },
    ]
    route((command, args) => {
      if (command === 'list_service_records') return pageOf(marked, args.query as ServiceRecordQuery, 2)
      if (command === 'export_forms') return { path: args.path, rows: 2, sheets: 2 }
      return undefined
    })
    saveMock.mockResolvedValue('/tmp/确认单')
    const w = await render()
    const on = Array.from(document.querySelectorAll('[data-testid=evidence-confirmation]')).map((m) =>
      m.getAttribute('data-on'),
    )
    expect(on).toEqual(['true', 'false'])
    expect(document.querySelectorAll('[data-testid=evidence-photo]')).toHaveLength(1)
    expect(document.querySelector('[data-testid=evidence-confirmation]')?.getAttribute('title')).toBe('有服务确认书')

    await w.find('[data-testid=service-filter-missing] input').setValue(true)
    await settle()
    expect(queriesOf('list_service_records').at(-1)).toMatchObject({ missingConfirmation: true, page: 1 })
    expect(queriesOf('service_totals').at(-1)).toMatchObject({ missingConfirmation: true })

    expect(w.find('[data-testid=service-print-selected]').exists()).toBe(false)
    for (const box of w.findAll('.el-table__body .el-checkbox input')) await box.setValue(true)
    await settle()
    const printSelected = w.find('[data-testid=service-print-selected]')
    expect(printSelected.text()).toBe('打印所选（2）')
    await printSelected.trigger('click')
    await settle()
    expect(saveMock).toHaveBeenCalledWith(
      expect.objectContaining({ defaultPath: '服务确认单_2份.xlsx', title: '保存服务确认单' }),
    )
    expect(invokeMock).toHaveBeenCalledWith('export_forms', {
      request: { kind: 'service_confirmation', ids: ['r1', 'r2'] },
      path: '/tmp/确认单.xlsx',
      jobId: expect.any(String),
    })

    saveMock.mockClear()
    w.findAll('[data-testid=evidence-print]')[1]!.trigger('click')
    await settle()
    // The dialog starts in the folder the last print went to.
    expect(saveMock).toHaveBeenCalledWith(
      expect.objectContaining({ defaultPath: '/tmp/服务确认单_德清新材料科技有限公司_2026-02-20.xlsx' }),
    )
    expect(invokeMock).toHaveBeenLastCalledWith('export_forms', {
      request: { kind: 'service_confirmation', ids: ['r2'] },
      path: '/tmp/确认单.xlsx',
      jobId: expect.any(String),
    })
  })

  it('lists the records: period, expert and enterprise links, need, type, days and 万元 amounts, attachments', async () => {
    route()
    await render()
    expect(text('[data-testid=service-total]')).toEqual(['42'])
    expect(text('[data-testid=service-row-period]')).toEqual(['2026-03-02 ～ 2026-03-03', '2026-02-20'])
    expect(text('[data-testid=service-row-expert]')).toEqual(['李娜', '王强'])
    expect(text('[data-testid=service-row-days]')).toEqual(['1.5', '1'])
    expect(text('[data-testid=service-row-amount]')).toEqual(['123.46', '0.00'])
    expect(text('[data-testid=service-row-attachments]')).toEqual(['2', '0'])
    const table = document.querySelector('[data-testid=service-table]')?.textContent ?? ''
    expect(table).toContain('曳引机噪声控制')
    expect(table).toContain('技术攻关')
    expect(table).toContain('政策宣讲')
    expect(table).toContain('合同金额（万元）')
    expect(document.querySelectorAll('[data-testid=service-row-edit]')).toHaveLength(2)
    expect(document.querySelectorAll('[data-testid=service-row-delete]')).toHaveLength(2)

    document.querySelectorAll<HTMLElement>('[data-testid=service-row-enterprise]')[1]!.click()
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/enterprises/e2')
  })

  it('shows each record’s 满意度, a column the 列 button hides and remembers', async () => {
    window.localStorage.removeItem('ledger.columns.services')
    route()
    const w = await render()
    const headers = (): string[] => w.findAll('[data-testid=service-table] th').map((th) => th.text())
    expect(headers()).toContain('满意度')
    expect(text('[data-testid=service-row-satisfaction]')).toEqual(['满意', '—'])
    await w.find('[data-testid=service-columns]').trigger('click')
    await flushPromises()
    expect(document.querySelector('.el-popover')?.textContent).toContain('服务时间')
    document.querySelector<HTMLInputElement>('[data-testid=column-option-satisfaction] input')?.click()
    await flushPromises()
    expect(headers()).not.toContain('满意度')
    expect(headers()).toContain('服务时间')
    expect(JSON.parse(window.localStorage.getItem('ledger.columns.services') ?? 'null')).toEqual(['satisfaction'])
    window.localStorage.removeItem('ledger.columns.services')
  })

  it('links the expert to the expert page', async () => {
    route()
    await render()
    document.querySelector<HTMLElement>('[data-testid=service-row-expert]')!.click()
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/experts/x1')
  })

  it('shows a record’s change history', async () => {
    route((command) => (command === 'record_history' ? [] : undefined))
    await render()
    document.querySelector<HTMLElement>('[data-testid=service-row-history]')!.click()
    await flushPromises()
    expect(invokeMock).toHaveBeenCalledWith('record_history', { entity: 'service_record', id: ROWS[0]!.id })
  })

  it('shows the totals of the current filter in 万元 above the table', async () => {
    route()
    await render()
    expect(queriesOf('service_totals')).toHaveLength(1)
    const figure = (key: string) => text(`[data-testid=service-totals-${key}]`)[0]
    expect(figure('records')).toBe('2')
    expect(figure('serviceDays')).toBe('2.5')
    expect(figure('contractAmount')).toBe('123.46')
    expect(figure('investment')).toBe('0.01')
    expect(figure('policyFunds')).toBe('1.00')
    expect(figure('costSaved')).toBe('0.00')
    expect(figure('outputValue')).toBe('250.00')
    expect(figure('profitTax')).toBe('0.00')
    expect(document.querySelector('[data-testid=service-totals]')?.textContent).toContain('万元')
  })

  it('reloads the totals with the list when a filter changes', async () => {
    route((command, args) => {
      if (command === 'service_totals' && (args.query as ServiceRecordQuery).serviceType === 'training') {
        return { ...TOTALS, records: 1, contractAmountFen: 10_000 }
      }
      return undefined
    })
    await render()
    document.querySelector<HTMLElement>('[data-testid=service-filter-type] .el-select__wrapper')!.click()
    await settle()
    const option = Array.from(document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')).find(
      (o) => o.textContent?.trim() === '培训',
    )
    option!.click()
    await settle()
    expect(queriesOf('list_service_records').at(-1)).toMatchObject({ serviceType: 'training', page: 1 })
    expect(queriesOf('service_totals').at(-1)).toMatchObject({ serviceType: 'training' })
    expect(text('[data-testid=service-totals-records]')).toEqual(['1'])
    expect(text('[data-testid=service-totals-contractAmount]')).toEqual(['0.01'])
  })

  it('opens the record named by ?open=<id>, and drops it from the address when the dialog closes', async () => {
    route()
    await render('/services?open=r1')
    expect(invokeMock).toHaveBeenCalledWith('get_service_record', { id: 'r1' })
    expect(document.querySelector('[data-testid=service-dialog]')?.textContent).toContain('编辑服务记录')
    expect(document.querySelector('[data-testid=service-form-expert]')?.textContent).toContain('李娜')
    document.querySelector<HTMLElement>('[data-testid=service-form-cancel]')!.click()
    await settle()
    expect(router.currentRoute.value.fullPath).toBe('/services')
  })

  it('edits a row from 编辑, loading the record into the form', async () => {
    route()
    const w = await render()
    await w.findAll('[data-testid=service-row-edit]')[0]!.trigger('click')
    await settle()
    expect(invokeMock).toHaveBeenCalledWith('get_service_record', { id: 'r1' })
    expect(document.querySelector<HTMLInputElement>('[data-testid=service-form-contractAmount] input')?.value).toBe(
      '123.456789',
    )
    expect(document.querySelector('[data-testid=service-form-enterprise]')?.textContent).toContain('湖州电梯有限公司')
  })

  it('deletes a record to the recycle bin after confirming, then reloads list and totals', async () => {
    const remove = vi.fn()
    route((command, args) => {
      if (command === 'referrers_of_record')
        return { assignments: 0, visits: 0, needs: 0, needMatches: 0, serviceRecords: 0 }
      if (command === 'delete_record') {
        remove(args)
        return { assignments: 0, visits: 0, needs: 0, needMatches: 0, serviceRecords: 0 }
      }
      return undefined
    })
    const w = await render()
    await w.findAll('[data-testid=service-row-delete]')[0]!.trigger('click')
    await settle()
    expect(invokeMock).toHaveBeenCalledWith('referrers_of_record', { kind: 'service_record', id: 'r1' })
    expect(document.querySelector('.el-message-box')?.textContent).toContain(
      '确定删除服务记录“2026-03-02 李娜 · 湖州电梯有限公司”吗？',
    )
    invokeMock.mockClear()
    document.querySelector<HTMLElement>('.el-message-box__btns .el-button--primary')!.click()
    await settle()
    expect(remove).toHaveBeenCalledWith({ kind: 'service_record', id: 'r1', confirm: false })
    expect(queriesOf('list_service_records')).toHaveLength(1)
    expect(queriesOf('service_totals')).toHaveLength(1)
  })

  it('shows why the list could not be loaded, and retries', async () => {
    route((command) => {
      if (command === 'list_service_records')
        throw { code: 'in_use', message: '数据库正被另一个程序使用', messageEn: 'in use', fields: [] }
      return undefined
    })
    await render()
    expect(document.querySelector('[data-testid=service-load-error]')?.textContent).toContain(
      '数据库正被另一个程序使用',
    )
    expect(document.querySelector('[data-testid=service-table]')).toBeNull()
    route()
    document.querySelector<HTMLElement>('[data-testid=service-load-error] button')!.click()
    await settle()
    expect(document.querySelector('[data-testid=service-load-error]')).toBeNull()
    expect(text('[data-testid=service-row-expert]')).toEqual(['李娜', '王强'])
  })

  it('invites adding the first record when the ledger is empty', async () => {
    route((command, args) =>
      command === 'list_service_records' ? pageOf([], args.query as ServiceRecordQuery, 0) : undefined,
    )
    await render()
    expect(document.body.textContent).toContain('还没有服务记录')
    document.querySelector<HTMLElement>('[data-testid=service-empty-add]')!.click()
    await settle()
    expect(document.querySelector('[data-testid=service-dialog]')?.textContent).toContain('新增服务记录')
  })

  it('speaks English when English is chosen', async () => {
    route()
    await render('/services', 'en')
    expect(document.querySelector('[data-testid=service-add]')?.textContent?.trim()).toBe('Add service record')
    expect(document.querySelector('[data-testid=service-table]')?.textContent).toContain('Technical breakthrough')
  })
})
