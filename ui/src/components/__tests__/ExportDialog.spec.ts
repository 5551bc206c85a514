import { invoke } from '@tauri-apps/api/core'
import { listen } from '@tauri-apps/api/event'
import { save } from '@tauri-apps/plugin-dialog'
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import type { ExportColumn, ExportKind, ExportReport, ExportRequest } from '@/api'
import { createAppI18n } from '@/i18n'
import type { PeriodChoice } from '@/utils/period'
import { NEEDS_COLUMNS, ROSTER_COLUMNS, SERVICE_COLUMNS } from '@/views/statistics/__tests__/fixtures'
import { q, settle as settleAll } from '@/test-utils/mount'
import ExportButton from '../ExportButton.vue'
import ExportDialog from '../ExportDialog.vue'
import { defaultColumnKeys, EXPORT_FOLDER_STORAGE_KEY, printColumnKeys, type ExportScope } from '../exportSupport'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }))
vi.mock('@tauri-apps/plugin-dialog', () => ({ save: vi.fn() }))

const invokeMock = vi.mocked(invoke)
const settle = () => settleAll()
const listenMock = vi.mocked(listen)
const saveMock = vi.mocked(save)

const Q1: PeriodChoice = {
  kind: 'quarter',
  month: '2024-01',
  year: '2024',
  quarter: 1,
  range: ['2024-01-01', '2024-03-31'],
}
const SCOPE: ExportScope = { region: '宁波市', organizationId: 'o1', batchId: null, label: '宁波市 · 浙江大学' }

type ProgressHandler = (event: { payload: { jobId: string; done: number; total: number } }) => void

/** The progress listener the dialog registered, and whether it let go. */
let progressHandler: ProgressHandler | null = null
let unlistened = 0
/** How the running export_file call ends. */
let finishExport: { resolve: (r: ExportReport) => void; reject: (e: unknown) => void } | null = null

function columnsOf(kind: ExportKind): ExportColumn[] {
  if (kind === 'needs') return NEEDS_COLUMNS
  return kind === 'roster' ? ROSTER_COLUMNS : kind === 'summary' ? [] : SERVICE_COLUMNS
}

function route(): void {
  invokeMock.mockImplementation(async (command: string, args?: unknown) => {
    const a = (args ?? {}) as Record<string, unknown>
    switch (command) {
      case 'export_columns':
        return columnsOf(a.kind as ExportKind)
      case 'export_file':
        return new Promise((resolve, reject) => {
          finishExport = { resolve: resolve as (r: ExportReport) => void, reject }
        })
      case 'cancel_export':
      case 'reveal_export':
        return null
      default:
        throw new Error(`unexpected command ${command}`)
    }
  })
  listenMock.mockImplementation(async (event: string, handler: unknown) => {
    expect(event).toBe('export-progress')
    progressHandler = handler as ProgressHandler
    return () => {
      unlistened += 1
      progressHandler = null
    }
  })
}

function calls(command: string): Record<string, unknown>[] {
  return invokeMock.mock.calls.filter(([c]) => c === command).map(([, args]) => args as Record<string, unknown>)
}

const text = (selector: string) => q(selector).textContent?.replace(/\s+/g, ' ').trim() ?? ''
const exists = (selector: string) => document.querySelector(selector) !== null

async function click(selector: string): Promise<void> {
  q(selector).click()
  await settle()
}

/** The ticked columns, in the order shown. */
function ticked(): string[] {
  return Array.from(document.querySelectorAll<HTMLElement>('[data-testid^=export-column-]'))
    .filter((el) => el.classList.contains('is-checked'))
    .map((el) => el.dataset.testid!.replace('export-column-', ''))
}

