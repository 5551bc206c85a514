import { invoke } from '@tauri-apps/api/core'
import { listen } from '@tauri-apps/api/event'
import { open, save } from '@tauri-apps/plugin-dialog'
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import type {
  ImportCorrection,
  ImportPreview,
  ImportRecord,
  ImportReport,
  ImportRequest,
  PreviewQuery,
  PreviewRow,
} from '@/api'
import { createAppI18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { typeInto } from '@/test-utils/forms'
import { q, settle as settleAll } from '@/test-utils/mount'
import ImportView from '../ImportView.vue'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }))
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }))

const invokeMock = vi.mocked(invoke)
const settle = () => settleAll()
const listenMock = vi.mocked(listen)

const SOURCE = '/home/li/表格/2024年花名册.xlsx'

const FIELDS = [
  { key: 'name', label: '姓名', labelEn: 'Name', required: true },
  { key: 'phone', label: '手机号码', labelEn: 'Mobile', required: true },
  { key: 'title', label: '职称', labelEn: 'Title', required: false },
]

const HEADERS = ['序号', '姓名', '手机']

/** The preview the core would give for `request`: the mapping given, else the one it remembers. */
function previewOf(request: ImportRequest, id: string): ImportPreview {
  const mapping = request.mapping ?? [null, 'name', 'phone']
  return {
    id,
    kind: request.kind,
    fileName: '2024年花名册.xlsx',
    sheets: [
      { name: '花名册', hidden: false },
      { name: '旧表', hidden: true },
    ],
    sheet: request.sheet ?? '花名册',
    encoding: null,
    headerRow: 3,
    columns: HEADERS.map((header, i) => ({ letter: 'ABC'[i]!, header, field: mapping[i] ?? null })),
    fields: FIELDS,
    mappingRemembered: request.mapping === null,
    missingFields: FIELDS.filter((f) => f.required && !mapping.includes(f.key)).map((f) => f.key),
    counts: { read: 4, new: 1, update: 1, duplicate: 0, warning: 1, error: 1 },
    onDuplicate: request.onDuplicate,
    onError: request.onError,
  }
}

const ROWS: PreviewRow[] = [
  { row: 4, status: 'new', values: ['1', '张三', '13800138000'], issues: [], existingId: null, corrected: [] },
  { row: 5, status: 'update', values: ['2', '王五', '13900139000'], issues: [], existingId: 'x9', corrected: [] },
  {
    row: 6,
    status: 'warning',
    values: ['3', '赵六', '13700137000'],
    issues: [
      { row: 6, column: '职称', reason: '未识别的职称，按“其他”导入', reasonEn: 'Unknown title, imported as other' },
    ],
    existingId: null,
    corrected: [],
  },
  {
    row: 7,
    status: 'error',
    values: ['4', '李四', '1380013'],
    issues: [
      {
        row: 7,
        column: '手机',
        reason: '手机号码应为 11 位数字，现为 7 位',
        reasonEn: 'A mobile number has 11 digits, this one has 7',
      },
    ],
    existingId: null,
    corrected: [],
  },
]

const REJECTED = ROWS[3]!.issues

const HISTORY: ImportRecord[] = [
  {
    id: 'i2',
    kind: 'experts',
    fileName: '2024年花名册.xlsx',
    sheet: '花名册',
    actor: '李四',
    createdAt: '2024-03-05T02:03:00Z',
    read: 4,
    imported: 2,
    updated: 1,
    skipped: 1,
    undoneAt: null,
  },
  {
    id: 'i1',
    kind: 'enterprises',
    fileName: '企业名录.csv',
    sheet: '企业名录',
    actor: '李四',
    createdAt: '2024-03-01T02:03:00Z',
    read: 10,
    imported: 10,
    updated: 0,
    skipped: 0,
    undoneAt: '2024-03-02T02:03:00Z',
  },
]

type ProgressHandler = (event: { payload: { id: string; done: number; total: number } }) => void

let previews = 0
let progressHandler: ProgressHandler | null = null
let finishCommit: { resolve: (r: ImportReport) => void; reject: (e: unknown) => void } | null = null

