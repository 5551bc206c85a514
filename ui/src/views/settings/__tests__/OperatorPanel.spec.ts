import { invoke } from '@tauri-apps/api/core'
import { describe, expect, it, vi } from 'vitest'
import { fakeClockPerTest, freshPagePerTest, q, settle } from '@/test-utils/mount'
import OperatorPanel from '../OperatorPanel.vue'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

describe('OperatorPanel', () => {
  fakeClockPerTest()
  const view = freshPagePerTest(invokeMock)

  it('shows the saved 操作人 and saves the name typed, as the core cleaned it', async () => {
    invokeMock.mockImplementation(async (command: string, args?: unknown) => {
      if (command === 'operator_name') return '王敏'
      if (command === 'save_operator_name') return (args as { name: string }).name.trim()
      throw new Error(`unexpected ${command}`)
    })
    view.mount(OperatorPanel)
    await settle()
    const input = q<HTMLInputElement>('[data-testid=settings-operator-name] input')
    expect(input.value).toBe('王敏')
    expect(input.placeholder).toBe('留空则记为电脑登录名')
    input.value = ' 李强 '
    input.dispatchEvent(new Event('input'))
    q('[data-testid=settings-operator-save]').click()
    await settle()
    expect(invokeMock).toHaveBeenCalledWith('save_operator_name', { name: ' 李强 ' })
    expect(input.value).toBe('李强')
  })

  it('shows a refusal beside the box', async () => {
    invokeMock.mockImplementation(async (command: string) => {
      if (command === 'operator_name') return ''
      throw {
        code: 'validation',
        message: '未保存',
        messageEn: 'not saved',
        fields: [{ field: 'operator', message: '操作人不能超过 100 个字', messageEn: 'too long' }],
      }
    })
    view.mount(OperatorPanel)
    await settle()
    q('[data-testid=settings-operator-save]').click()
    await settle(200)
    expect(q('[data-testid=settings-operator-item] .el-form-item__error').textContent?.trim()).toBe(
      '操作人不能超过 100 个字',
    )
  })
})