describe('ExportDialog', { timeout: 30_000 }, () => {
  let wrapper: VueWrapper | undefined

  /** Mounts the dialog open, as the 统计导出 page does (its period and scope) or as a list page does (neither). */
  async function render(
    kind: ExportKind,
    pageChoice: { period: PeriodChoice; scope: ExportScope } | null = { period: Q1, scope: SCOPE },
  ) {
    const open = ref(true)
    const Host = defineComponent({
      setup: () => () =>
        h(ExportDialog, {
          modelValue: open.value,
          'onUpdate:modelValue': (v: boolean) => (open.value = v),
          kind,
          period: pageChoice?.period ?? null,
          scope: pageChoice?.scope ?? null,
        }),
    })
    wrapper = mount(Host, { global: { plugins: [createAppI18n('zh-CN')] }, attachTo: document.body })
    await settle()
    return open
  }

  function request(): ExportRequest {
    return calls('export_file').at(-1)!.request as ExportRequest
  }

  beforeEach(() => {
    window.localStorage.clear()
    invokeMock.mockReset()
    listenMock.mockReset()
    saveMock.mockReset()
    progressHandler = null
    unlistened = 0
    finishExport = null
    route()
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
    vi.useRealTimers()
  })

  it('offers the ledger with all its columns ticked, the page’s period and scope, and Excel or CSV', async () => {
    await render('services')
    expect(calls('export_columns')).toEqual([{ kind: 'services' }])
    expect(ticked()).toEqual(['startDate', 'expert', 'enterprise', 'days', 'contractAmount'])
    expect(text('[data-testid=export-period]')).toBe('2024年第一季度')
    expect(text('[data-testid=export-scope]')).toBe('宁波市 · 浙江大学')
    expect(exists('[data-testid=export-format-csv]')).toBe(true)
    expect(exists('[data-testid=export-full-id]')).toBe(false)
    expect(text('[data-testid=export-columns]')).toContain('已选 5 列')
  })

  it('does nothing when the save dialog is closed without a file', async () => {
    saveMock.mockResolvedValue(null)
    await render('services')
    await click('[data-testid=export-start]')
    expect(saveMock).toHaveBeenCalledWith({
      defaultPath: '服务台账_2024年第一季度.xlsx',
      filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }],
      title: '保存 服务台账_2024年第一季度.xlsx',
    })
    expect(calls('export_file')).toHaveLength(0)
    expect(listenMock).not.toHaveBeenCalled()
    expect(q('[data-testid=export-dialog]').dataset.phase).toBe('form')
    expect(exists('[data-testid=export-error]')).toBe(false)
  })

  it('counts the progress of the summary workbook in sheets', async () => {
    saveMock.mockResolvedValue('/tmp/季度工作台账.xlsx')
    await render('summary')
    await click('[data-testid=export-start]')
    const jobId = calls('export_file')[0]!.jobId as string
    progressHandler!({ payload: { jobId, done: 3, total: 7 } })
    await nextTick()
    expect(text('[data-testid=export-progress-text]')).toBe('已写入 3 / 7 张表')
    finishExport!.resolve({ path: '/tmp/季度工作台账.xlsx', rows: 120, sheets: 7 })
    await settle()
  })

  it('writes with progress, cannot be closed meanwhile, then offers to open the folder', async () => {
    saveMock.mockResolvedValue('D:\\报表\\服务台账_2024年第一季度')
    const open = await render('services')
    await click('[data-testid=export-start]')
    const [args] = calls('export_file')
    expect(args).toMatchObject({ path: 'D:\\报表\\服务台账_2024年第一季度.xlsx' })
    expect(request()).toEqual({
      kind: 'services',
      format: 'xlsx',
      filter: { period: '2024-Q1', region: '宁波市', organizationId: 'o1', batchId: null },
      columns: null,
      includeFullId: false,
    })
    const jobId = args!.jobId as string
    expect(jobId).toMatch(/^export-/)
    expect(q('[data-testid=export-dialog]').dataset.phase).toBe('writing')
    expect(exists('.el-dialog__headerbtn')).toBe(false)
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true }))
    await settle()
    expect(open.value).toBe(true)

    progressHandler!({ payload: { jobId, done: 500, total: 2000 } })
    progressHandler!({ payload: { jobId: 'someone-else', done: 1, total: 1 } })
    await nextTick()
    expect(text('[data-testid=export-progress-text]')).toBe('已写入 500 / 2,000 行')
    expect(q('[data-testid=export-progress] .el-progress-bar__inner').getAttribute('style')).toContain('width: 25%')
    progressHandler!({ payload: { jobId, done: 1500, total: 2000 } })
    await nextTick()
    expect(text('[data-testid=export-progress-text]')).toBe('已写入 1,500 / 2,000 行')

    finishExport!.resolve({ path: 'D:\\报表\\服务台账_2024年第一季度.xlsx', rows: 2000, sheets: 1 })
    await settle()
    expect(unlistened).toBe(1)
    expect(text('[data-testid=export-done-text]')).toBe('导出完成：共 2,000 行')
    expect(text('[data-testid=export-done-path]')).toBe('D:\\报表\\服务台账_2024年第一季度.xlsx')
    await click('[data-testid=export-reveal]')
    expect(calls('reveal_export')).toEqual([{ path: 'D:\\报表\\服务台账_2024年第一季度.xlsx' }])
    // The next save dialog starts in the same folder.
    expect(window.localStorage.getItem(EXPORT_FOLDER_STORAGE_KEY)).toBe('D:\\报表')
    await click('[data-testid=export-close]')
    expect(open.value).toBe(false)
  })

  it('取消 stops the export: cancel_export with its id, then says no file was written', async () => {
    saveMock.mockResolvedValue('/home/li/服务台账.xlsx')
    await render('services')
    await click('[data-testid=export-start]')
    const jobId = calls('export_file')[0]!.jobId
    await click('[data-testid=export-cancel]')
    expect(calls('cancel_export')).toEqual([{ jobId }])
    finishExport!.reject({ code: 'cancelled', message: '导出已取消', messageEn: 'cancelled', fields: [] })
    await settle()
    expect(q('[data-testid=export-dialog]').dataset.phase).toBe('form')
    expect(text('[data-testid=export-cancelled]')).toBe('已取消导出，没有生成文件')
    expect(exists('[data-testid=export-error]')).toBe(false)
    expect(unlistened).toBe(1)
  })

  it('shows why an export failed and lets the user try again', async () => {
    saveMock.mockResolvedValue('/home/li/服务台账.xlsx')
    await render('services')
    await click('[data-testid=export-start]')
    finishExport!.reject({ code: 'io', message: '文件被其他程序占用', messageEn: 'the file is in use', fields: [] })
    await settle()
    expect(text('[data-testid=export-error]')).toBe('导出失败：文件被其他程序占用')
    expect(q<HTMLButtonElement>('[data-testid=export-start]').disabled).toBe(false)
    expect(exists('.el-dialog__headerbtn')).toBe(true)
  })

  it('says so when the save dialog itself fails', async () => {
    saveMock.mockRejectedValue('dialog.save not allowed')
    await render('summary')
    await click('[data-testid=export-start]')
    expect(text('[data-testid=export-error]')).toBe('无法打开保存窗口：dialog.save not allowed')
    expect(calls('export_file')).toHaveLength(0)
  })

  it('remembers the columns left out per ledger and sends the rest in order', async () => {
    saveMock.mockResolvedValue('/tmp/a.csv')
    await render('services')
    await click('[data-testid=export-column-expert] input')
    await click('[data-testid=export-column-days] input')
    expect(ticked()).toEqual(['startDate', 'enterprise', 'contractAmount'])
    wrapper!.unmount()
    document.body.innerHTML = ''

    await render('services')
    expect(ticked()).toEqual(['startDate', 'enterprise', 'contractAmount'])
    await click('[data-testid=export-format-csv] input')
    await click('[data-testid=export-start]')
    expect(saveMock).toHaveBeenLastCalledWith({
      defaultPath: '服务台账_2024年第一季度.csv',
      filters: [{ name: 'CSV 文件', extensions: ['csv'] }],
      title: '保存 服务台账_2024年第一季度.csv',
    })
    expect(request()).toMatchObject({ format: 'csv', columns: ['startDate', 'enterprise', 'contractAmount'] })
    finishExport!.resolve({ path: '/tmp/a.csv', rows: 3, sheets: 1 })
    await settle()

    // Another ledger keeps its own choice; 全选 brings every column back.
    wrapper!.unmount()
    document.body.innerHTML = ''
    await render('roster')
    expect(ticked()).toEqual(['name', 'idCard', 'phone'])
    wrapper!.unmount()
    document.body.innerHTML = ''
    await render('services')
    await click('[data-testid=export-columns-all]')
    expect(ticked()).toEqual(['startDate', 'expert', 'enterprise', 'days', 'contractAmount'])
  })

  it('needs at least one column', async () => {
    await render('roster')
    for (const key of ['name', 'idCard', 'phone']) await click(`[data-testid=export-column-${key}] input`)
    expect(exists('[data-testid=export-no-columns]')).toBe(true)
    expect(q<HTMLButtonElement>('[data-testid=export-start]').disabled).toBe(true)
  })

  it('writes full ID numbers only when asked, with a warning', async () => {
    saveMock.mockResolvedValue('/tmp/花名册.xlsx')
    await render('roster')
    expect(q('[data-testid=export-full-id]').classList).not.toContain('is-checked')
    expect(text('[data-testid=export-full-id-warning]')).toContain('个人敏感信息')
    await click('[data-testid=export-full-id] input')
    expect(q('[data-testid=export-full-id-warning]').classList).toContain('is-on')
    await click('[data-testid=export-start]')
    expect(request()).toMatchObject({ kind: 'roster', includeFullId: true, columns: null })
  })

  it('offers the summary named after the period kind, in Excel only', async () => {
    saveMock.mockResolvedValue(null)
    await render('summary', { period: { ...Q1, kind: 'month', month: '2024-12' }, scope: { ...SCOPE, label: '' } })
    expect(text('[data-testid=export-kind] .el-select__placeholder')).toBe('月度工作台账')
    expect(exists('[data-testid=export-format-csv]')).toBe(false)
    expect(exists('[data-testid=export-columns]')).toBe(false)
    expect(calls('export_columns')).toHaveLength(0)
    expect(text('[data-testid=export-scope]')).toBe('全部范围')
    await click('[data-testid=export-start]')
    expect(saveMock).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: '月度工作台账_2024年12月.xlsx' }))
  })

  it('from a list page: this year over everything, the period adjustable', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(2025, 4, 20, 9, 0))
    saveMock.mockResolvedValue('/tmp/x.xlsx')
    await render('visits', null)
    expect(text('[data-testid=export-kind] .el-select__placeholder')).toBe('走访记录台账')
    expect(text('[data-testid=export-scope]')).toBe('全部范围')
    expect(q('[data-testid=export-period-kind-year]').closest('.el-segmented__item')?.classList).toContain(
      'is-selected',
    )
    await click('[data-testid=export-start]')
    expect(request().filter).toEqual({ period: '2025', region: null, organizationId: null, batchId: null })
    expect(saveMock).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: '走访记录台账_2025年.xlsx' }))
    finishExport!.resolve({ path: '/tmp/x.xlsx', rows: 1, sheets: 1 })
    await settle()
    await click('[data-testid=export-close]')
  })

  it('starts an Excel workbook on the ledger’s print columns and CSV on all; 打印列 and 全部列 switch', async () => {
    await render('needs')
    expect(ticked()).toEqual(['serial', 'enterprise', 'title'])
    expect(exists('[data-testid=export-paper]')).toBe(true)
    await click('[data-testid=export-format-csv] input')
    expect(ticked()).toEqual(['serial', 'enterprise', 'region', 'title', 'refinedProblem'])
    expect(exists('[data-testid=export-paper]')).toBe(false)
    await click('[data-testid=export-format-xlsx] input')
    expect(ticked()).toEqual(['serial', 'enterprise', 'title'])
    // 全部列 is the user's choice from now on, remembered whatever the format.
    await click('[data-testid=export-columns-all]')
    expect(ticked()).toEqual(['serial', 'enterprise', 'region', 'title', 'refinedProblem'])
    wrapper!.unmount()
    document.body.innerHTML = ''
    await render('needs')
    expect(ticked()).toEqual(['serial', 'enterprise', 'region', 'title', 'refinedProblem'])
    await click('[data-testid=export-columns-print]')
    expect(ticked()).toEqual(['serial', 'enterprise', 'title'])
    await click('[data-testid=export-format-csv] input')
    expect(ticked()).toEqual(['serial', 'enterprise', 'title'])
  })

  it('sends A3 when chosen, and nothing about the paper for the default A4', async () => {
    saveMock.mockResolvedValue('/tmp/服务台账.xlsx')
    await render('needs')
    await click('[data-testid=export-start]')
    expect(request()).toMatchObject({ kind: 'needs', columns: ['serial', 'enterprise', 'title'] })
    expect(request()).not.toHaveProperty('paper')
    finishExport!.resolve({ path: '/tmp/服务台账.xlsx', rows: 1, sheets: 1 })
    await settle()
    await click('[data-testid=export-close]')
    wrapper!.unmount()
    document.body.innerHTML = ''

    await render('needs')
    expect(q('[data-testid=export-paper-a4]').classList).toContain('is-checked')
    await click('[data-testid=export-paper-a3] input')
    await click('[data-testid=export-start]')
    expect(request()).toMatchObject({ kind: 'needs', format: 'xlsx', paper: 'a3' })
  })

  it('picks the default columns: the remembered choice, else 打印列 for Excel and all for CSV', () => {
    expect(printColumnKeys(NEEDS_COLUMNS)).toEqual(['serial', 'enterprise', 'title'])
    expect(printColumnKeys(NEEDS_COLUMNS.map((c) => ({ ...c, print: false })))).toHaveLength(5)
    expect(defaultColumnKeys(NEEDS_COLUMNS, null, 'xlsx')).toEqual(['serial', 'enterprise', 'title'])
    expect(defaultColumnKeys(NEEDS_COLUMNS, null, 'csv')).toHaveLength(5)
    expect(defaultColumnKeys(NEEDS_COLUMNS, ['region'], 'xlsx')).toEqual([
      'serial',
      'enterprise',
      'title',
      'refinedProblem',
    ])
    expect(defaultColumnKeys(NEEDS_COLUMNS, [], 'xlsx')).toHaveLength(5)
  })

  it('the list pages’ 导出 button opens the dialog on its workbook', async () => {
    wrapper = mount(ExportButton, {
      props: { kind: 'needs', testid: 'needs-export' },
      global: { plugins: [createAppI18n('zh-CN')] },
      attachTo: document.body,
    })
    await settle()
    expect(exists('[data-testid=export-dialog]')).toBe(false)
    expect(calls('export_columns')).toHaveLength(0)
    await click('[data-testid=needs-export]')
    expect(text('[data-testid=export-kind] .el-select__placeholder')).toBe('技术需求清单')
    expect(calls('export_columns')).toEqual([{ kind: 'needs' }])
  })
})
