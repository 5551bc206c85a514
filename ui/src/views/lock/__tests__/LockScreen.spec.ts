import { invoke } from '@tauri-apps/api/core'
import { describe, expect, it, vi } from 'vitest'
import { click, fieldError, typeInto } from '@/test-utils/forms'
import { fakeClockPerTest, freshPagePerTest, q, settle, textOf } from '@/test-utils/mount'
import LockScreen from '../LockScreen.vue'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const WRONG = {
  code: 'wrong_password',
  message: '密码或恢复码不正确，未做任何改动',
  messageEn: 'wrong password or recovery code; nothing was changed',
  fields: [],
}
const WAIT = {
  code: 'too_many_attempts',
  message: '连续输错 5 次，请 30 秒后再试',
  messageEn: '5 wrong tries in a row; try again in 30 s',
  fields: [{ field: 'secret', message: '连续输错 5 次，请 30 秒后再试', messageEn: '…' }],
}

/** The shell: `secret-pass-1` opens; `answers` queues refusals for the next tries; the wait is `retryAfter`. */
function shell(answers: unknown[] = [], retryAfter = 0): void {
  invokeMock.mockImplementation(async (command: string, args?: unknown) => {
    if (command === 'lock_status') {
      return { passwordSet: true, locked: true, retryAfterSeconds: retryAfter, idleLockMinutes: 15 }
    }
    if (command === 'unlock') {
      const refusal = answers.shift()
      if (refusal) throw refusal
      if ((args as { secret: string }).secret !== 'secret-pass-1') throw WRONG
      return null
    }
    throw new Error(`unexpected command ${command}`)
  })
}

const unlockCalls = () => invokeMock.mock.calls.filter(([c]) => c === 'unlock').map(([, a]) => a)

describe('LockScreen', () => {
  const page = freshPagePerTest(invokeMock)

  async function render() {
    const wrapper = page.mount(LockScreen)
    await settle()
    return wrapper
  }

  it('names the app, says the ledger is encrypted and what forgetting both secrets means', async () => {
    shell()
    await render()
    expect(textOf('lock-screen')).toContain('科技专员服务台账')
    expect(textOf('lock-screen')).toContain('台账已加密')
    expect(textOf('lock-forgotten')).toContain('密码和恢复码都遗忘')
    expect(q('[data-testid=lock-secret] input').getAttribute('type')).toBe('password')
  })

  it('after too many wrong tries shows the wait with the button disabled', async () => {
    shell([], 30)
    await render()
    expect(q('[data-testid=lock-unlock]').hasAttribute('disabled')).toBe(true)
    await vi.waitFor(() => expect(fieldError('lock-item-secret')).toMatch(/^连续输错次数过多，请 (30|29) 秒后再试$/), {
      timeout: 5000,
      interval: 50,
    })
    expect(textOf('lock-unlock')).toMatch(/^解锁 \((30|29)\)$/)
  })

  it('counts the wait down and takes tries again when it is over', async () => {
    shell([], 2)
    await render()
    expect(q('[data-testid=lock-unlock]').hasAttribute('disabled')).toBe(true)
    await vi.waitFor(() => expect(textOf('lock-unlock')).toBe('解锁 (1)'), { timeout: 5000, interval: 50 })
    await vi.waitFor(() => expect(textOf('lock-unlock')).toBe('解锁'), { timeout: 5000, interval: 50 })
    expect(q('[data-testid=lock-unlock]').hasAttribute('disabled')).toBe(false)
    await vi.waitFor(() => expect(fieldError('lock-item-secret')).toBeUndefined(), { timeout: 5000, interval: 50 })
  })

  // Element Plus shows a field's message 100 ms after the check: these steps let that time pass on a fake clock.
  describe('on a fake clock', () => {
    fakeClockPerTest()

    it('says a wrong password beside the box and stays locked; the right one unlocks', async () => {
      shell()
      const wrapper = await render()
      await typeInto('lock-secret', 'not-it')
      await click('lock-unlock')
      expect(fieldError('lock-item-secret')).toBe(WRONG.message)
      expect(wrapper.emitted('unlocked')).toBeUndefined()
      expect(q<HTMLInputElement>('[data-testid=lock-secret] input').value).toBe('')

      await typeInto('lock-secret', 'secret-pass-1')
      await click('lock-unlock')
      expect(unlockCalls()).toEqual([{ secret: 'not-it' }, { secret: 'secret-pass-1' }])
      expect(wrapper.emitted('unlocked')).toHaveLength(1)
    })

    it('asks for a password before trying', async () => {
      shell()
      await render()
      await click('lock-unlock')
      expect(fieldError('lock-item-secret')).toBe('请输入密码或恢复码')
      expect(unlockCalls()).toEqual([])
    })

    it('shows the wait the shell answers with after a try', async () => {
      let retryAfter = 0
      invokeMock.mockImplementation(async (command: string) => {
        if (command === 'lock_status') {
          return { passwordSet: true, locked: true, retryAfterSeconds: retryAfter, idleLockMinutes: 15 }
        }
        retryAfter = 12
        throw WAIT
      })
      await render()
      await typeInto('lock-secret', 'secret-pass-1')
      await click('lock-unlock')
      expect(fieldError('lock-item-secret')).toBe('连续输错次数过多，请 12 秒后再试')
      expect(q('[data-testid=lock-unlock]').hasAttribute('disabled')).toBe(true)
    })
  })
})
