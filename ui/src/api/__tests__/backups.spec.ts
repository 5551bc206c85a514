import { invoke } from '@tauri-apps/api/core'
import { open } from '@tauri-apps/plugin-dialog'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import {
  ApiError,
  backupNotices,
  backupNow,
  chooseFolder,
  listBackups,
  moveDataFolder,
  recoverFromBackup,
  restoreBackup,
  startupStatus,
} from '@/api'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }))

const invokeMock = vi.mocked(invoke)

describe('data safety api', () => {
  beforeEach(() => {
    invokeMock.mockReset()
    invokeMock.mockResolvedValue(null)
  })

  it('names the commands and their camelCase arguments as the shell expects', async () => {
    await startupStatus()
    expect(invokeMock).toHaveBeenLastCalledWith('startup_status', undefined)
    await listBackups()
    expect(invokeMock).toHaveBeenLastCalledWith('list_backups', undefined)
    await backupNow(null)
    expect(invokeMock).toHaveBeenLastCalledWith('backup_now', { folder: null })
    await backupNow('E:\\')
    expect(invokeMock).toHaveBeenLastCalledWith('backup_now', { folder: 'E:\\' })
    await restoreBackup('/d/backups/ledger-20260115-083000-daily.sqlite3')
    expect(invokeMock).toHaveBeenLastCalledWith('restore_backup', {
      path: '/d/backups/ledger-20260115-083000-daily.sqlite3',
    })
    await recoverFromBackup('/d/backups/ledger-20260114-080000-daily.sqlite3')
    expect(invokeMock).toHaveBeenLastCalledWith('recover_from_backup', {
      path: '/d/backups/ledger-20260114-080000-daily.sqlite3',
    })
    await moveDataFolder('/media/li/加密盘/台账')
    expect(invokeMock).toHaveBeenLastCalledWith('move_data_folder', { to: '/media/li/加密盘/台账' })
    await backupNotices()
    expect(invokeMock).toHaveBeenLastCalledWith('backup_notices', undefined)
  })

  it('a refused move rejects as an ApiError with its code and both messages', async () => {
    invokeMock.mockRejectedValueOnce({
      code: 'unsupported',
      message: '数据文件夹由环境变量 LEDGER_DATA_DIR 指定，不能在程序中迁移',
      messageEn: 'the data folder is set by LEDGER_DATA_DIR; it cannot be moved from the app',
      fields: [],
    })
    const error = await moveDataFolder('/tmp/x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).code).toBe('unsupported')
    expect((error as ApiError).localized('en')).toContain('LEDGER_DATA_DIR')
  })

  it('asks for a folder with the open dialog in directory mode', async () => {
    vi.mocked(open).mockResolvedValueOnce('/media/li/U盘')
    await expect(chooseFolder('选择存放备份的文件夹')).resolves.toBe('/media/li/U盘')
    expect(open).toHaveBeenCalledWith({ multiple: false, directory: true, title: '选择存放备份的文件夹' })

    vi.mocked(open).mockResolvedValueOnce(null)
    await expect(chooseFolder('x')).resolves.toBeNull()

    vi.mocked(open).mockRejectedValueOnce('dialog.open not allowed')
    const failure = await chooseFolder('x').catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(ApiError)
    expect((failure as ApiError).message).toBe('dialog.open not allowed')
  })
})
