import { invoke } from '@tauri-apps/api/core'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { click, fieldError, typeInto } from '@/test-utils/forms'
import { fakeClockPerTest, freshPagePerTest, q, settle, textOf } from '@/test-utils/mount'
import PasswordSection from '../PasswordSection.vue'
import { passwordProblem, passwordStrength } from '../passwordForm'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)
const CODE = 'ABCD-EFGH-JKMN-PQRS-TUVW-XYZ2'
const NEW_CODE = '2345-6789-ABCD-EFGH-JKMN-PQRS'
const WRONG = { code: 'wrong_password', message: '密码或恢复码不正确，未做任何改动', messageEn: 'wrong', fields: [] }

let status: { passwordSet: boolean; locked: boolean; retryAfterSeconds: number; idleLockMinutes: number | null }
/** The plain backups the shell reports (file names). */
let plain: string[] = []

function shell(): void {
  invokeMock.mockImplementation(async (command: string, args?: unknown) => {
    const a = (args ?? {}) as Record<string, unknown>
    switch (command) {
      case 'lock_status':
        return { ...status }
      case 'set_password':
        status.passwordSet = true
        return CODE
      case 'change_password':
      case 'remove_password':
        if (a.secret !== 'secret-pass-1') throw WRONG
        if (command === 'change_password') return NEW_CODE
        status.passwordSet = false
        return null
      case 'set_idle_lock':
        status.idleLockMinutes = a.minutes as number | null
        return null
      case 'lock_now':
        return true
      case 'plain_backups':
        return plain.map((fileName) => ({ fileName, encrypted: false }))
      case 'settle_plain_backups':
        plain = []
        return []
      default:
        throw new Error(`unexpected command ${command}`)
    }
  })
}

const calls = (command: string) => invokeMock.mock.calls.filter(([c]) => c === command).map(([, args]) => args)

