import { invoke } from '@tauri-apps/api/core'
import { save } from '@tauri-apps/plugin-dialog'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import {
  ApiError,
  cancelExport,
  chooseSavePath,
  exportColumns,
  exportFile,
  onExportProgress,
  reportSettings,
  revealExport,
  saveReportSettings,
  statistics,
  type ExportRequest,
} from '@/api'
import { expectProgressForwarded } from './progressEvents'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }))
vi.mock('@tauri-apps/plugin-dialog', () => ({ save: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const FILTER = { period: '2024-Q1', region: '宁波市', organizationId: null, batchId: 'b1' }

describe('statistics and export api', () => {
  beforeEach(() => {
    invokeMock.mockReset()
    invokeMock.mockResolvedValue(null)
  })

  it('names the commands and their camelCase arguments as the shell expects', async () => {
    await statistics(FILTER)
    expect(invokeMock).toHaveBeenLastCalledWith('statistics', { filter: FILTER })
    await reportSettings()
    expect(invokeMock).toHaveBeenLastCalledWith('report_settings', undefined)
    await saveReportSettings({ reportingUnit: '科技局', reporter: '李四' })
    expect(invokeMock).toHaveBeenLastCalledWith('save_report_settings', {
      settings: { reportingUnit: '科技局', reporter: '李四' },
    })
    await exportColumns('roster')
    expect(invokeMock).toHaveBeenLastCalledWith('export_columns', { kind: 'roster' })
    const request: ExportRequest = {
      kind: 'services',
      format: 'csv',
      filter: FILTER,
      columns: ['a'],
      includeFullId: false,
    }
    await exportFile(request, '/tmp/x.csv', 'job-1')
    expect(invokeMock).toHaveBeenLastCalledWith('export_file', { request, path: '/tmp/x.csv', jobId: 'job-1' })
    await cancelExport('job-1')
    expect(invokeMock).toHaveBeenLastCalledWith('cancel_export', { jobId: 'job-1' })
    await revealExport('/tmp/x.csv')
    expect(invokeMock).toHaveBeenLastCalledWith('reveal_export', { path: '/tmp/x.csv' })
  })

  it('a cancelled export rejects as an ApiError with code "cancelled"', async () => {
    invokeMock.mockRejectedValueOnce({
      code: 'cancelled',
      message: '导出已取消',
      messageEn: 'Export cancelled',
      fields: [],
    })
    const failure = await exportFile(
      { kind: 'summary', format: 'xlsx', filter: FILTER, columns: null, includeFullId: false },
      '/tmp/x.xlsx',
      'job-2',
    ).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(ApiError)
    expect((failure as ApiError).code).toBe('cancelled')
  })

  it('wraps the save dialog and the progress events', async () => {
    vi.mocked(save).mockResolvedValueOnce('/tmp/a.xlsx')
    await expect(chooseSavePath('a.xlsx', [{ name: 'Excel', extensions: ['xlsx'] }])).resolves.toBe('/tmp/a.xlsx')
    expect(save).toHaveBeenCalledWith({ defaultPath: 'a.xlsx', filters: [{ name: 'Excel', extensions: ['xlsx'] }] })

    vi.mocked(save).mockRejectedValueOnce('dialog.save not allowed')
    const failure = await chooseSavePath('a.xlsx', []).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(ApiError)
    expect((failure as ApiError).message).toBe('dialog.save not allowed')

    await expectProgressForwarded(onExportProgress, 'export-progress', { jobId: 'j', done: 1, total: 2 })
  })
})
