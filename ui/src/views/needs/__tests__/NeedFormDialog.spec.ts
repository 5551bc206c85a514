import { invoke } from '@tauri-apps/api/core'
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EnterpriseRow, NeedInput } from '@/api'
import { applyLocale, createAppI18n } from '@/i18n'
import NeedFormDialog from '../NeedFormDialog.vue'
import { fenToWanText } from '@/validation/wan'
import { checkBudgetWan } from '../needForm'
import { needOf, ROW_REFINED } from './fixtures'
import { click, fakeClockPerTest, fieldError, q, settleForm as settle, typeInto as type } from '@/test-utils/forms'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const ENTERPRISE: EnterpriseRow = {
  origins: [],
  id: 'ent-1',
  name: '湖州电梯有限公司',
  creditCode: '91330500MA2B3C4D5E',
  province: '浙江省',
  city: '湖州市',
  county: '南浔区',
  industry: 'C',
  size: 'medium',
  isHighTech: true,
  isTechSme: false,
  isSpecialized: false,
  contactName: null,
  contactPhone: null,
  updatedAt: '2026-01-01T00:00:00Z',
}

type Handler = (args: Record<string, unknown>) => unknown
let handlers: Record<string, Handler>

function calls(command: string): Record<string, unknown>[] {
  return invokeMock.mock.calls.filter(([c]) => c === command).map(([, args]) => args as Record<string, unknown>)
}

function errorOf(field: string): string | undefined {
  return fieldError(`needs-item-${field}`)
}

