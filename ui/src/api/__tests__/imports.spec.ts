import { invoke } from '@tauri-apps/api/core'
import { open } from '@tauri-apps/plugin-dialog'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import {
  ApiError,
  cancelImport,
  chooseOpenPath,
  importCommit,
  importPreview,
  importRows,
  listImports,
  onImportProgress,
  saveImportRejects,
  saveImportTemplate,
  undoImport,
  type ImportRequest,
} from '@/api'
import { expectProgressForwarded } from './progressEvents'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }))
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const REQUEST: ImportRequest = {
  path: '/tmp/花名册.xlsx',
  kind: 'experts',
  sheet: null,
  mapping: ['name', null, 'phone'],
  onDuplicate: 'update',
  onError: 'stop',
}

describe('import api', () => {
  beforeEach(() => {
    invokeMock.mockReset()
    invokeMock.mockResolvedValue(null)
  })

  it('names the commands and their camelCase arguments as the shell expects', async () => {
    await importPreview(REQUEST)
    expect(invokeMock).toHaveBeenLastCalledWith('import_preview', { request: REQUEST })
    await importRows('p1', { status: 'error', page: 2, pageSize: 50 })
    expect(invokeMock).toHaveBeenLastCalledWith('import_rows', {
      id: 'p1',
      query: { status: 'error', page: 2, pageSize: 50 },
    })
    await importCommit('p1')
    expect(invokeMock).toHaveBeenLastCalledWith('import_commit', { id: 'p1' })
    await cancelImport('p1')
    expect(invokeMock).toHaveBeenLastCalledWith('cancel_import', { id: 'p1' })
    await saveImportRejects('p1', '/tmp/未导入的行-花名册.xlsx')
    expect(invokeMock).toHaveBeenLastCalledWith('save_import_rejects', {
      id: 'p1',
      path: '/tmp/未导入的行-花名册.xlsx',
    })
    await saveImportTemplate('needs', '/tmp/技术需求征集表导入模板.xlsx')
    expect(invokeMock).toHaveBeenLastCalledWith('save_import_template', {
      kind: 'needs',
      path: '/tmp/技术需求征集表导入模板.xlsx',
    })
    await listImports()
    expect(invokeMock).toHaveBeenLastCalledWith('list_imports', undefined)
    await undoImport('i1')
    expect(invokeMock).toHaveBeenLastCalledWith('undo_import', { id: 'i1' })
  })

  it('a cancelled import and a refused undo reject as ApiErrors with their codes', async () => {
    invokeMock.mockRejectedValueOnce({
      code: 'cancelled',
      message: '导入已取消',
      messageEn: 'Import cancelled',
      fields: [],
    })
    const cancelled = await importCommit('p1').catch((e: unknown) => e)
    expect(cancelled).toBeInstanceOf(ApiError)
    expect((cancelled as ApiError).code).toBe('cancelled')

    invokeMock.mockRejectedValueOnce({
      code: 'validation',
      message: '导入后有 2 条记录已被修改或删除，不能整体撤销；请逐条处理',
      messageEn: '2 of the imported records were changed or deleted since; the import cannot be undone as a whole',
      fields: [],
    })
    const refused = await undoImport('i1').catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(ApiError)
    expect((refused as ApiError).localized('zh-CN')).toContain('不能整体撤销')
  })

  it('wraps the open dialog and the progress events', async () => {
    const filters = [{ name: '表格文件', extensions: ['xlsx', 'xls', 'csv'] }]
    vi.mocked(open).mockResolvedValueOnce('/tmp/a.csv')
    await expect(chooseOpenPath(filters, '选择要导入的文件')).resolves.toBe('/tmp/a.csv')
    expect(open).toHaveBeenCalledWith({ multiple: false, directory: false, filters, title: '选择要导入的文件' })

    vi.mocked(open).mockResolvedValueOnce(null)
    await expect(chooseOpenPath(filters)).resolves.toBeNull()

    vi.mocked(open).mockRejectedValueOnce('dialog.open not allowed')
    const failure = await chooseOpenPath(filters).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(ApiError)
    expect((failure as ApiError).message).toBe('dialog.open not allowed')

    await expectProgressForwarded(onImportProgress, 'import-progress', { id: 'p1', done: 64, total: 200 })
  })
})
