import { invoke } from '@tauri-apps/api/core'
import { open } from '@tauri-apps/plugin-dialog'
import { type VueWrapper } from '@vue/test-utils'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BackupEntry, MoveReport, RestoreReport } from '@/api'
import { reloadWindow } from '@/utils/reload'
import { answerMessageBox as answer, messageBox } from '@/test-utils/messageBox'
import { freshPagePerTest, q, settle as settleAll, type TestLocale } from '@/test-utils/mount'
import DataSafetyPanel from '../DataSafetyPanel.vue'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }))
vi.mock('@/utils/reload', () => ({ reloadWindow: vi.fn() }))

const invokeMock = vi.mocked(invoke)
const settle = () => settleAll(0)
const openMock = vi.mocked(open)

const DATA_DIR = 'C:\\Users\\li\\AppData\\Roaming\\st-ledger'

function entry(fileName: string, createdAt: string, reason: BackupEntry['reason'], sizeBytes: number): BackupEntry {
  return {
    fileName,
    path: `${DATA_DIR}\\backups\\${fileName}`,
    createdAt,
    sizeBytes,
    reason,
    schemaVersion: 9,
    attachmentFiles: 0,
    missingFiles: [],
    encrypted: false,
  }
}

/** What a restore from `path` answers: the same schema, no attachments, no safety backup. */
function restored(path: unknown): RestoreReport {
  return {
    restoredFrom: String(path),
    fromSchemaVersion: 9,
    schemaVersion: 9,
    safetyBackup: null,
    attachmentFiles: 0,
    missingFiles: [],
    reconciled: { healed: [], moved: [], notMoved: [] },
  }
}

const DAILY = entry('ledger-20260115-083000-daily.sqlite3', '2026-01-15T00:30:00Z', 'daily', 12_900_000)
const MIGRATION = entry(
  'ledger-20260110-090000-migration.sqlite3',
  '2026-01-10T01:00:00Z',
  'migration',
  2 * 1024 * 1024 * 1024,
)
const MANUAL = entry('ledger-20260116-100000-manual.sqlite3', '2026-01-16T02:00:00Z', 'manual', 13_000_000)

let backups: BackupEntry[]

function route(overrides: Record<string, (args: Record<string, unknown>) => unknown> = {}): void {
  invokeMock.mockImplementation(async (command: string, args?: unknown) => {
    const a = (args ?? {}) as Record<string, unknown>
    const override = overrides[command]
    if (override) return override(a)
    switch (command) {
      case 'app_info':
        return { version: '0.1.0', dataDir: DATA_DIR, dbPath: `${DATA_DIR}\\ledger.sqlite3`, schemaVersion: 9 }
      case 'list_backups':
        return backups
      case 'backup_now':
        if (a.folder === null) backups = [MANUAL, ...backups]
        return MANUAL
      default:
        throw new Error(`unexpected command ${command}`)
    }
  })
}

const byTestid = (testid: string) => q(`[data-testid="${testid}"]`)
const exists = (testid: string) => document.querySelector(`[data-testid="${testid}"]`) !== null
const calls = (command: string) => invokeMock.mock.calls.filter(([c]) => c === command).map(([, args]) => args)

