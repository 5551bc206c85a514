import { invoke } from '@tauri-apps/api/core'
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Assignment, AssignmentInput, EnterpriseQuery, EnterpriseRow, ExpertQuery, ExpertRow } from '@/api'
import { createAppI18n } from '@/i18n'
import AssignmentDrawer from '../AssignmentDrawer.vue'
import AssignmentFormDialog from '../AssignmentFormDialog.vue'
import { todayIso } from '../assignmentForm'
import { fakeClockPerTest, fieldError, q, settleForm as settle } from '@/test-utils/forms'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

function pairing(over: Partial<Assignment>): Assignment {
  return {
    id: 'a1',
    expertId: 'x1',
    expertName: '张三',
    enterpriseId: 'en1',
    enterpriseName: '福建某某新材料有限公司',
    batchId: 'b1',
    batchName: '2024年第一批',
    startDate: '2024-03-01',
    endDate: null,
    agreementSigned: true,
    agreementSignedOn: null,
    targetServiceDays: null,
    targetVisits: null,
    targetNeedsSolved: null,
    targetContractFen: null,
    targetOther: null,
    notes: null,
    createdAt: '2024-03-01T00:00:00Z',
    updatedAt: '2024-03-01T00:00:00Z',
    revision: 1,
    ...over,
  }
}

const OPEN = pairing({})
const ENDED = pairing({
  id: 'a2',
  enterpriseId: 'en2',
  enterpriseName: '厦门某某光电股份有限公司',
  batchId: null,
  batchName: null,
  startDate: '2020-01-01',
  endDate: '2020-12-31',
  agreementSigned: false,
})

function enterpriseRow(id: string, name: string): EnterpriseRow {
  return {
    origins: [],
    id,
    name,
    creditCode: '91350100M000100Y43',
    province: '福建省',
    city: '福州市',
    county: '鼓楼区',
    industry: 'C',
    size: 'small',
    isHighTech: false,
    isTechSme: false,
    isSpecialized: false,
    contactName: null,
    contactPhone: null,
    updatedAt: '2024-01-01T00:00:00Z',
  }
}

const ENTERPRISES = [enterpriseRow('en1', '福建某某新材料有限公司'), enterpriseRow('en3', '福州某某电子科技有限公司')]

const DUPLICATE = {
  code: 'duplicate',
  message: '该专员在同一批次已派驻该企业（2024-03-01 ～ 至今），期间不能重叠',
  messageEn: 'This expert is already assigned to this enterprise in the same batch (2024-03-01 – open-ended)',
  fields: [
    {
      field: 'startDate',
      message: '该专员在同一批次已派驻该企业（2024-03-01 ～ 至今），期间不能重叠',
      messageEn: 'This expert is already assigned to this enterprise in the same batch (2024-03-01 – open-ended)',
    },
  ],
}

type Handler = (command: string, args: Record<string, unknown>) => unknown

/** Answers the drawer's and the form's commands; `extra` handles the rest (create/end). */
function route(pairings: () => Assignment[], extra: Handler = () => null): void {
  invokeMock.mockImplementation(async (command: string, args?: unknown) => {
    const a = (args ?? {}) as Record<string, unknown>
    switch (command) {
      case 'list_assignments_of_expert':
      case 'list_assignments_of_enterprise':
        return pairings()
      case 'list_batches':
        return [{ id: 'b1', name: '2024年第一批', year: 2024 }]
      case 'list_enterprises': {
        const query = a.query as EnterpriseQuery
        const items = ENTERPRISES.filter((e) => !query.search || e.name.includes(query.search))
        return { items, total: items.length, page: 1, pageSize: query.pageSize }
      }
      case 'list_experts': {
        const query = a.query as ExpertQuery
        const items: ExpertRow[] = []
        return { items, total: 0, page: 1, pageSize: query.pageSize }
      }
      default:
        return extra(command, a)
    }
  })
}

function errorOf(item: string): string | undefined {
  return fieldError(`assignment-item-${item}`)
}

