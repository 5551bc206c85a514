import { invoke } from '@tauri-apps/api/core'
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Assignment, AssignmentInput, TargetPeriod } from '@/api'
import { createAppI18n } from '@/i18n'
import PairingDrawer from '../PairingDrawer.vue'
import { fakeClockPerTest, fieldError, q, settleForm as settle, typeDate, typeInto } from '@/test-utils/forms'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const STORED: Assignment = {
  id: 'a1',
  expertId: 'x1',
  expertName: '吴刚',
  enterpriseId: 'en1',
  enterpriseName: '湖州电梯有限公司',
  batchId: 'b1',
  batchName: '2024年第一批',
  startDate: '2024-07-01',
  endDate: '2025-06-30',
  agreementSigned: false,
  agreementSignedOn: null,
  targetServiceDays: 10,
  targetVisits: 4,
  targetNeedsSolved: null,
  targetContractFen: 100_000_000,
  targetOther: '培训 2 场',
  notes: null,
  createdAt: 'c',
  updatedAt: 'u',
  revision: 2,
}

const fig = (actual: number, target: number | null, percent: number | null) => ({ actual, target, percent })

const PERIODS: TargetPeriod[] = [
  {
    label: '2024',
    from: '2024-07-01',
    to: '2024-12-31',
    serviceDays: fig(4.5, 10, 45),
    visits: fig(1, 4, 25),
    needsSolved: fig(2, null, null),
    contractFen: fig(10_000_000, 100_000_000, 10),
  },
  {
    label: 'all',
    from: '2024-07-01',
    to: '2025-06-30',
    serviceDays: fig(12, 10, 120),
    visits: fig(2, 4, 50),
    needsSolved: fig(2, null, null),
    contractFen: fig(30_000_000, 100_000_000, 30),
  },
]

describe('PairingDrawer', () => {
  fakeClockPerTest()
  let wrapper: VueWrapper | undefined
  let update: ReturnType<typeof vi.fn<(args: Record<string, unknown>) => void>>

  beforeEach(() => {
    invokeMock.mockReset()
    update = vi.fn<(args: Record<string, unknown>) => void>()
    invokeMock.mockImplementation(async (command: string, args?: unknown) => {
      const a = (args ?? {}) as Record<string, unknown>
      switch (command) {
        case 'get_assignment':
          return STORED
        case 'assignment_completion':
          return PERIODS
        case 'list_attachments':
          return []
        case 'list_batches':
          return [{ id: 'b1', name: '2024年第一批', year: 2024 }]
        case 'update_assignment': {
          update(a)
          const input = a.input as AssignmentInput
          return { ...STORED, agreementSigned: input.agreementSigned, agreementSignedOn: input.agreementSignedOn }
        }
        default:
          return null
      }
    })
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  async function openDrawer(): Promise<void> {
    wrapper = mount(PairingDrawer, {
      props: { modelValue: true, assignmentId: 'a1', side: 'expert', recordId: 'x1' },
      global: { plugins: [createAppI18n('zh-CN')] },
      attachTo: document.body,
    })
    await settle()
  }

  it('shows the agreement, the other targets and the completion per year and for the whole pairing', async () => {
    await openDrawer()
    expect(invokeMock).toHaveBeenCalledWith('assignment_completion', { id: 'a1' })
    expect(invokeMock).toHaveBeenCalledWith('list_attachments', { ownerKind: 'assignment', ownerId: 'a1' })
    expect(q('[data-testid=pairing-drawer]').textContent).toContain('吴刚 → 湖州电梯有限公司')
    expect(q('[data-testid=pairing-agreement]').textContent?.trim()).toBe('未签')
    expect(q('[data-testid=pairing-other-targets]').textContent).toBe('培训 2 场')
    /** A cell's figure / target, and the share its bar shows. */
    const cell = (id: string) => {
      const el = q(`[data-testid=${id}]`)
      const share = el.querySelector('.el-progress__text')?.textContent?.trim() ?? null
      const figures = [...el.querySelectorAll('span.tabular, small')].map((s) => s.textContent?.trim()).join('')
      return [figures, share]
    }
    expect(cell('pairing-2024-serviceDays')).toEqual(['4.5/ 10', '45%'])
    expect(cell('pairing-2024-contractFen')).toEqual(['10.00/ 100.00', '10%'])
    expect(cell('pairing-2024-needsSolved')).toEqual(['2未设目标', null])
    expect(q('[data-testid=pairing-period-all]').textContent).toContain('全程')
    expect(cell('pairing-all-serviceDays')).toEqual(['12/ 10', '120%'])
  })

  it('edits the 三方协议: a signing date needs 已签, then saves with the revision and reloads', async () => {
    await openDrawer()
    q('[data-testid=pairing-edit]').click()
    await settle()
    expect(q('[data-testid=assignment-form-counterpart-name]').textContent?.trim()).toBe('湖州电梯有限公司')
    expect(q<HTMLInputElement>('[data-testid=assignment-form-target-contract] input').value).toBe('100.00')
    await typeDate('assignment-form-signed-on', '2024-07-05')
    q('[data-testid=assignment-form-save]').click()
    await settle()
    expect(fieldError('assignment-item-agreementSignedOn')).toContain('请勾选“已签”')
    expect(update).not.toHaveBeenCalled()

    q<HTMLInputElement>('[data-testid=assignment-form-agreement] input').click()
    await typeInto('assignment-form-target-other', '培训 3 场')
    await settle()
    q('[data-testid=assignment-form-save]').click()
    await settle()
    expect(update).toHaveBeenCalledTimes(1)
    const args = update.mock.calls[0]?.[0] as { id: string; expectedRevision: number; input: AssignmentInput }
    expect(args.id).toBe('a1')
    expect(args.expectedRevision).toBe(2)
    expect(args.input).toMatchObject({
      expertId: 'x1',
      enterpriseId: 'en1',
      agreementSigned: true,
      agreementSignedOn: '2024-07-05',
      targetContract: '100.00',
      targetOther: '培训 3 场',
    })
    expect(invokeMock.mock.calls.filter(([c]) => c === 'assignment_completion')).toHaveLength(2)
    expect(wrapper?.emitted('changed')).toHaveLength(1)
  })
})