function route(): void {
  invokeMock.mockImplementation(async (command: string, args?: unknown) => {
    const a = (args ?? {}) as Record<string, unknown>
    switch (command) {
      case 'import_preview':
        previews += 1
        return previewOf(a.request as ImportRequest, `p${previews}`)
      case 'import_rows': {
        const query = a.query as PreviewQuery
        const items = ROWS.filter((r) => query.status === null || r.status === query.status)
        return { items, total: items.length, page: query.page, pageSize: query.pageSize }
      }
      case 'import_commit':
        return new Promise((resolve, reject) => {
          finishCommit = { resolve: resolve as (r: ImportReport) => void, reject }
        })
      case 'cancel_import':
        return null
      case 'save_import_rejects':
        return 1
      case 'list_imports':
        return HISTORY
      case 'undo_import':
        return { ...HISTORY[0], undoneAt: '2024-03-06T00:00:00Z' }
      default:
        throw new Error(`unexpected command ${command}`)
    }
  })
  listenMock.mockImplementation(async (event: string, handler: unknown) => {
    expect(event).toBe('import-progress')
    progressHandler = handler as ProgressHandler
    return () => {
      progressHandler = null
    }
  })
}

function calls(command: string): Record<string, unknown>[] {
  return invokeMock.mock.calls.filter(([c]) => c === command).map(([, args]) => args as Record<string, unknown>)
}

function lastRequest(): ImportRequest {
  return calls('import_preview').at(-1)!.request as ImportRequest
}

const text = (testid: string) => q(`[data-testid=${testid}]`).textContent?.replace(/\s+/g, ' ').trim() ?? ''
const exists = (testid: string) => document.querySelector(`[data-testid=${testid}]`) !== null

async function click(testid: string): Promise<void> {
  q(`[data-testid=${testid}]`).click()
  await settle()
}