describe('DataSafetyPanel', () => {
  const page = freshPagePerTest(invokeMock)
  const originalTz = process.env.TZ

  beforeAll(() => {
    process.env.TZ = 'Asia/Shanghai'
  })

  afterAll(() => {
    process.env.TZ = originalTz
  })

  async function render(locale: TestLocale = 'zh-CN'): Promise<VueWrapper> {
    const wrapper = page.mount(DataSafetyPanel, { locale })
    await settle()
    return wrapper
  }

  beforeEach(() => {
    backups = [DAILY, MIGRATION]
    openMock.mockReset()
    vi.mocked(reloadWindow).mockReset()
    route()
  })

  it('shows the data folder and the backups with local time, type, size in MB and version', async () => {
    await render()
    expect(byTestid('data-dir').textContent).toBe(DATA_DIR)
    expect(byTestid(`backup-row-${DAILY.fileName}`).textContent?.trim()).toBe('2026-01-15 08:30')
    const rows = [...document.querySelectorAll('[data-testid=backups-table] .el-table__body tr')]
    expect(rows.map((r) => [...r.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent?.trim()))).toEqual([
      ['2026-01-15 08:30', '每日', '12.3', '9'],
      ['2026-01-10 09:00', '升级前', '2,048.0', '9'],
    ])
    expect(document.querySelector(`[data-testid="backup-restore-${MIGRATION.fileName}"]`)).not.toBeNull()
  })

  it('backs up now into backups/, names the file and lists it', async () => {
    await render()
    byTestid('backup-now').click()
    await settle()
    expect(calls('backup_now')).toEqual([{ folder: null }])
    expect(document.body.textContent).toContain(`已备份：${MANUAL.fileName}`)
    expect(calls('list_backups')).toHaveLength(2)
    expect(document.querySelector(`[data-testid="backup-row-${MANUAL.fileName}"]`)).not.toBeNull()
  })

  it('backs up into a folder picked with the folder dialog, and does nothing when it is closed', async () => {
    await render()
    openMock.mockResolvedValueOnce(null)
    byTestid('backup-to-folder').click()
    await settle()
    expect(calls('backup_now')).toEqual([])

    openMock.mockResolvedValueOnce('E:\\台账备份')
    byTestid('backup-to-folder').click()
    await settle()
    expect(openMock).toHaveBeenLastCalledWith(expect.objectContaining({ directory: true }))
    expect(calls('backup_now')).toEqual([{ folder: 'E:\\台账备份' }])
    expect(document.body.textContent).toContain(`已备份到 E:\\台账备份：${MANUAL.fileName}`)
  })

  it('says why a backup failed, in the interface language', async () => {
    route({
      backup_now: () => {
        throw { code: 'insufficient_space', message: '磁盘空间不足', messageEn: 'Not enough disk space', fields: [] }
      },
    })
    await render('en')
    byTestid('backup-now').click()
    await settle()
    expect(document.body.textContent).toContain('Backup failed: Not enough disk space')
  })

  it('restores a listed backup only after confirming, then says what was kept and reloads', async () => {
    const report: RestoreReport = {
      restoredFrom: MIGRATION.path,
      fromSchemaVersion: 8,
      schemaVersion: 9,
      attachmentFiles: 0,
      missingFiles: [],
      reconciled: {
        healed: [],
        moved: [{ from: 'attachments/2026/a.png', to: 'attachments-orphaned/2026-01-16/2026/a.png' }],
        notMoved: [],
      },
      safetyBackup: entry('ledger-20260116-101500-restore.sqlite3', '2026-01-16T02:15:00Z', 'restore', 13_000_000),
    }
    route({ restore_backup: () => report })
    await render()

    byTestid(`backup-restore-${MIGRATION.fileName}`).click()
    await settle()
    expect(messageBox().textContent).toContain('恢复将用该备份替换当前数据；恢复前会先自动备份当前数据库')
    await answer(false)
    expect(calls('restore_backup')).toEqual([])

    byTestid(`backup-restore-${MIGRATION.fileName}`).click()
    await settle()
    await answer(true)
    expect(calls('restore_backup')).toEqual([{ path: MIGRATION.path }])
    const done = messageBox().textContent
    expect(done).toContain(`已从“${MIGRATION.fileName}”恢复数据。`)
    expect(done).toContain('恢复前的数据库已备份为“ledger-20260116-101500-restore.sqlite3”')
    expect(done).toContain('恢复的数据库没有记录的 1 个附件文件已移到 attachments-orphaned/2026-01-16（未删除）')
    expect(reloadWindow).not.toHaveBeenCalled()
    await answer(true)
    expect(reloadWindow).toHaveBeenCalledTimes(1)
  })

  it('restores from a .sqlite3 file picked with the open dialog', async () => {
    route({ restore_backup: (a) => restored(a.path) })
    await render()
    openMock.mockResolvedValueOnce('/media/li/U盘/ledger-20251231-170000-manual.sqlite3')
    byTestid('restore-from-file').click()
    await settle()
    expect(openMock).toHaveBeenLastCalledWith(
      expect.objectContaining({
        directory: false,
        filters: [{ name: '台账备份或数据库', extensions: ['zip', 'sqlite3', 'db'] }],
      }),
    )
    expect(messageBox().textContent).toContain('确定用“ledger-20251231-170000-manual.sqlite3”恢复吗？')
    await answer(true)
    expect(calls('restore_backup')).toEqual([{ path: '/media/li/U盘/ledger-20251231-170000-manual.sqlite3' }])
    await answer(true)
    expect(reloadWindow).toHaveBeenCalledTimes(1)
  })

  it('asks for the password of a backup encrypted under another password, and restores with it', async () => {
    route({
      restore_backup: (a) => {
        if (a.secret !== 'usb-password') {
          throw { code: 'locked', message: '台账已设置密码', messageEn: 'locked', fields: [] }
        }
        return restored(a.path)
      },
    })
    await render()
    openMock.mockResolvedValueOnce('/media/li/U盘/ledger.zip')
    byTestid('restore-from-file').click()
    await settle()
    await answer(true)
    expect(messageBox().textContent).toContain('这份备份设置了应用密码')
    const input = messageBox().querySelector<HTMLInputElement>('input[type="password"]')!
    input.value = 'usb-password'
    input.dispatchEvent(new Event('input'))
    await settle()
    await answer(true)
    expect(calls('restore_backup')).toEqual([
      { path: '/media/li/U盘/ledger.zip' },
      { path: '/media/li/U盘/ledger.zip', secret: 'usb-password' },
    ])
    await answer(true)
    expect(reloadWindow).toHaveBeenCalledTimes(1)
  })

  it('shows a refused restore and does not reload', async () => {
    route({
      restore_backup: () => {
        throw {
          code: 'damaged_file',
          message: '文件已损坏，未做任何更改',
          messageEn: 'The file is damaged',
          fields: [],
        }
      },
    })
    await render()
    byTestid(`backup-restore-${DAILY.fileName}`).click()
    await settle()
    await answer(true)
    expect(document.body.textContent).toContain('恢复失败：文件已损坏，未做任何更改')
    expect(reloadWindow).not.toHaveBeenCalled()
    expect(byTestid('backup-now').hasAttribute('disabled')).toBe(false)
  })

  it('moves the data folder after confirming and shows the report', async () => {
    const to = 'F:\\加密盘\\台账'
    const report: MoveReport = {
      from: DATA_DIR,
      to,
      dbPath: `${to}\\ledger.sqlite3`,
      attachmentFiles: 12,
      attachmentBytes: 3 * 1024 * 1024,
      backupFiles: 0,
      locationFile: 'C:\\Users\\li\\AppData\\Roaming\\st-ledger\\data-location.json',
    }
    let moved = false
    route({
      move_data_folder: () => {
        moved = true
        return report
      },
      app_info: () => ({ version: '0.1.0', dataDir: moved ? to : DATA_DIR, dbPath: '', schemaVersion: 9 }),
    })
    const w = await render()
    openMock.mockResolvedValueOnce(to)
    byTestid('move-data-folder').click()
    await settle()
    expect(messageBox().textContent).toContain('数据库和附件会复制到新位置并校验，原文件夹保留不删除')
    await answer(true)
    expect(calls('move_data_folder')).toEqual([{ to }])
    expect(messageBox().textContent).toContain('12 个附件（3.0 MB）已复制并校验')
    expect(byTestid('data-dir').textContent).toBe(to)
    expect(w.emitted('moved')).toEqual([[report]])
  })

  it('says why the data folder cannot be moved', async () => {
    route({
      move_data_folder: () => {
        throw {
          code: 'unsupported',
          message: '数据文件夹由环境变量 LEDGER_DATA_DIR 指定，不能在程序中迁移',
          messageEn: 'the data folder is set by LEDGER_DATA_DIR; it cannot be moved from the app',
          fields: [],
        }
      },
    })
    await render()
    openMock.mockResolvedValueOnce('/tmp/new')
    byTestid('move-data-folder').click()
    await settle()
    await answer(true)
    expect(document.body.textContent).toContain(
      '迁移失败，仍使用原数据文件夹：数据文件夹由环境变量 LEDGER_DATA_DIR 指定',
    )
  })

  it('tags the backups that are not encrypted once the ledger has a password', async () => {
    backups = [{ ...MANUAL, encrypted: true }, DAILY]
    const lockStatus = (passwordSet: boolean) => () => ({
      passwordSet,
      locked: false,
      retryAfterSeconds: 0,
      idleLockMinutes: 15,
    })
    route({ lock_status: lockStatus(true) })
    await render()
    expect(exists(`backup-plain-${DAILY.fileName}`)).toBe(true)
    expect(byTestid(`backup-plain-${DAILY.fileName}`).textContent?.trim()).toBe('未加密')
    expect(exists(`backup-plain-${MANUAL.fileName}`)).toBe(false)
  })
})
