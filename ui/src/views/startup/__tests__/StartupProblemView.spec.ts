import { invoke } from '@tauri-apps/api/core'
import { open } from '@tauri-apps/plugin-dialog'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BackupEntry, ErrorPayload, RestoreReport, StartupStatus } from '@/api'
import { reloadWindow } from '@/utils/reload'
import { messageBox } from '@/test-utils/messageBox'
import { freshPagePerTest, q, settle as settleAll, type TestLocale } from '@/test-utils/mount'
import StartupProblemView from '../StartupProblemView.vue'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }))
vi.mock('@/utils/reload', () => ({ reloadWindow: vi.fn() }))

const invokeMock = vi.mocked(invoke)
const settle = () => settleAll(0)
const openMock = vi.mocked(open)

const DATA_DIR = '/home/li/.local/share/st-ledger'

const NEWEST: BackupEntry = {
  fileName: 'ledger-20260115-083000-daily.sqlite3',
  path: `${DATA_DIR}/backups/ledger-20260115-083000-daily.sqlite3`,
  createdAt: '2026-01-15T00:30:00Z',
  sizeBytes: 12_900_000,
  reason: 'daily',
  schemaVersion: 9,
  attachmentFiles: 0,
  missingFiles: [],
  encrypted: false,
}

const DAMAGED: ErrorPayload = {
  code: 'integrity',
  message: '数据库文件已损坏，未打开，也未做任何改动（完整性检查：page 3 is never used）。请从备份恢复',
  messageEn: 'database integrity check failed: page 3 is never used',
  fields: [],
}

const TOO_NEW: ErrorPayload = {
  code: 'schema_too_new',
  message: '数据库版本（12）高于本程序支持的版本（9），请升级程序后再打开',
  messageEn: 'database schema version 12 is newer than this app supports (9); update the app',
  fields: [],
}

function report(path: string): RestoreReport {
  return {
    restoredFrom: path,
    fromSchemaVersion: 9,
    schemaVersion: 9,
    attachmentFiles: 0,
    missingFiles: [],
    reconciled: { healed: [], moved: [], notMoved: [] },
    safetyBackup: { ...NEWEST, fileName: 'ledger-20260116-090000-damaged.sqlite3', reason: 'damaged' },
  }
}

const byTestid = (testid: string) => q(`[data-testid="${testid}"]`)
const exists = (testid: string) => document.querySelector(`[data-testid="${testid}"]`) !== null
const calls = (command: string) => invokeMock.mock.calls.filter(([c]) => c === command).map(([, args]) => args)

/** Types `text` into the password box of the message box opened last and confirms it. */
async function typeIntoPrompt(text: string): Promise<void> {
  const input = messageBox().querySelector<HTMLInputElement>('input[type="password"]')!
  input.value = text
  input.dispatchEvent(new Event('input'))
  await settle()
  await confirmBox()
}

async function confirmBox(): Promise<void> {
  messageBox().querySelector<HTMLElement>('.el-message-box__btns .el-button--primary')!.click()
  await settle()
}