// Each step waits out Element Plus's transitions; a long flow takes a few seconds on a busy machine.
describe('ImportView', { timeout: 30_000 }, () => {
  let wrapper: VueWrapper | undefined

  async function render(): Promise<void> {
    const router = createAppRouter(createMemoryHistory())
    await router.push('/import')
    wrapper = mount(ImportView, { global: { plugins: [createAppI18n('zh-CN'), router] }, attachTo: document.body })
    await settle()
  }

  /** Chooses the roster in the open dialog. */
  async function chooseFile(): Promise<void> {
    vi.mocked(open).mockResolvedValueOnce(SOURCE)
    await click('import-choose-file')
  }

  beforeEach(() => {
    invokeMock.mockReset()
    listenMock.mockReset()
    vi.mocked(open).mockReset()
    vi.mocked(save).mockReset()
    previews = 0
    progressHandler = null
    finishCommit = null
    route()
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  it('reads the file chosen in the open dialog and shows its mapping, counts and rows', async () => {
    await render()
    expect(exists('import-step-mapping')).toBe(false)
    await chooseFile()

    expect(open).toHaveBeenCalledWith({
      multiple: false,
      directory: false,
      filters: [{ name: '表格文件', extensions: ['xlsx', 'xls', 'csv'] }],
      title: '选择要导入的文件',
    })
    expect(lastRequest()).toEqual({
      path: SOURCE,
      kind: 'experts',
      sheet: null,
      mapping: null,
      onDuplicate: 'skip',
      onError: 'skip',
    })
    expect(text('import-file-name')).toBe('2024年花名册.xlsx')
    expect(exists('import-sheet')).toBe(true)
    expect(text('import-mapping-remembered')).toBe('已沿用上次的列对应')
    expect(exists('import-missing-fields')).toBe(false)
    expect(text('import-preview-meta')).toBe('工作表“花名册” · 表头在第 3 行')
    expect(text('import-count-all')).toBe('全部 4')
    expect(text('import-count-error')).toBe('错误 1')

    expect(calls('import_rows')).toEqual([{ id: 'p1', query: { status: null, page: 1, pageSize: 50 } }])
    expect(text('import-row-7')).toBe('7')
    expect(text('import-row-status-4')).toBe('新增')
    expect(text('import-row-status-7')).toBe('错误')
    expect(text('import-row-issues-7')).toBe('【手机】手机号码应为 11 位数字，现为 7 位')
    expect(text('import-rows')).toContain('13800138000')
    expect(text('import-commit')).toBe('导入 3 条')

    await click('import-count-error')
    expect(calls('import_rows').at(-1)).toEqual({ id: 'p1', query: { status: 'error', page: 1, pageSize: 50 } })
    expect(exists('import-row-4')).toBe(false)
    expect(exists('import-row-7')).toBe(true)
  })

  it('judges again with the mapping as edited, and names required fields no column fills', async () => {
    await render()
    await chooseFile()

    await click('import-mapping-A-option-title')
    expect(exists('import-mapping-changed')).toBe(true)
    await click('import-recheck')
    expect(lastRequest().mapping).toEqual(['title', 'name', 'phone'])
    expect(exists('import-mapping-changed')).toBe(false)
    expect(exists('import-mapping-remembered')).toBe(false)

    await click('import-mapping-C-option-skip')
    await click('import-recheck')
    expect(lastRequest().mapping).toEqual(['title', 'name', null])
    expect(text('import-missing-fields')).toContain('缺少必填字段：手机号码')

    // A mapping the core refuses is explained in step 2, and the preview shown stays.
    invokeMock.mockRejectedValueOnce({
      code: 'validation',
      message: '输入有误，未保存：“姓名”对应了两列（A 列和 B 列）',
      messageEn: 'Invalid input',
      fields: [
        {
          field: 'mapping',
          message: '“姓名”对应了两列（A 列和 B 列）',
          messageEn: 'name is mapped to two columns (A and B)',
        },
      ],
    })
    await click('import-recheck')
    expect(text('import-mapping-error')).toBe('列对应有误：“姓名”对应了两列（A 列和 B 列）')
    expect(exists('import-error')).toBe(false)
    expect(exists('import-row-4')).toBe(true)

    // A policy change keeps the mapping; another kind lets the core find one again.
    await click('import-on-error-stop')
    expect(lastRequest()).toMatchObject({ mapping: ['title', 'name', null], onError: 'stop' })
    await click('import-kind-visits')
    expect(lastRequest()).toMatchObject({ kind: 'visits', mapping: null, sheet: '花名册', onError: 'stop' })
    expect(exists('import-on-duplicate-update')).toBe(false)
  })

  it('corrects a rejected row’s cell in the preview: the core judges it again, the row and the counts follow', async () => {
    await render()
    await chooseFile()
    const cell = (row: number, i: number) => q(`[data-testid=import-cell-${row}-${i}]`)
    expect(cell(7, 2).tagName, 'a rejected row’s mapped cell is a button').toBe('BUTTON')
    expect(cell(7, 2).classList).toContain('preview-cell--error')
    expect(cell(7, 0).tagName, 'a column filling no field is not').toBe('SPAN')
    expect(cell(4, 2).tagName, 'an accepted row is not').toBe('SPAN')
    expect(cell(6, 1).classList, 'a warning names no cell here (职称 is not a column)').not.toContain(
      'preview-cell--warning',
    )
    expect(text('import-fix-hint')).toContain('点击单元格')

    // Left as it was: nothing is sent.
    await click('import-cell-7-2')
    q('[data-testid=import-cell-7-2-editor] input').dispatchEvent(new FocusEvent('blur'))
    await settle()
    expect(calls('correct_import_cell')).toEqual([])
    expect(exists('import-cell-7-2-editor')).toBe(false)

    await click('import-cell-7-2')
    expect(q<HTMLInputElement>('[data-testid=import-cell-7-2-editor] input').value).toBe('1380013')
    await typeInto('import-cell-7-2-editor', '13800138007')
    invokeMock.mockResolvedValueOnce({
      row: { ...ROWS[3]!, status: 'new', values: ['4', '李四', '13800138007'], issues: [], corrected: [2] },
      changed: [],
      counts: { read: 4, new: 2, update: 1, duplicate: 0, warning: 1, error: 0 },
    } satisfies ImportCorrection)
    q('[data-testid=import-cell-7-2-editor] input').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }))
    await settle()
    expect(calls('correct_import_cell')).toEqual([
      { id: 'p1', correction: { row: 7, column: 2, value: '13800138007' } },
    ])
    expect(text('import-row-status-7')).toBe('新增')
    expect(text('import-row-issues-7')).toBe('')
    expect(text('import-cell-7-2')).toBe('13800138007')
    expect(cell(7, 2).classList).toContain('preview-cell--corrected')
    expect(text('import-count-error')).toBe('错误 0')
    expect(text('import-count-new')).toBe('新增 2')
    expect(text('import-commit')).toBe('导入 4 条')
    expect(calls('import_rows'), 'the page is patched, not read again').toHaveLength(1)

    // A refusal shows under the editor, which stays open; Esc puts the cell back.
    await click('import-cell-7-2')
    await typeInto('import-cell-7-2-editor', '')
    invokeMock.mockRejectedValueOnce({
      code: 'validation',
      message: '输入有误',
      messageEn: 'Invalid input',
      fields: [{ field: 'value', message: '改正后这一行成了空行', messageEn: 'The row reads as blank' }],
    })
    q('[data-testid=import-cell-7-2-editor] input').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }))
    await settle()
    expect(text('import-cell-7-2-refusal')).toBe('改正后这一行成了空行')
    q('[data-testid=import-cell-7-2-editor] input').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    await settle()
    expect(exists('import-cell-7-2-editor')).toBe(false)
    expect(text('import-cell-7-2')).toBe('13800138007')
  })

  it('shows why a file cannot be read', async () => {
    await render()
    invokeMock.mockRejectedValueOnce({
      code: 'import_file',
      message: '找不到表头行',
      messageEn: 'No header row',
      fields: [],
    })
    await chooseFile()
    expect(text('import-error')).toBe('文件无法导入：找不到表头行')
    expect(text('import-file-name')).toBe('2024年花名册.xlsx')
    expect(exists('import-step-mapping')).toBe(false)

    // With no preview shown there is no mapping to keep: a policy change reads the file afresh.
    await click('import-on-error-stop')
    expect(lastRequest()).toMatchObject({ mapping: null, onError: 'stop' })
    expect(exists('import-error')).toBe(false)
    expect(exists('import-step-mapping')).toBe(true)
  })

  it('imports with progress, then reports what was written and saves the rows not imported beside the file', async () => {
    await render()
    await chooseFile()
    await click('import-commit')

    expect(calls('import_commit')).toEqual([{ id: 'p1' }])
    expect(exists('import-progress')).toBe(true)
    progressHandler!({ payload: { id: 'p1', done: 2, total: 3 } })
    await settle()
    expect(text('import-progress-text')).toBe('已写入 2 / 3 条')
    expect(q('[data-testid=import-choose-file]').hasAttribute('disabled')).toBe(true)

    finishCommit!.resolve({
      importId: 'i3',
      read: 4,
      imported: 2,
      updated: 1,
      skipped: 0,
      rejected: REJECTED,
      warnings: [],
      written: true,
    })
    await settle()
    expect(text('import-result-title')).toBe('导入完成')
    expect(text('import-result-imported')).toBe('新增 2 条')
    expect(text('import-result-updated')).toBe('更新 1 条')
    expect(text('import-result-skipped')).toBe('跳过 0 条')
    expect(text('import-result-rejected')).toBe('未导入 1 条')
    expect(q('[data-testid=import-result-link]').getAttribute('href')).toBe('/experts')
    expect(exists('import-commit')).toBe(false)
    expect(calls('list_imports')).toHaveLength(2)

    vi.mocked(save).mockResolvedValueOnce('/home/li/表格/未导入的行-2024年花名册')
    await click('import-save-rejects')
    expect(save).toHaveBeenCalledWith({
      defaultPath: '/home/li/表格/未导入的行-2024年花名册.xlsx',
      filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }],
      title: '保存 未导入的行-2024年花名册.xlsx',
    })
    expect(calls('save_import_rejects')).toEqual([{ id: 'p1', path: '/home/li/表格/未导入的行-2024年花名册.xlsx' }])
  })

  it('cancels a running import, and says so when errors stopped one', async () => {
    await render()
    await chooseFile()
    await click('import-commit')
    await click('import-cancel')
    expect(calls('cancel_import')).toEqual([{ id: 'p1' }])
    finishCommit!.reject({ code: 'cancelled', message: '已取消，未写入任何文件', messageEn: 'Cancelled', fields: [] })
    await settle()
    expect(text('import-cancelled')).toBe('已取消导入，没有写入任何记录')
    expect(exists('import-result')).toBe(false)

    await click('import-on-error-stop')
    expect(text('import-stop-warning')).toContain('文件中有 1 行有错误')
    await click('import-commit')
    expect(calls('import_commit').at(-1)).toEqual({ id: 'p2' })
    finishCommit!.resolve({
      importId: null,
      read: 4,
      imported: 2,
      updated: 1,
      skipped: 0,
      rejected: REJECTED,
      warnings: [],
      written: false,
    })
    await settle()
    expect(text('import-result-title')).toBe('有 1 行有错误，按“有错误就全部不导入”的设置，没有导入任何记录')
    expect(exists('import-result-imported')).toBe(false)
    expect(exists('import-result-link')).toBe(false)
    expect(exists('import-save-rejects')).toBe(true)
  })

  it('lists past imports and undoes one after confirming', async () => {
    await render()
    expect(text('import-history')).toContain('企业名录.csv')
    expect(text('import-undone-i1')).toBe('已撤销')
    expect(q('[data-testid=import-undo-i1]').hasAttribute('disabled')).toBe(true)

    await click('import-undo-i2')
    expect(document.querySelector('.el-message-box')?.textContent).toContain(
      '撤销后这次导入新增的 2 条记录将被删除，更新的记录恢复原值',
    )
    q('.el-message-box__btns .el-button--primary').click()
    await settle()
    expect(calls('undo_import')).toEqual([{ id: 'i2' }])
    expect(calls('list_imports')).toHaveLength(2)
  })
})
