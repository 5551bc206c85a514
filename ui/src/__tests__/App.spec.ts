import { invoke } from '@tauri-apps/api/core'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import App from '@/App.vue'
import { createAppI18n, LOCALE_STORAGE_KEY } from '@/i18n'

import { fakeClockPerTest, routerAt } from '@/test-utils/mount'
import { quietDashboardFixture } from '@/views/dashboard/__tests__/fixtures'
import { statisticsFixture } from '@/views/statistics/__tests__/fixtures'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const DATA_DIR = 'C:\\Users\\li\\AppData\\Roaming\\st-ledger'

/** The answers to the start-up questions; a test may set a problem or notices before rendering. */
let startup: { problem: unknown; newestBackup: unknown; dataDir: string; checking: boolean }
let notices: unknown[]
/** The app password's status (see src/api/security.ts). */
let lock: { passwordSet: boolean; locked: boolean; retryAfterSeconds: number; idleLockMinutes: number | null }

const LOCKED = {
  code: 'locked',
  message: '台账已设置密码，请输入密码或恢复码后打开（未读取或改动任何内容）',
  messageEn: 'locked',
  fields: [],
}

describe('App shell', () => {
  let wrapper: VueWrapper | undefined

  async function render(path: string) {
    const router = await routerAt(path)
    const i18n = createAppI18n()
    wrapper = mount(App, { global: { plugins: [i18n, router] }, attachTo: document.body })
    await flushPromises()
    return { w: wrapper, router, i18n }
  }

  beforeEach(() => {
    window.localStorage.clear()
    startup = { problem: null, newestBackup: null, dataDir: DATA_DIR, checking: false }
    notices = []
    lock = { passwordSet: false, locked: false, retryAfterSeconds: 0, idleLockMinutes: 15 }
    invokeMock.mockReset()
    invokeMock.mockImplementation(async (command: string, args?: unknown) => {
      if (command === 'startup_status') return startup
      if (command === 'lock_status') return { ...lock }
      if (command === 'unlock') {
        if ((args as { secret: string }).secret !== 'secret-pass-1') throw { ...LOCKED, code: 'wrong_password' }
        startup = { ...startup, problem: null }
        lock = { ...lock, locked: false }
        return null
      }
      if (command === 'backup_notices') return notices.splice(0)
      if (command === 'list_backups') return []
      if (command === 'app_info') {
        return { version: '0.1.0', dataDir: DATA_DIR, dbPath: `${DATA_DIR}\\ledger.db`, schemaVersion: 3 }
      }
      if (command === 'list_organizations' || command === 'list_batches') return []
      if (command === 'demo_status') return false
      if (command === 'dashboard') return quietDashboardFixture()
      if (command === 'statistics') return statisticsFixture()
      if (command === 'report_settings') return { reportingUnit: '宁波市科学技术局', reporter: '李四' }
      return { items: [], total: 0, page: 1, pageSize: 20 }
    })
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  it('shows the title and the sidebar sections in order', async () => {
    const { w } = await render('/')
    expect(w.find('.app-header__title').text()).toBe('科技专员服务台账')
    expect(document.title).toBe('科技专员服务台账')
    const items = w.findAll('[data-testid^=nav-]')
    expect(items.map((i) => i.attributes('data-testid'))).toEqual([
      'nav-dashboard',
      'nav-experts',
      'nav-enterprises',
      'nav-organizations',
      'nav-visits',
      'nav-events',
      'nav-needs',
      'nav-services',
      'nav-review',
      'nav-statistics',
      'nav-assessment',
      'nav-import',
      'nav-exchange',
      'nav-settings',
      'nav-recycle-bin',
    ])
    expect(items.map((i) => i.text())).toEqual([
      '工作台',
      '科技专员',
      '服务企业',
      '单位与批次',
      '走访记录',
      '活动',
      '技术需求',
      '服务台账',
      '审核',
      '统计导出',
      '年度考核',
      '导入数据',
      '汇总交换',
      '设置',
      '回收站',
    ])
    expect(w.find('[data-testid=dashboard-page]').exists()).toBe(true)
  })

  it('navigates from the sidebar to the experts list', async () => {
    const { w, router } = await render('/')
    await w.find('[data-testid=nav-experts]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/experts')
    expect(w.find('[data-testid=experts-page]').exists()).toBe(true)
    expect(invokeMock).toHaveBeenCalledWith('list_experts', expect.anything())
  })

  it('navigates from the sidebar to the 派出单位与批次 page', async () => {
    const { w, router } = await render('/')
    await w.find('[data-testid=nav-organizations]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/organizations')
    expect(w.find('[data-testid=organizations-page] h2').text()).toBe('派出单位与批次')
    expect(invokeMock).toHaveBeenCalledWith('list_organizations', undefined)
    expect(invokeMock).toHaveBeenCalledWith('list_batches', undefined)
  })

  it('opens the 统计导出 page on this quarter over everything', async () => {
    const { w } = await render('/statistics')
    expect(w.find('[data-testid=statistics-page] h2').text()).toBe('统计导出')
    expect(invokeMock).toHaveBeenCalledWith('statistics', {
      filter: expect.objectContaining({ region: null, organizationId: null, batchId: null }),
    })
    expect(w.find('[data-testid=statistics-figures]').exists()).toBe(true)
  })

  it('settings show where the data lives and switch the whole app to English', async () => {
    const { w } = await render('/settings')
    expect(invokeMock).toHaveBeenCalledWith('app_info', undefined)
    expect(w.find('[data-testid=about-data-dir]').text()).toBe(DATA_DIR)
    expect(w.find('[data-testid=data-safety-panel] [data-testid=data-dir]').text()).toBe(DATA_DIR)
    expect(invokeMock).toHaveBeenCalledWith('list_backups', undefined)
    expect(w.find('[data-testid=about-db-path]').text()).toContain('ledger.db')
    expect(w.find('[data-testid=settings-about]').text()).toContain('3')
    expect(invokeMock).toHaveBeenCalledWith('report_settings', undefined)
    expect((w.find('[data-testid=settings-report-unit] input').element as HTMLInputElement).value).toBe(
      '宁波市科学技术局',
    )

    await w.find('[data-testid=settings-page] [data-testid=locale-en] input').setValue(true)
    await flushPromises()
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en')
    expect(w.find('.app-header__title').text()).toBe('S&T Commissioner Service Ledger')
    expect(w.find('[data-testid=nav-settings]').text()).toBe('Settings')
    expect(document.title).toBe('S&T Commissioner Service Ledger')
  })

  it('shows the start-up screen instead of the app when the ledger could not be opened', async () => {
    startup.problem = {
      code: 'integrity',
      message: '数据库文件已损坏，未打开，也未做任何改动（完整性检查：page 3 is never used）。请从备份恢复',
      messageEn: 'database integrity check failed',
      fields: [],
    }
    startup.newestBackup = {
      fileName: 'ledger-20260115-083000-daily.sqlite3',
      path: `${DATA_DIR}\\backups\\ledger-20260115-083000-daily.sqlite3`,
      createdAt: '2026-01-15T00:30:00Z',
      sizeBytes: 12_900_000,
      reason: 'daily',
      schemaVersion: 9,
    }
    const { w } = await render('/')
    expect(w.find('[data-testid=startup-problem]').exists()).toBe(true)
    expect(w.find('[data-testid=startup-problem-message]').text()).toContain('数据库文件已损坏')
    expect(w.find('[data-testid=startup-recover-newest]').exists()).toBe(true)
    expect(w.find('.app-header__title').exists()).toBe(false)
    expect(w.find('[data-testid=dashboard-page]').exists()).toBe(false)
    expect(invokeMock).not.toHaveBeenCalledWith('dashboard', expect.anything())
    expect(invokeMock).not.toHaveBeenCalledWith('backup_notices', undefined)
  })

  describe('while the start-up check of the data file runs in the background', () => {
    fakeClockPerTest()

    const DAMAGED = {
      code: 'integrity',
      message: '数据库文件已损坏，未打开，也未做任何改动（完整性检查：page 7 is never used）。请从备份恢复',
      messageEn: 'the database is damaged',
      fields: [],
    }

    it('shows the pages with a notice, and drops the notice once the check passed', async () => {
      startup.checking = true
      const { w } = await render('/')
      expect(w.find('[data-testid=dashboard-page]').exists()).toBe(true)
      expect(w.find('[data-testid=startup-checking]').text()).toContain('正在检查数据文件')
      const asked = invokeMock.mock.calls.filter(([c]) => c === 'startup_status').length
      await vi.advanceTimersByTimeAsync(500)
      expect(invokeMock.mock.calls.filter(([c]) => c === 'startup_status').length).toBe(asked + 1)
      expect(w.find('[data-testid=startup-checking]').exists()).toBe(true)

      startup.checking = false
      await vi.advanceTimersByTimeAsync(500)
      await flushPromises()
      expect(w.find('[data-testid=startup-checking]').exists()).toBe(false)
      expect(w.find('[data-testid=dashboard-page]').exists()).toBe(true)
      const after = invokeMock.mock.calls.filter(([c]) => c === 'startup_status').length
      await vi.advanceTimersByTimeAsync(5000)
      expect(invokeMock.mock.calls.filter(([c]) => c === 'startup_status').length).toBe(after)
    })

    it('brings the start-up screen when the check finds the file damaged', async () => {
      startup.checking = true
      const { w } = await render('/')
      expect(w.find('[data-testid=startup-checking]').exists()).toBe(true)
      startup = { ...startup, checking: false, problem: DAMAGED }
      await vi.advanceTimersByTimeAsync(500)
      await flushPromises()
      expect(w.find('[data-testid=startup-problem]').exists()).toBe(true)
      expect(w.find('[data-testid=startup-problem-message]').text()).toContain('数据库文件已损坏')
      expect(w.find('[data-testid=dashboard-page]').exists()).toBe(false)
    })

    it('shows no notice after a clean close (the check skipped)', async () => {
      const { w } = await render('/')
      expect(w.find('[data-testid=startup-checking]').exists()).toBe(false)
      const asked = invokeMock.mock.calls.filter(([c]) => c === 'startup_status').length
      await vi.advanceTimersByTimeAsync(2000)
      expect(invokeMock.mock.calls.filter(([c]) => c === 'startup_status').length).toBe(asked)
    })
  })

  it('warns about a backup that was skipped', async () => {
    notices = [
      {
        reason: 'daily',
        code: 'insufficient_space',
        message: 'D:\\ 所在磁盘空间不足：需要 130 MiB，可用 20 MiB，未写入任何文件',
        messageEn: 'not enough space',
        at: '2026-01-15T00:30:00Z',
      },
    ]
    const { w } = await render('/')
    expect(w.find('[data-testid=dashboard-page]').exists()).toBe(true)
    expect(invokeMock).toHaveBeenCalledWith('backup_notices', undefined)
    const shown = document.querySelectorAll('.el-notification')
    expect(shown).toHaveLength(1)
    expect(shown[0]?.textContent).toContain('每日备份未完成')
    expect(shown[0]?.textContent).toContain('所在磁盘空间不足')
  })

  it('sends unknown paths to the dashboard', async () => {
    const { router } = await render('/no/such/page')
    expect(router.currentRoute.value.path).toBe('/')
  })

  it('shows the lock screen while the ledger waits for its password, then the app once unlocked', async () => {
    startup = { ...startup, problem: LOCKED }
    lock = { ...lock, passwordSet: true, locked: true }
    const { w } = await render('/')
    expect(w.find('[data-testid=lock-screen]').exists()).toBe(true)
    expect(w.find('[data-testid=startup-problem]').exists()).toBe(false)
    expect(w.find('.app-header__title').exists()).toBe(false)
    expect(invokeMock).not.toHaveBeenCalledWith('dashboard', expect.anything())

    const box = w.find<HTMLInputElement>('[data-testid=lock-secret] input')
    await box.setValue('secret-pass-1')
    await w.find('[data-testid=lock-unlock]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid=lock-screen]').exists()).toBe(false)
    expect(w.find('[data-testid=dashboard-page]').exists()).toBe(true)
    expect(w.find('[data-testid=header-lock]').exists()).toBe(true)
  })

  it('offers the app password once on an empty ledger and remembers 以后再说', async () => {
    const first = await render('/')
    const offer = () => document.querySelector('[data-testid=password-offer]')
    expect(offer()?.textContent).toContain('建议设置应用密码')
    ;(document.querySelector('[data-testid=password-offer-later]') as HTMLElement).click()
    await flushPromises()
    expect(window.localStorage.getItem('ledger.passwordOffer.dismissed')).toBe('1')
    first.w.unmount()
    document.body.innerHTML = ''
    wrapper = undefined

    await render('/')
    expect(offer()).toBeNull()
  })
})
