import { invoke } from '@tauri-apps/api/core'
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BatchEndPlan } from '@/api'
import { createAppI18n } from '@/i18n'
import { todayIso } from '@/views/assignments/assignmentForm'
import BatchEndDialog from '../BatchEndDialog.vue'
import { fakeClockPerTest, q, settleForm as settle, typeDate } from '@/test-utils/forms'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

function plan(endDate: string, written = false): BatchEndPlan {
  return {
    batchId: 'b1',
    endDate,
    assignments: [
      { id: 'a1', expertName: '甲', enterpriseName: '一厂', startDate: '2024-01-01' },
      { id: 'a3', expertName: '乙', enterpriseName: '一厂', startDate: '2024-02-01' },
    ],
    experts: [{ id: 'x1', name: '甲', status: 'active' }],
    written,
  }
}

const LATE = {
  code: 'validation',
  message: '输入有误',
  messageEn: 'Invalid input',
  fields: [{ field: 'endDate', message: '甲 → 一厂 的派驻 2024-01-01 才开始', messageEn: 'starts later' }],
}

describe('BatchEndDialog', () => {
  fakeClockPerTest()
  let wrapper: VueWrapper | undefined

  beforeEach(() => {
    invokeMock.mockReset()
    invokeMock.mockImplementation(async (command: string, args?: unknown) => {
      const a = args as { endDate: string }
      if (command === 'preview_batch_end') {
        if (a.endDate === '2023-12-31') throw LATE
        return plan(a.endDate)
      }
      if (command === 'end_batch') return plan(a.endDate, true)
      return null
    })
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  async function openDialog(): Promise<void> {
    wrapper = mount(BatchEndDialog, {
      props: { modelValue: true, batchId: 'b1', batchName: '2024年第一批' },
      global: { plugins: [createAppI18n('zh-CN')] },
      attachTo: document.body,
    })
    await settle()
  }

  it('previews today’s end without writing, follows the chosen day, and ends the batch on confirm', async () => {
    await openDialog()
    expect(invokeMock).toHaveBeenCalledWith('preview_batch_end', { batchId: 'b1', endDate: todayIso() })
    expect(invokeMock.mock.calls.some(([c]) => c === 'end_batch')).toBe(false)
    const pairings = q('[data-testid=batch-end-pairings]').textContent ?? ''
    expect(pairings).toContain('甲 → 一厂')
    expect(pairings).toContain('乙 → 一厂')
    expect(q('[data-testid=batch-end-experts]').textContent).toContain('甲 在岗 → 期满')

    await typeDate('batch-end-day', '2024-12-31')
    expect(invokeMock).toHaveBeenLastCalledWith('preview_batch_end', { batchId: 'b1', endDate: '2024-12-31' })
    q('[data-testid=batch-end-confirm]').click()
    await settle()
    expect(invokeMock).toHaveBeenCalledWith('end_batch', { batchId: 'b1', endDate: '2024-12-31' })
    expect(wrapper?.emitted('ended')?.[0]?.[0]).toMatchObject({ written: true })
    expect(wrapper?.emitted('update:modelValue')?.at(-1)).toEqual([false])
  })

  it('shows why a day is refused and offers nothing to confirm', async () => {
    await openDialog()
    await typeDate('batch-end-day', '2023-12-31')
    expect(q('[data-testid=batch-end-problem]').textContent).toContain('才开始')
    expect(q<HTMLButtonElement>('[data-testid=batch-end-confirm]').disabled).toBe(true)
  })
})