// Each step waits out Element Plus's debounces; on a busy machine the longest flow takes a few seconds.
describe('NeedFormDialog', { timeout: 30_000 }, () => {
  fakeClockPerTest()
  let wrapper: VueWrapper | undefined
  let i18n: ReturnType<typeof createAppI18n>

  async function openDialog(needId: string | null = null): Promise<VueWrapper> {
    i18n = createAppI18n('zh-CN')
    wrapper = mount(NeedFormDialog, {
      props: { modelValue: false, needId },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await wrapper.setProps({ modelValue: true })
    await settle()
    return wrapper
  }

  async function fillRequired(): Promise<void> {
    await click('[data-testid=needs-enterprise-option-ent-1]')
    await type('needs-form-title', '  电梯导轨异响  ')
    await click('[data-testid=needs-form-type-tech_breakthrough]')
  }

  beforeEach(() => {
    invokeMock.mockReset()
    handlers = {
      list_enterprises: () => ({ items: [ENTERPRISE], total: 1, page: 1, pageSize: 30 }),
      create_need: (args) => ({ ...needOf(ROW_REFINED), title: (args.input as NeedInput).title }),
      get_need: () => needOf(ROW_REFINED),
      update_need: () => needOf(ROW_REFINED, { revision: 4 }),
    }
    invokeMock.mockImplementation(async (command: string, args?: unknown) => {
      const handler = handlers[command]
      if (!handler) throw new Error(`unexpected command ${command}`)
      return handler((args ?? {}) as Record<string, unknown>)
    })
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  it('sends the budget as the 万元 text typed and the enterprise’s wording exactly as typed', async () => {
    const w = await openDialog()
    await fillRequired()
    await type('needs-form-budget', '12.345678')
    await type('needs-form-original', '  导轨运行时有  异响，\n客户投诉多。')
    await type('needs-form-refinedProblem', ' 导轨接头处振动 ')
    await click('[data-testid=needs-form-urgency-high] input')
    await click('[data-testid=needs-form-save]')
    expect(calls('create_need')).toEqual([
      {
        input: {
          enterpriseId: 'ent-1',
          visitId: null,
          source: 'self_reported',
          title: '电梯导轨异响',
          originalText: '  导轨运行时有  异响，\n客户投诉多。',
          refinedProblem: '导轨接头处振动',
          refinedKeyTech: null,
          refinedTarget: null,
          needType: 'tech_breakthrough',
          discipline: null,
          budgetWan: '12.345678',
          urgency: 'high',
        },
      },
    ])
    expect(w.emitted('saved')).toHaveLength(1)
    expect(w.emitted('update:modelValue')?.at(-1)).toEqual([false])
  })

  it('refuses a budget the core would refuse, with the core’s rule, and sends nothing', async () => {
    await openDialog()
    await fillRequired()
    await type('needs-form-budget', '1.1234567')
    await click('[data-testid=needs-form-save]')
    expect(errorOf('budgetWan')).toBe('“1.1234567”的小数超过 6 位（万元精确到分只需 6 位小数）')
    await type('needs-form-budget', '-3')
    await click('[data-testid=needs-form-save]')
    expect(errorOf('budgetWan')).toBe('预算不能为负数（“-3”）')
    expect(calls('create_need')).toHaveLength(0)
    // Full-width digits are fine (the core makes them half-width), and go as typed.
    await type('needs-form-budget', '３．５')
    await click('[data-testid=needs-form-save]')
    expect((calls('create_need')[0]!.input as NeedInput).budgetWan).toBe('３．５')
  })

  it('shows the core’s refusal beside the field and stays open', async () => {
    const refusal = {
      code: 'validation',
      message: '金额不能为负数',
      messageEn: 'the amount cannot be negative',
      fields: [{ field: 'budgetWan', message: '预算（万元）过大', messageEn: 'Budget too large' }],
    }
    handlers.create_need = () => {
      throw refusal
    }
    const w = await openDialog()
    await fillRequired()
    await type('needs-form-budget', '5')
    await click('[data-testid=needs-form-save]')
    expect(errorOf('budgetWan')).toBe('预算（万元）过大')
    expect(w.emitted('saved')).toBeUndefined()
    applyLocale(i18n.global, 'en')
    await settle()
    expect(errorOf('budgetWan')).toBe('Budget too large')
  })

  it('Enter in a one-line box saves', async () => {
    await openDialog()
    await fillRequired()
    q('[data-testid=needs-form-title] input').dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }),
    )
    await settle()
    expect(calls('create_need')).toHaveLength(1)
  })

  it('edits a need: loads it with its budget in 万元 and saves with its revision', async () => {
    await openDialog('n2')
    expect(calls('get_need')).toEqual([{ id: 'n2' }])
    expect(q<HTMLInputElement>('[data-testid=needs-form-budget] input').value).toBe('12.50')
    expect(q<HTMLTextAreaElement>('[data-testid=needs-form-original] textarea').value).toBe(
      '导轨运行时有  异响，\n客户投诉多。',
    )
    await click('[data-testid=needs-form-save]')
    expect(calls('update_need')).toHaveLength(1)
    expect(calls('update_need')[0]).toMatchObject({
      id: 'n2',
      expectedRevision: 3,
      input: { budgetWan: '12.50', enterpriseId: 'ent-1' },
    })
  })
})

describe('needForm', () => {
  it('checks 万元 amounts as the core’s parse_wan does', () => {
    for (const ok of ['', '0', '12.5', '.5', '5.', '0.000001', '99999999', '00012', ' 3 ', '３．５'])
      expect(checkBudgetWan(ok), ok).toBeNull()
    expect(checkBudgetWan('-1')?.key).toBe('budgetNegative')
    expect(checkBudgetWan('1,000')?.key).toBe('budgetMalformed')
    expect(checkBudgetWan('12万')?.key).toBe('budgetMalformed')
    expect(checkBudgetWan('.')?.key).toBe('budgetMalformed')
    expect(checkBudgetWan('--1')?.key).toBe('budgetMalformed')
    expect(checkBudgetWan('0.0000001')?.key).toBe('budgetDecimals')
    expect(checkBudgetWan('100000000')?.key).toBe('budgetTooLarge')
  })

  it('writes fen as exact 万元 text', () => {
    expect(fenToWanText(12_500_000)).toBe('12.50')
    expect(fenToWanText(100)).toBe('0.0001')
    expect(fenToWanText(123_456_789)).toBe('123.456789')
    expect(fenToWanText(0)).toBe('0.00')
  })
})