describe('AssignmentDrawer', () => {
  fakeClockPerTest()
  let wrapper: VueWrapper | undefined

  async function openDrawer(side: 'expert' | 'enterprise' = 'expert'): Promise<VueWrapper> {
    wrapper = mount(AssignmentDrawer, {
      props: {
        modelValue: true,
        side,
        recordId: side === 'expert' ? 'x1' : 'en1',
        name: side === 'expert' ? '张三' : '福建某某新材料有限公司',
        facts: [{ label: '派出单位', value: '浙江大学' }],
      },
      global: { plugins: [createAppI18n('zh-CN')] },
      attachTo: document.body,
    })
    await settle()
    return wrapper
  }

  async function openForm(): Promise<void> {
    q('[data-testid=assignment-add]').click()
    await settle()
  }

  beforeEach(() => {
    invokeMock.mockReset()
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  it('lists the pairings with name, batch, period, 三方协议 and status, and the key facts', async () => {
    route(() => [OPEN, ENDED])
    await openDrawer()
    expect(invokeMock).toHaveBeenCalledWith('list_assignments_of_expert', { expertId: 'x1' })
    const drawer = q('[data-testid=assignment-drawer]')
    expect(drawer.textContent).toContain('张三')
    expect(q('[data-testid=assignment-facts]').textContent).toContain('浙江大学')
    const rows = [...document.querySelectorAll<HTMLElement>('[data-testid=assignment-row]')]
    expect(rows).toHaveLength(2)
    expect(rows[0]?.textContent).toContain('福建某某新材料有限公司')
    expect(rows[0]?.textContent).toContain('2024年第一批')
    expect(rows[0]?.querySelector('[data-testid=assignment-period]')?.textContent?.trim()).toBe('2024-03-01 ～ 至今')
    expect(rows[0]?.querySelector('[data-testid=assignment-agreement]')?.textContent?.trim()).toBe('已签')
    expect(rows[0]?.querySelector('[data-testid=assignment-status]')?.textContent?.trim()).toBe('进行中')
    expect(rows[0]?.querySelector('[data-testid=assignment-end]')).not.toBeNull()
    expect(rows[1]?.textContent).toContain('厦门某某光电股份有限公司')
    expect(rows[1]?.querySelector('[data-testid=assignment-period]')?.textContent?.trim()).toBe(
      '2020-01-01 ～ 2020-12-31',
    )
    expect(rows[1]?.querySelector('[data-testid=assignment-agreement]')?.textContent?.trim()).toBe('未签')
    expect(rows[1]?.querySelector('[data-testid=assignment-status]')?.textContent?.trim()).toBe('已结束')
    expect(rows[1]?.querySelector('[data-testid=assignment-end]')).toBeNull()
  })

  it('lists an enterprise’s pairings with the experts’ names', async () => {
    route(() => [OPEN])
    await openDrawer('enterprise')
    expect(invokeMock).toHaveBeenCalledWith('list_assignments_of_enterprise', { enterpriseId: 'en1' })
    expect(q('[data-testid=assignment-counterpart]').textContent).toBe('张三')
  })

  it('opens the form with today as the start, searches the other side on the server as you type', async () => {
    route(() => [])
    await openDrawer()
    expect(q('[data-testid=assignment-drawer]').textContent).toContain('还没有结对记录')
    await openForm()
    expect(q('[data-testid=assignment-form]').isConnected).toBe(true)
    expect(q<HTMLInputElement>('[data-testid=assignment-form-start] input').value).toBe(todayIso())
    expect(q('[data-testid=counterpart-option-en1]').textContent).toContain('福建某某新材料有限公司')
    expect(q('[data-testid=batch-option-b1]').textContent).toContain('2024年第一批')

    invokeMock.mockClear()
    const input = q<HTMLInputElement>('[data-testid=assignment-form-counterpart] input')
    input.value = '福州'
    input.dispatchEvent(new Event('input'))
    await settle(400)
    const call = invokeMock.mock.calls.find(([c]) => c === 'list_enterprises')
    expect((call?.[1] as { query: EnterpriseQuery }).query).toMatchObject({ search: '福州', page: 1 })
    expect(document.querySelector('[data-testid=counterpart-option-en3]')).not.toBeNull()
    expect(document.querySelector('[data-testid=counterpart-option-en1]')).toBeNull()
  })

  it('saves with create_assignment and the chosen values, closes the form and reloads the pairings', async () => {
    let stored: Assignment[] = []
    const create = vi.fn()
    route(
      () => stored,
      (command, args) => {
        if (command !== 'create_assignment') return null
        create(args.input)
        const input = args.input as AssignmentInput
        const saved = pairing({ ...input, id: 'a9', enterpriseName: '福州某某电子科技有限公司' })
        stored = [saved]
        return saved
      },
    )
    await openDrawer()
    await openForm()
    q('[data-testid=counterpart-option-en3]').click()
    q('[data-testid=batch-option-b1]').click()
    q<HTMLInputElement>('[data-testid=assignment-form-agreement] input').click()
    await settle()
    q('[data-testid=assignment-form-save]').click()
    await settle()

    expect(create).toHaveBeenCalledTimes(1)
    expect(create.mock.calls[0]?.[0]).toEqual({
      expertId: 'x1',
      enterpriseId: 'en3',
      batchId: 'b1',
      startDate: todayIso(),
      endDate: null,
      agreementSigned: true,
      agreementSignedOn: null,
      notes: null,
      targetServiceDays: null,
      targetVisits: null,
      targetNeedsSolved: null,
      targetContract: null,
      targetOther: null,
    })
    expect(wrapper?.findComponent(AssignmentFormDialog).props('modelValue')).toBe(false)
    expect(invokeMock.mock.calls.filter(([c]) => c === 'list_assignments_of_expert')).toHaveLength(2)
    const rows = document.querySelectorAll('[data-testid=assignment-row]')
    expect(rows).toHaveLength(1)
    expect(rows[0]?.textContent).toContain('福州某某电子科技有限公司')
  })

  it('shows a "duplicate" refusal beside the start date and keeps the form open', async () => {
    const create = vi.fn(() => {
      throw DUPLICATE
    })
    route(
      () => [OPEN],
      (command) => (command === 'create_assignment' ? create() : null),
    )
    await openDrawer()
    await openForm()
    q('[data-testid=counterpart-option-en1]').click()
    q('[data-testid=batch-option-b1]').click()
    await settle()
    q('[data-testid=assignment-form-save]').click()
    await settle()
    expect(create).toHaveBeenCalledTimes(1)
    expect(errorOf('startDate')).toBe(DUPLICATE.fields[0]?.message)
    expect(errorOf('counterpart')).toBeUndefined()
    expect(q('[data-testid=assignment-form]').isConnected).toBe(true)
    expect(invokeMock.mock.calls.filter(([c]) => c === 'list_assignments_of_expert')).toHaveLength(1)
  })

  it('puts "validation" errors on the counterpart and end date fields', async () => {
    route(
      () => [],
      (command) => {
        if (command !== 'create_assignment') return null
        throw {
          code: 'validation',
          message: '请检查',
          messageEn: 'check',
          fields: [
            { field: 'enterpriseId', message: '企业不存在或已删除', messageEn: 'no such enterprise' },
            { field: 'endDate', message: '结束日期不能早于开始日期', messageEn: 'end before start' },
          ],
        }
      },
    )
    await openDrawer()
    await openForm()
    q('[data-testid=counterpart-option-en1]').click()
    await settle()
    q('[data-testid=assignment-form-save]').click()
    await settle()
    expect(errorOf('counterpart')).toBe('企业不存在或已删除')
    expect(errorOf('endDate')).toBe('结束日期不能早于开始日期')
  })

  it('sends nothing until the other side is chosen', async () => {
    const create = vi.fn()
    route(
      () => [],
      (command) => (command === 'create_assignment' ? create() : null),
    )
    await openDrawer()
    await openForm()
    q('[data-testid=assignment-form-save]').click()
    await settle()
    expect(create).not.toHaveBeenCalled()
    expect(errorOf('counterpart')).toBe('请选择服务企业')
  })

  it('结束 asks for the end date and sends end_assignment with it, then reloads', async () => {
    let stored = [OPEN]
    const end = vi.fn()
    route(
      () => stored,
      (command, args) => {
        if (command !== 'end_assignment') return null
        end(args)
        stored = [{ ...OPEN, endDate: args.endDate as string }]
        return stored[0]
      },
    )
    await openDrawer()
    q('[data-testid=assignment-end]').click()
    await settle()
    const input = q<HTMLInputElement>('.assignment-end-box input')
    expect(input.value).toBe(todayIso())
    input.value = '2024-12-31'
    input.dispatchEvent(new Event('input'))
    await settle()
    q('.assignment-end-box .el-message-box__btns .el-button--primary').click()
    await settle()
    expect(end).toHaveBeenCalledWith({ id: 'a1', endDate: '2024-12-31' })
    expect(q('[data-testid=assignment-period]').textContent?.trim()).toBe('2024-03-01 ～ 2024-12-31')
    expect(q('[data-testid=assignment-status]').textContent?.trim()).toBe('已结束')
  })

  it('refuses an end date before the start without calling the core', async () => {
    const end = vi.fn()
    route(
      () => [OPEN],
      (command) => (command === 'end_assignment' ? end() : null),
    )
    await openDrawer()
    q('[data-testid=assignment-end]').click()
    await settle()
    const input = q<HTMLInputElement>('.assignment-end-box input')
    input.value = '2024-01-01'
    input.dispatchEvent(new Event('input'))
    await settle()
    q('.assignment-end-box .el-message-box__btns .el-button--primary').click()
    await settle()
    expect(end).not.toHaveBeenCalled()
    expect(q('.assignment-end-box').textContent).toContain('结束日期不能早于开始日期')
  })
})