describe('PasswordSection', () => {
  const page = freshPagePerTest(invokeMock)
  fakeClockPerTest()

  beforeEach(() => {
    status = { passwordSet: false, locked: false, retryAfterSeconds: 0, idleLockMinutes: 15 }
    plain = []
    shell()
  })

  async function render() {
    page.mount(PasswordSection)
    await settle()
  }

  it('recommends the password while it is off', async () => {
    await render()
    expect(textOf('password-status')).toBe('未开启')
    expect(textOf('password-recommended')).toContain('建议开启')
    expect(document.querySelector('[data-testid=password-change]')).toBeNull()
  })

  it('sets a password typed twice, then shows the recovery code once', async () => {
    await render()
    await click('password-set')
    expect(textOf('password-warning')).toContain('两者都遗忘时，数据无法读取')
    await typeInto('password-form-newPassword', 'Secret-pass-12')
    expect(textOf('password-strength')).toBe('密码强度：强')
    await typeInto('password-form-confirm', 'Secret-pass-13')
    await click('password-form-save')
    expect(fieldError('password-item-confirm')).toBe('两次输入的密码不一致')
    expect(calls('set_password')).toEqual([])

    await typeInto('password-form-confirm', 'Secret-pass-12')
    await click('password-form-save')
    expect(calls('set_password')).toEqual([{ newPassword: 'Secret-pass-12' }])
    const groups = [...document.querySelectorAll('[data-testid=recovery-group]')].map((g) => g.textContent?.trim())
    expect(groups).toEqual(['ABCD', 'EFGH', 'JKMN', 'PQRS', 'TUVW', 'XYZ2'])
    expect(textOf('password-status')).toBe('已开启')
    expect(document.querySelector('[data-testid=recovery-replaced]')).toBeNull()
  })

  /** 设置密码 through the dialogs, then puts the recovery code away. */
  async function setAndCloseTheCode(): Promise<void> {
    await click('password-set')
    await typeInto('password-form-newPassword', 'Secret-pass-12')
    await typeInto('password-form-confirm', 'Secret-pass-12')
    await click('password-form-save')
    await click('[data-testid=recovery-saved] input')
    await click('recovery-close')
    await settle()
  }

  for (const action of ['encrypt', 'remove'] as const) {
    it(`after the recovery code, asks about the plain backups and can ${action} them`, async () => {
      plain = ['ledger-20260101-090000-daily-s1.zip', 'ledger-20260102-090000-manual-s2.zip']
      const changed = vi.fn()
      page.mount(PasswordSection, { props: { onBackupsChanged: changed } })
      await settle()
      await setAndCloseTheCode()
      expect(textOf('plain-backups-question')).toContain('有 2 份设置密码前做的备份，没有加密')
      expect(textOf('plain-backups-dialog')).toContain('固态硬盘（SSD）')
      expect(textOf('plain-backups-dialog')).toContain('暂不处理')
      await click(`plain-backups-${action}`)
      expect(calls('settle_plain_backups')).toEqual([{ action }])
      expect(document.body.textContent).toContain(
        action === 'encrypt' ? '已重新加密 2 份备份' : '已删除 2 份未加密的备份',
      )
      expect(changed).toHaveBeenCalledTimes(1)
    })
  }

  it('暂不处理 leaves the plain backups as they are', async () => {
    plain = ['ledger-20260101-090000-daily-s1.zip']
    await render()
    await setAndCloseTheCode()
    expect(textOf('plain-backups-question')).toContain('有 1 份')
    await click('plain-backups-later')
    expect(calls('settle_plain_backups')).toEqual([])
  })

  it('asks nothing when there are no plain backups', async () => {
    await render()
    await setAndCloseTheCode()
    expect(calls('plain_backups')).toHaveLength(1)
    expect(textOf('plain-backups-question')).toBe('')
  })

  it('refuses a too short password before asking the shell', async () => {
    await render()
    await click('password-set')
    await typeInto('password-form-newPassword', 'short')
    await typeInto('password-form-confirm', 'short')
    await click('password-form-save')
    expect(fieldError('password-item-newPassword')).toBe('密码至少需要 8 个字符')
    expect(calls('set_password')).toEqual([])
  })

  it('says a wrong current password beside its field when changing, then shows the new recovery code', async () => {
    status.passwordSet = true
    await render()
    expect(textOf('password-status')).toBe('已开启')
    expect(document.body.textContent).toContain('密码和恢复码都遗忘')
    await click('password-change')
    expect(textOf('password-warning')).toContain('旧密码和旧恢复码随即失效')
    await typeInto('password-form-secret', 'not-it')
    await typeInto('password-form-newPassword', 'secret-pass-2')
    await typeInto('password-form-confirm', 'secret-pass-2')
    await click('password-form-save')
    expect(fieldError('password-item-secret')).toBe(WRONG.message)

    await typeInto('password-form-secret', 'secret-pass-1')
    await click('password-form-save')
    expect(calls('change_password')).toEqual([
      { secret: 'not-it', newPassword: 'secret-pass-2' },
      { secret: 'secret-pass-1', newPassword: 'secret-pass-2' },
    ])
    expect(document.body.textContent).toContain('已修改应用密码')
    const groups = [...document.querySelectorAll('[data-testid=recovery-group]')].map((g) => g.textContent?.trim())
    expect(groups).toEqual(['2345', '6789', 'ABCD', 'EFGH', 'JKMN', 'PQRS'])
    expect(textOf('recovery-replaced')).toContain('旧恢复码已失效')
    await click('[data-testid=recovery-saved] input')
    await click('recovery-close')
    await settle()
    expect(calls('plain_backups')).toEqual([])
    expect(textOf('password-status')).toBe('已开启')
  })

  it('turns the password off after the password, with a warning', async () => {
    status.passwordSet = true
    await render()
    await click('password-remove')
    expect(textOf('password-warning')).toContain('明文')
    await typeInto('password-form-secret', 'secret-pass-1')
    await click('password-form-save')
    expect(calls('remove_password')).toEqual([{ secret: 'secret-pass-1' }])
    expect(textOf('password-status')).toBe('未开启')
  })

  it('saves the idle time, 从不 included, and locks now', async () => {
    status.passwordSet = true
    await render()
    await click('[data-testid=password-idle] .el-select__wrapper')
    const never = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find(
      (item) => item.textContent?.trim() === '从不',
    )
    never!.click()
    await settle()
    expect(calls('set_idle_lock')).toEqual([{ minutes: null }])
    await click('password-lock-now')
    expect(calls('lock_now')).toHaveLength(1)
    expect(q('[data-testid=password-section]')).toBeTruthy()
  })

  it('judges strength and the fields as the core will', () => {
    expect(passwordStrength('abcdefgh')).toBe('weak')
    expect(passwordStrength('abcdefg1')).toBe('fair')
    expect(passwordStrength('Abcdefgh-123')).toBe('strong')
    const form = { secret: '', newPassword: '12345678', confirm: '12345678' }
    expect(passwordProblem('secret', form)).toBe('fields.secret')
    expect(passwordProblem('newPassword', form)).toBeNull()
    expect(passwordProblem('confirm', { ...form, confirm: 'x' })).toBe('mismatch')
  })
})
