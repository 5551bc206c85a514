import { invoke } from '@tauri-apps/api/core'
import { describe, expect, it, vi } from 'vitest'
import type { IntegrityReport, ReconcileReport } from '@/api'
import { createAppI18n } from '@/i18n'
import { answerMessageBox as answer, messageBox } from '@/test-utils/messageBox'
import { freshPagePerTest, q, settle as settleAll, type TestLocale } from '@/test-utils/mount'
import IntegritySection from '../IntegritySection.vue'
import { inDataFolder, quarantineFolderOf, reconcileSummary } from '../integrityCheck'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)
const settle = () => settleAll(0)

const DATA_DIR = 'C:\\Users\\li\\AppData\\Roaming\\st-ledger'
const ORPHAN = 'attachments/2026/0191d0f2-aaaa-7bbb-8ccc-000000000001.png'

const EMPTY: ReconcileReport = { healed: [], moved: [], notMoved: [] }
const MOVED: ReconcileReport = {
  healed: [{ attachmentId: 'a1', path: 'attachments/2024/a1.png', from: 'attachments/2019/copy.png' }],
  moved: [{ from: ORPHAN, to: `attachments-orphaned/2026-12-07/2026/0191d0f2-aaaa-7bbb-8ccc-000000000001.png` }],
  notMoved: [{ path: 'attachments/2026/held.pdf', reason: 'Permission denied (os error 13)' }],
}

function integrity(orphanFiles: string[], problems: string[] = []): IntegrityReport {
  return { ok: problems.length === 0, schemaVersion: 9, problems, orphanFiles }
}

const byTestid = (testid: string) => q(`[data-testid="${testid}"]`)
const exists = (testid: string) => document.querySelector(`[data-testid="${testid}"]`) !== null
const calls = (command: string) => invokeMock.mock.calls.filter(([c]) => c === command)

describe('integrityCheck', () => {
  const { t } = createAppI18n('zh-CN').global

  it('writes a path inside the data folder with the separator the data folder uses', () => {
    expect(inDataFolder(DATA_DIR, 'attachments-orphaned')).toBe(`${DATA_DIR}\\attachments-orphaned`)
    expect(inDataFolder('/home/li/.local/share/st-ledger/', 'attachments-orphaned/2026-12-07')).toBe(
      '/home/li/.local/share/st-ledger/attachments-orphaned/2026-12-07',
    )
  })

  it("takes the day's folder from the first moved file, none when nothing was moved", () => {
    expect(quarantineFolderOf(MOVED)).toBe('attachments-orphaned/2026-12-07')
    expect(quarantineFolderOf(EMPTY)).toBeNull()
  })

  it('says what was put back, moved and left with why, or that there was nothing to do', () => {
    expect(reconcileSummary(MOVED, DATA_DIR, t)).toEqual([
      '1 个文件已放回所属附件的原处。',
      `1 个文件已移到 ${DATA_DIR}\\attachments-orphaned\\2026-12-07（未删除）。`,
      '1 个文件未能移动，仍在原处：',
      'attachments/2026/held.pdf: Permission denied (os error 13)',
    ])
    expect(reconcileSummary(EMPTY, DATA_DIR, t)).toEqual(['没有需要整理的文件。'])
  })
})

describe('IntegritySection', () => {
  const page = freshPagePerTest(invokeMock)

  function route(checks: IntegrityReport[], reconciled: ReconcileReport = MOVED): void {
    invokeMock.mockImplementation(async (command: string) => {
      if (command === 'check_integrity') return checks.length > 1 ? checks.shift() : checks[0]
      if (command === 'reconcile_attachments') return reconciled
      throw new Error(`unexpected command ${command}`)
    })
  }

  async function render(locale: TestLocale = 'zh-CN'): Promise<void> {
    page.mount(IntegritySection, { locale, props: { dataDir: DATA_DIR } })
    await settle()
  }

  it('checks only when asked, then says the database is sound and there are no orphans', async () => {
    route([integrity([])])
    await render()
    expect(calls('check_integrity')).toEqual([])
    byTestid('integrity-check').click()
    await settle()
    expect(byTestid('integrity-passed').textContent).toContain('数据库完好（数据版本 9）')
    expect(exists('integrity-no-orphans')).toBe(true)
    expect(exists('reconcile-orphans')).toBe(false)
  })

  it('lists the problems of a damaged database', async () => {
    route([integrity([], ['row 3 missing from index'])])
    await render('en')
    byTestid('integrity-check').click()
    await settle()
    expect(byTestid('integrity-problems').textContent).toContain('row 3 missing from index')
  })

  it('asks before tidying up, saying the files are moved and where, then tells what was done and checks again', async () => {
    route([integrity([ORPHAN]), integrity([])])
    await render()
    byTestid('integrity-check').click()
    await settle()
    expect(byTestid('integrity-orphans').textContent).toContain(ORPHAN)

    byTestid('reconcile-orphans').click()
    await settle()
    const question = messageBox().textContent ?? ''
    expect(question).toContain('这 1 个文件不会被删除')
    expect(question).toContain(`移到 ${DATA_DIR}\\attachments-orphaned 中以今天日期命名的文件夹里`)
    await answer(false)
    expect(calls('reconcile_attachments')).toEqual([])

    byTestid('reconcile-orphans').click()
    await settle()
    await answer(true)
    expect(calls('reconcile_attachments')).toHaveLength(1)
    expect(calls('check_integrity')).toHaveLength(2)
    const done = messageBox().textContent ?? ''
    expect(done).toContain(`1 个文件已移到 ${DATA_DIR}\\attachments-orphaned\\2026-12-07（未删除）`)
    expect(done).toContain('attachments/2026/held.pdf: Permission denied')
    await answer(true)
    expect(exists('integrity-no-orphans')).toBe(true)
  })

  it('shows at most twenty orphaned files and counts the rest', async () => {
    route([integrity(Array.from({ length: 25 }, (_, i) => `attachments/2026/f${i}.png`))])
    await render()
    byTestid('integrity-check').click()
    await settle()
    const items = document.querySelectorAll('[data-testid="integrity-orphans"] li')
    expect(items).toHaveLength(21)
    expect(items[20]!.textContent).toContain('……等共 25 个')
  })

  it('says why a reconciliation failed, in the interface language', async () => {
    route([integrity([ORPHAN])])
    invokeMock.mockImplementation(async (command: string) => {
      if (command === 'check_integrity') return integrity([ORPHAN])
      throw { code: 'io', message: '磁盘错误', messageEn: 'Disk error', fields: [] }
    })
    await render('en')
    byTestid('integrity-check').click()
    await settle()
    byTestid('reconcile-orphans').click()
    await settle()
    await answer(true)
    expect(document.body.textContent).toContain('Tidying up the orphaned files failed: Disk error')
  })
})