describe('StartupProblemView', () => {
  const page = freshPagePerTest(invokeMock)
  const originalTz = process.env.TZ

  beforeAll(() => {
    process.env.TZ = 'Asia/Shanghai'
  })

  afterAll(() => {
    process.env.TZ = originalTz
  })

  async function render(status: StartupStatus, locale: TestLocale = 'zh-CN'): Promise<void> {
    page.mount(StartupProblemView, { locale, props: { status } })
    await settle()
  }

  beforeEach(() => {
    openMock.mockReset()
    vi.mocked(reloadWindow).mockReset()
    invokeMock.mockImplementation(async (command: string, args?: unknown) => {
      if (command === 'recover_from_backup') return report((args as { path: string }).path)
      throw new Error(`unexpected command ${command}`)
    })
  })

  it('says why the database cannot be opened, where the data is, and offers the newest good backup', async () => {
    await render({ problem: DAMAGED, newestBackup: NEWEST, dataDir: DATA_DIR, checking: false })
    expect(byTestid('startup-problem').textContent).toContain('数据库无法打开')
    expect(byTestid('startup-problem-message').textContent).toBe(DAMAGED.message)
    expect(byTestid('startup-data-dir').textContent).toBe(DATA_DIR)
    expect(byTestid('startup-newest-backup').textContent?.trim()).toBe(
      '最近一份完好的备份：2026-01-15 08:30（12.3 MB）',
    )
    expect(exists('startup-recover-newest')).toBe(true)
    expect(exists('startup-recover-file')).toBe(true)
  })

  it('recovers from the newest backup after confirming, then reloads', async () => {
    await render({ problem: DAMAGED, newestBackup: NEWEST, dataDir: DATA_DIR, checking: false })
    byTestid('startup-recover-newest').click()
    await settle()
    expect(messageBox().textContent).toContain(`将用“${NEWEST.fileName}”替换无法打开的数据库`)
    await confirmBox()
    expect(calls('recover_from_backup')).toEqual([{ path: NEWEST.path }])
    expect(messageBox().textContent).toContain('无法打开的原文件已留存为“ledger-20260116-090000-damaged.sqlite3”')
    await confirmBox()
    expect(reloadWindow).toHaveBeenCalledTimes(1)
  })

  it('recovers from a file picked with the open dialog when there is no good backup', async () => {
    await render({ problem: DAMAGED, newestBackup: null, dataDir: DATA_DIR, checking: false })
    expect(exists('startup-recover-newest')).toBe(false)
    expect(byTestid('startup-problem').textContent).toContain('没有找到完好的自动备份')
    openMock.mockResolvedValueOnce('/media/li/U盘/ledger-20260101-120000-manual.sqlite3')
    byTestid('startup-recover-file').click()
    await settle()
    expect(calls('recover_from_backup')).toEqual([{ path: '/media/li/U盘/ledger-20260101-120000-manual.sqlite3' }])
    await confirmBox()
    expect(reloadWindow).toHaveBeenCalledTimes(1)
  })

  it('for a file made by a newer version, says so and offers only a file, in English too', async () => {
    await render({ problem: TOO_NEW, newestBackup: NEWEST, dataDir: DATA_DIR, checking: false }, 'en')
    expect(byTestid('startup-problem').textContent).toContain('The database cannot be opened')
    expect(byTestid('startup-problem-message').textContent).toBe(TOO_NEW.messageEn)
    expect(byTestid('startup-problem').textContent).toContain('made by a newer version of this app')
    expect(exists('startup-recover-newest')).toBe(false)
    expect(exists('startup-recover-file')).toBe(true)
  })

  const IN_USE: ErrorPayload = {
    code: 'in_use',
    message: '数据库正被另一个程序窗口或脚本使用，请先关闭它',
    messageEn: 'in use',
    fields: [],
  }

  it('while another program holds the file, says to close it and offers 重试 but no recovery', async () => {
    await render({ problem: IN_USE, newestBackup: NEWEST, dataDir: DATA_DIR, checking: false })
    expect(byTestid('startup-check').textContent).toContain('请关闭另一个打开了本台账的程序窗口')
    expect(byTestid('startup-retry').textContent?.trim()).toBe('重试')
    expect(exists('startup-recover-newest')).toBe(false)
    expect(exists('startup-recover-file')).toBe(false)
  })

  it('for a read-only folder, says to check its permissions, in English too', async () => {
    const readOnly: ErrorPayload = { code: 'read_only', message: '只读', messageEn: 'read-only', fields: [] }
    await render({ problem: readOnly, newestBackup: NEWEST, dataDir: DATA_DIR, checking: false }, 'en')
    expect(byTestid('startup-check').textContent).toContain("Check the folder's permissions")
    expect(byTestid('startup-retry').textContent?.trim()).toBe('Try again')
    expect(exists('startup-recover-newest')).toBe(false)
  })

  it('for an I/O failure, says to check the disk', async () => {
    const io: ErrorPayload = { code: 'io', message: '文件读写失败：Input/output error', messageEn: 'io', fields: [] }
    await render({ problem: io, newestBackup: NEWEST, dataDir: DATA_DIR, checking: false })
    expect(byTestid('startup-check').textContent).toContain('请检查磁盘')
    expect(exists('startup-retry')).toBe(true)
    expect(exists('startup-recover-newest')).toBe(false)
    expect(exists('startup-recover-file')).toBe(false)
  })

  it('retries in place: still held, it says so and stays; once free, the window reloads', async () => {
    const answers: StartupStatus[] = [
      { problem: IN_USE, newestBackup: NEWEST, dataDir: DATA_DIR, checking: false },
      { problem: null, newestBackup: null, dataDir: DATA_DIR, checking: false },
    ]
    invokeMock.mockImplementation(async (command: string) => {
      if (command === 'retry_open') return answers.shift()
      throw new Error(`unexpected command ${command}`)
    })
    await render({ problem: IN_USE, newestBackup: NEWEST, dataDir: DATA_DIR, checking: false })
    byTestid('startup-retry').click()
    await settle()
    expect(document.body.textContent).toContain(`仍无法打开：${IN_USE.message}`)
    expect(reloadWindow).not.toHaveBeenCalled()
    expect(byTestid('startup-retry').classList.contains('is-loading')).toBe(false)
    byTestid('startup-retry').click()
    await settle()
    expect(calls('retry_open')).toHaveLength(2)
    expect(reloadWindow).toHaveBeenCalledTimes(1)
  })

  it('for a missing database beside its backups, explains and offers the newest good backup with its date', async () => {
    const missing: ErrorPayload = {
      code: 'ledger_missing',
      message: '找不到数据库文件，但备份文件夹中有 3 份备份',
      messageEn: 'missing',
      fields: [],
    }
    await render({ problem: missing, newestBackup: NEWEST, dataDir: DATA_DIR, checking: false })
    expect(byTestid('startup-explanation').textContent).toContain('程序没有新建台账')
    expect(byTestid('startup-newest-backup').textContent?.trim()).toBe(
      '最近一份完好的备份：2026-01-15 08:30（12.3 MB）',
    )
    expect(exists('startup-recover-newest')).toBe(true)
    expect(exists('startup-retry')).toBe(false)
  })

  it('shows a failed recovery and stays', async () => {
    invokeMock.mockRejectedValue({
      code: 'not_a_ledger',
      message: '文件不是本程序的台账数据库',
      messageEn: 'not a ledger',
      fields: [],
    })
    await render({ problem: DAMAGED, newestBackup: null, dataDir: DATA_DIR, checking: false })
    openMock.mockResolvedValueOnce('/tmp/other.db')
    byTestid('startup-recover-file').click()
    await settle()
    expect(document.body.textContent).toContain('恢复失败：文件不是本程序的台账数据库')
    expect(reloadWindow).not.toHaveBeenCalled()
    expect(byTestid('startup-recover-file').hasAttribute('disabled')).toBe(false)
  })

  it('asks for the password of an encrypted backup, says a wrong one, and recovers with the right one', async () => {
    const refusal = (code: 'locked' | 'wrong_password', message: string): ErrorPayload => ({
      code,
      message,
      messageEn: code,
      fields: [],
    })
    invokeMock.mockImplementation(async (command: string, args?: unknown) => {
      const { path, secret } = args as { path: string; secret?: string }
      if (command !== 'recover_from_backup') throw new Error(`unexpected command ${command}`)
      if (secret === undefined) throw refusal('locked', '台账已设置密码')
      if (secret !== 'right-password') throw refusal('wrong_password', '密码或恢复码不正确，未做任何改动')
      return report(path)
    })
    await render({ problem: DAMAGED, newestBackup: NEWEST, dataDir: DATA_DIR, checking: false })
    byTestid('startup-recover-newest').click()
    await settle()
    await confirmBox()
    expect(messageBox().textContent).toContain('这份备份设置了应用密码')
    await typeIntoPrompt('wrong-password')
    expect(messageBox().textContent).toContain('密码或恢复码不正确，未做任何改动')
    await typeIntoPrompt('right-password')
    expect(calls('recover_from_backup')).toEqual([
      { path: NEWEST.path },
      { path: NEWEST.path, secret: 'wrong-password' },
      { path: NEWEST.path, secret: 'right-password' },
    ])
    await confirmBox()
    expect(reloadWindow).toHaveBeenCalledTimes(1)
  })

  it('closing the password box stops the recovery quietly and leaves the buttons usable', async () => {
    invokeMock.mockRejectedValue({ code: 'locked', message: '台账已设置密码', messageEn: 'locked', fields: [] })
    await render({ problem: DAMAGED, newestBackup: null, dataDir: DATA_DIR, checking: false })
    openMock.mockResolvedValueOnce('/media/li/U盘/ledger.zip')
    byTestid('startup-recover-file').click()
    await settle()
    expect(messageBox().querySelector('input')?.getAttribute('type')).toBe('password')
    messageBox().querySelector<HTMLElement>('.el-message-box__btns .el-button:not(.el-button--primary)')!.click()
    await settle()
    expect(calls('recover_from_backup')).toHaveLength(1)
    expect(document.body.textContent).not.toContain('恢复失败')
    expect(byTestid('startup-recover-file').hasAttribute('disabled')).toBe(false)
  })
})
