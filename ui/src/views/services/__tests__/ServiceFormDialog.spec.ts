import { invoke } from '@tauri-apps/api/core'
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { NeedQuery, ServiceRecord, ServiceRecordInput, ServiceRecordQuery } from '@/api'
import { createAppI18n } from '@/i18n'
import ServiceFormDialog from '../ServiceFormDialog.vue'
import { todayIso } from '../serviceForm'
import { ENTERPRISES, EXPERTS, NEEDS, NOT_EVALUATED, RECORD, pageOf } from './fixtures'
import {
  click,
  fakeClockPerTest,
  fieldError,
  keydown as key,
  q,
  selectedLabel as shownLabel,
  settleForm as settle,
  typeDate,
  typeInto as type,
} from '@/test-utils/forms'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

type Handler = (command: string, args: Record<string, unknown>) => unknown

/** The record the core would store for an input (names from the fixtures). */
function stored(input: ServiceRecordInput, id = 'r9', revision = 1): ServiceRecord {
  return {
    ...RECORD,
    id,
    expertId: input.expertId!,
    expertName: EXPERTS.find((e) => e.id === input.expertId)?.name ?? '?',
    enterpriseId: input.enterpriseId!,
    enterpriseName: ENTERPRISES.find((e) => e.id === input.enterpriseId)?.name ?? '?',
    needId: input.needId,
    needTitle: NEEDS.find((n) => n.id === input.needId)?.title ?? null,
    startDate: input.startDate!,
    endDate: input.endDate!,
    serviceDays: input.serviceDays,
    serviceType: input.serviceType!,
    content: input.content,
    contractAmountFen: 0,
    revision,
  }
}

/** Answers the dialog's commands; `extra` may answer any command first (undefined passes). */
function route(extra: Handler = () => undefined): void {
  invokeMock.mockImplementation(async (command: string, raw?: unknown) => {
    const args = (raw ?? {}) as Record<string, unknown>
    const special = extra(command, args)
    if (special !== undefined) return special
    const query = args.query as ServiceRecordQuery
    switch (command) {
      case 'list_experts': {
        const search = query.search
        return pageOf(
          EXPERTS.filter((e) => !search || e.name.includes(search)),
          query,
        )
      }
      case 'list_enterprises': {
        const search = query.search
        return pageOf(
          ENTERPRISES.filter((e) => !search || e.name.includes(search)),
          query,
        )
      }
      case 'list_needs': {
        const q = args.query as NeedQuery
        return pageOf(
          NEEDS.filter((n) => n.enterpriseId === q.enterpriseId),
          q,
        )
      }
      case 'create_service_record':
        return stored((args as { input: ServiceRecordInput }).input)
      case 'get_service_record':
        return RECORD
      case 'list_attachments':
        return []
      case 'get_expert':
        return { id: args.id, name: EXPERTS.find((e) => e.id === args.id)?.name }
      case 'get_enterprise':
        return { id: args.id, name: ENTERPRISES.find((e) => e.id === args.id)?.name }
      default:
        throw new Error(`unexpected command ${command}`)
    }
  })
}

/** The last record's form, as the core's template hands it over. */
const TEMPLATE: ServiceRecordInput = {
  expertId: 'x2',
  enterpriseId: 'e1',
  needId: 'n1',
  startDate: '2026-03-10',
  endDate: '2026-03-10',
  serviceDays: 0.5,
  serviceType: 'policy_briefing',
  content: '宣讲高企认定政策',
  outcomeSummary: null,
  contractAmount: '',
  investment: '',
  policyFunds: '',
  costSaved: '',
  outputValue: '',
  profitTax: '',
  patents: 0,
  newProducts: 0,
  newTechnologies: 0,
  peopleTrained: 0,
  needsSolved: 0,
  ...NOT_EVALUATED,
}

function created(): ServiceRecordInput[] {
  return invokeMock.mock.calls
    .filter(([c]) => c === 'create_service_record')
    .map(([, a]) => (a as { input: ServiceRecordInput }).input)
}

function errorOf(field: string): string | undefined {
  return fieldError(`service-item-${field}`)
}

// Each step waits out Element Plus's debounces (about 150 ms); a long flow takes a few seconds on a busy machine.
describe('ServiceFormDialog', { timeout: 30_000 }, () => {
  let wrapper: VueWrapper | undefined
  fakeClockPerTest()

  async function openDialog(recordId: string | null = null): Promise<VueWrapper> {
    wrapper = mount(ServiceFormDialog, {
      props: { modelValue: false, recordId },
      // The real <transition>, so the dialog's `opened` (which places the cursor) fires.
      global: { plugins: [createAppI18n('zh-CN')], stubs: { transition: false } },
      attachTo: document.body,
    })
    await wrapper.setProps({ modelValue: true })
    await settle()
    return wrapper
  }

  /** Picks the expert, enterprise and type with the mouse and types the content. */
  async function fillRequired(): Promise<void> {
    await click('service-expert-option-x1')
    await click('service-enterprise-option-e1')
    await click('service-type-option-consulting')
    await type('service-form-content', '指导曳引机降噪试验', 'textarea')
  }

  beforeEach(() => {
    window.localStorage.clear()
    invokeMock.mockReset()
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  it('starts on today, one day, and sends the amounts as typed and the days as a number', async () => {
    route()
    await openDialog()
    const today = todayIso()
    expect(q<HTMLInputElement>('[data-testid=service-form-startDate] input').value).toBe(today)
    expect(q<HTMLInputElement>('[data-testid=service-form-endDate] input').value).toBe(today)
    expect(q<HTMLInputElement>('[data-testid=service-form-serviceDays] input').value).toBe('1')
    await fillRequired()
    await click('service-need-option-n1')
    await typeDate('service-form-startDate', '2026-03-02')
    await typeDate('service-form-endDate', '2026-03-04')
    await type('service-form-serviceDays', '2.5')
    await type('service-form-contractAmount', '12.5')
    await type('service-form-investment', '0.000001')
    await type('service-form-outputValue', '３００')
    await type('service-form-patents', '2')
    await type('service-form-peopleTrained', '35')
    await type('service-form-outcomeSummary', '降噪 6 分贝', 'textarea')
    await click('service-form-save')

    expect(created()).toEqual([
      {
        expertId: 'x1',
        enterpriseId: 'e1',
        needId: 'n1',
        startDate: '2026-03-02',
        endDate: '2026-03-04',
        serviceDays: 2.5,
        serviceType: 'consulting',
        content: '指导曳引机降噪试验',
        outcomeSummary: '降噪 6 分贝',
        contractAmount: '12.5',
        investment: '0.000001',
        policyFunds: '',
        costSaved: '',
        outputValue: '３００',
        profitTax: '',
        patents: 2,
        newProducts: 0,
        newTechnologies: 0,
        peopleTrained: 35,
        needsSolved: 0,
        ...NOT_EVALUATED,
      },
    ])
  })

  it('offers the chosen enterprise’s needs only, and drops a need when the enterprise changes', async () => {
    route()
    await openDialog()
    expect(q<HTMLInputElement>('[data-testid=service-form-need] input').disabled).toBe(true)
    await click('service-enterprise-option-e1')
    const needQuery = invokeMock.mock.calls.filter(([c]) => c === 'list_needs').at(-1)?.[1] as { query: NeedQuery }
    expect(needQuery.query).toMatchObject({ enterpriseId: 'e1', stages: [] })
    await click('service-need-option-n1')
    expect(shownLabel('service-form-need')).toBe('曳引机噪声控制')
    await click('service-enterprise-option-e2')
    expect(document.querySelector('[data-testid=service-need-option-n1]')).toBeNull()
    expect(q('[data-testid=service-form-need]').textContent).toContain('该企业暂无技术需求')
  })

  it('refuses more days than the period has before sending anything, with the core’s message', async () => {
    route()
    await openDialog()
    await fillRequired()
    await typeDate('service-form-startDate', '2026-03-02')
    await typeDate('service-form-endDate', '2026-03-03')
    await type('service-form-serviceDays', '3')
    await click('service-form-save')
    expect(created()).toHaveLength(0)
    expect(errorOf('serviceDays')).toBe('服务天数 3 超过了服务期 2026-03-02 至 2026-03-03 的 2 个自然日')
    await type('service-form-serviceDays', '1.2')
    await click('service-form-save')
    expect(created()).toHaveLength(0)
    expect(errorOf('serviceDays')).toBe('服务天数 1.2 须以 0.5 天为单位（如 1、1.5、2）')
    expect(document.querySelector('[data-testid=service-dialog]')).not.toBeNull()
  })

  it('refuses a bad 万元 amount beside its field and sends nothing', async () => {
    route()
    await openDialog()
    await fillRequired()
    await type('service-form-contractAmount', '-3')
    await type('service-form-policyFunds', '1.1234567')
    await click('service-form-save')
    expect(created()).toHaveLength(0)
    expect(errorOf('contractAmount')).toBe('金额不能为负数（“-3”）')
    expect(errorOf('policyFunds')).toBe('“1.1234567”的小数超过 6 位（万元精确到分只需 6 位小数）')
  })

  it('the end date follows the start while it was the same day', async () => {
    route()
    await openDialog()
    await typeDate('service-form-startDate', '2026-03-05')
    expect(q<HTMLInputElement>('[data-testid=service-form-endDate] input').value).toBe('2026-03-05')
    await typeDate('service-form-endDate', '2026-03-08')
    await typeDate('service-form-startDate', '2026-03-06')
    expect(q<HTMLInputElement>('[data-testid=service-form-endDate] input').value).toBe('2026-03-08')
  })

  it('shows the core’s error on serviceDays beside the field and stays open', async () => {
    route((command) => {
      if (command === 'create_service_record') {
        throw {
          code: 'validation',
          message: '服务天数有误',
          messageEn: 'bad days',
          fields: [
            {
              field: 'serviceDays',
              message: '服务天数 1 超过了服务期的 0 个自然日',
              messageEn: 'Service days exceed the period',
            },
          ],
        }
      }
      return undefined
    })
    await openDialog()
    await fillRequired()
    await click('service-form-save')
    expect(created()).toHaveLength(1)
    expect(errorOf('serviceDays')).toBe('服务天数 1 超过了服务期的 0 个自然日')
    expect(document.querySelector('[data-testid=service-dialog]')).not.toBeNull()
    expect(q('.el-dialog__title').textContent).toBe('新增服务记录')
  })

  it('Ctrl+Enter in the content box saves; plain Enter there does not', async () => {
    route()
    await openDialog()
    await fillRequired()
    const content = q('[data-testid=service-form-content] textarea')
    key(content, { key: 'Enter' })
    await settle()
    expect(created()).toHaveLength(0)
    key(content, { key: 'Enter', ctrlKey: true })
    await settle()
    expect(created()).toHaveLength(1)
    expect(created()[0]).toMatchObject({ expertId: 'x1', content: '指导曳引机降噪试验' })
  })

  it('Enter in an amount box saves', async () => {
    route()
    await openDialog()
    await fillRequired()
    await type('service-form-contractAmount', '8')
    key(q('[data-testid=service-form-contractAmount] input'), { key: 'Enter' })
    await settle()
    expect(created()).toEqual([expect.objectContaining({ contractAmount: '8' })])
  })

  it('picks an expert by typing and Enter (the first match)', async () => {
    route()
    await openDialog()
    const input = q<HTMLInputElement>('[data-testid=service-form-expert] input')
    expect(document.activeElement).toBe(input)
    input.value = '王'
    input.dispatchEvent(new Event('input'))
    await settle()
    expect(
      invokeMock.mock.calls.some(
        ([c, a]) => c === 'list_experts' && (a as { query: { search: string } }).query.search === '王',
      ),
    ).toBe(true)
    key(input, { key: 'Enter', code: 'Enter' })
    await settle()
    expect(shownLabel('service-form-expert')).toBe('王强')
  })

  it('keeps the chosen expert’s name when a later search does not find them', async () => {
    route()
    await openDialog()
    const input = q<HTMLInputElement>('[data-testid=service-form-expert] input')
    input.value = '王'
    input.dispatchEvent(new Event('input'))
    await settle()
    key(input, { key: 'Enter', code: 'Enter' })
    await settle()
    expect(shownLabel('service-form-expert')).toBe('王强')
    input.value = '李'
    input.dispatchEvent(new Event('input'))
    await settle()
    // The search for 李 does not find 王强, yet the chosen option stays, so the select can still name its value.
    const wang = EXPERTS.find((e) => e.name === '王强')!
    expect(document.querySelector(`[data-testid=service-expert-option-${wang.id}]`)).not.toBeNull()
    expect(
      invokeMock.mock.calls.some(
        ([c, a]) => c === 'list_experts' && (a as { query: { search: string } }).query.search === '李',
      ),
    ).toBe(true)
  })

  it('保存并新增 keeps expert, enterprise and type, clears the rest and puts the cursor in the content', async () => {
    route()
    const w = await openDialog()
    await fillRequired()
    await type('service-form-contractAmount', '3')
    await click('service-form-save-new')
    expect(created()).toHaveLength(1)
    expect(w.emitted('saved')).toHaveLength(1)
    expect(shownLabel('service-form-expert')).toBe('李娜')
    expect(shownLabel('service-form-enterprise')).toBe('湖州电梯有限公司')
    expect(shownLabel('service-form-serviceType')).toBe('技术咨询')
    expect(q<HTMLTextAreaElement>('[data-testid=service-form-content] textarea').value).toBe('')
    expect(q<HTMLInputElement>('[data-testid=service-form-contractAmount] input').value).toBe('')
    expect(document.activeElement).toBe(q('[data-testid=service-form-content] textarea'))

    await type('service-form-content', '第二次指导', 'textarea')
    await click('service-form-save')
    expect(created()[1]).toMatchObject({
      expertId: 'x1',
      enterpriseId: 'e1',
      serviceType: 'consulting',
      content: '第二次指导',
      contractAmount: '',
    })
  })

  it('复制上一条 fills the form from the core’s template of the chosen expert’s last record', async () => {
    const template = TEMPLATE
    route((command) =>
      command === 'last_service_record_template'
        ? { input: template, expertName: '王强', enterpriseName: '湖州电梯有限公司', needTitle: '曳引机噪声控制' }
        : undefined,
    )
    await openDialog()
    await click('service-expert-option-x2')
    await type('service-form-contractAmount', '9')
    await click('service-form-copy-last')
    expect(invokeMock).toHaveBeenCalledWith('last_service_record_template', { expertId: 'x2' })
    expect(shownLabel('service-form-expert')).toBe('王强')
    expect(shownLabel('service-form-enterprise')).toBe('湖州电梯有限公司')
    expect(shownLabel('service-form-need')).toBe('曳引机噪声控制')
    expect(shownLabel('service-form-serviceType')).toBe('政策宣讲')
    expect(q<HTMLInputElement>('[data-testid=service-form-startDate] input').value).toBe('2026-03-10')
    expect(q<HTMLInputElement>('[data-testid=service-form-serviceDays] input').value).toBe('0.5')
    expect(q<HTMLTextAreaElement>('[data-testid=service-form-content] textarea').value).toBe('宣讲高企认定政策')
    expect(q<HTMLInputElement>('[data-testid=service-form-contractAmount] input').value).toBe('')

    await click('service-form-save')
    expect(created()).toEqual([template])
  })

  it('复制上一条 then 保存 costs no look-up of names and no second load of the same enterprise’s needs', async () => {
    const template: ServiceRecordInput = {
      ...TEMPLATE,
      expertId: 'x9',
      enterpriseId: 'e9',
      needId: 'n9',
    }
    route((command, args) => {
      if (command === 'last_service_record_template') {
        // Names the lists do not carry: the selects can show them only from the template.
        return { input: template, expertName: '赵六', enterpriseName: '远方机械厂', needTitle: '远方的需求' }
      }
      if (command === 'list_needs') return pageOf([], args.query as NeedQuery)
      if (command === 'create_service_record') {
        return {
          ...stored({ ...template, expertId: 'x1', enterpriseId: 'e1' }),
          expertId: 'x9',
          enterpriseId: 'e9',
          needId: 'n9',
        }
      }
      return undefined
    })
    await openDialog()
    const opening = invokeMock.mock.calls.length
    await click('service-form-copy-last')
    expect(shownLabel('service-form-expert')).toBe('赵六')
    expect(shownLabel('service-form-enterprise')).toBe('远方机械厂')
    expect(shownLabel('service-form-need')).toBe('远方的需求')
    await click('service-form-save')
    expect(created()).toEqual([template])
    const commands = invokeMock.mock.calls.slice(opening).map(([c]) => c)
    expect(commands).toEqual([
      'last_service_record_template',
      'list_needs',
      'create_service_record',
      'list_attachments',
    ])
  })

  it('复制上一条 with no expert chosen asks for the last record of anyone, and says when there is none', async () => {
    route((command) => (command === 'last_service_record_template' ? null : undefined))
    await openDialog()
    await click('service-form-copy-last')
    expect(invokeMock).toHaveBeenCalledWith('last_service_record_template', { expertId: null })
    expect(document.querySelector('.el-message')?.textContent).toContain('还没有可复制的服务记录')
  })

  it('a new record saved with 保存 stays open as that record, for its attachments', async () => {
    route()
    const w = await openDialog()
    expect(
      document.querySelector('[data-testid=service-form-attachments] [data-testid=attachment-save-first]'),
    ).not.toBeNull()
    await fillRequired()
    await click('service-form-save')
    expect(created()).toHaveLength(1)
    expect(w.emitted('saved')).toHaveLength(1)
    expect(q('.el-dialog__title').textContent).toBe('编辑服务记录')
    expect(document.querySelector('[data-testid=service-form-save-new]')).toBeNull()
    expect(
      document.querySelector('[data-testid=service-form-attachments] [data-testid=attachment-panel]'),
    ).not.toBeNull()
    expect(invokeMock).toHaveBeenCalledWith('list_attachments', { ownerKind: 'service_record', ownerId: 'r9' })
    expect(q('[data-testid=service-form-cancel]').textContent?.trim()).toBe('关闭')
  })

  it('edits a record: fills the form exactly and saves with its revision; a stale revision reloads it', async () => {
    const updates: unknown[] = []
    let revision = 3
    route((command, args) => {
      if (command === 'get_service_record') return { ...RECORD, revision }
      if (command === 'update_service_record') {
        updates.push(args)
        revision = 4
        throw { code: 'conflict', message: '记录已被修改', messageEn: 'changed', fields: [] }
      }
      return undefined
    })
    await openDialog('r1')
    expect(shownLabel('service-form-expert')).toBe('李娜')
    expect(shownLabel('service-form-need')).toBe('曳引机噪声控制')
    expect(q<HTMLInputElement>('[data-testid=service-form-endDate] input').value).toBe('2026-03-03')
    expect(q<HTMLInputElement>('[data-testid=service-form-contractAmount] input').value).toBe('123.456789')
    expect(document.querySelector('[data-testid=service-form-copy-last]')).toBeNull()
    await click('service-form-save')
    expect(updates).toEqual([
      {
        id: 'r1',
        expectedRevision: 3,
        input: expect.objectContaining({
          serviceDays: 1.5,
          contractAmount: '123.456789',
          needId: 'n1',
          patents: 1,
          startDate: '2026-03-02',
        }),
      },
    ])
    expect(document.querySelector('.el-message--error')?.textContent).toContain('该记录刚被其他人修改过')
    expect(invokeMock.mock.calls.filter(([c]) => c === 'get_service_record')).toHaveLength(2)
  })

  describe('服务对象评价', () => {
    /** The evaluated 2026-03-02..04 record to save: the required fields and the period. */
    async function fillPeriod(): Promise<void> {
      await fillRequired()
      await typeDate('service-form-startDate', '2026-03-02')
      await typeDate('service-form-endDate', '2026-03-04')
      await type('service-form-serviceDays', '2')
    }

    it('a satisfaction dated by default with the service’s last day is sent with its evaluator and opinion', async () => {
      route()
      await openDialog()
      await fillPeriod()
      expect(q('[data-testid=service-form-evaluation] legend').textContent).toBe('服务对象评价')
      expect(q<HTMLInputElement>('[data-testid=service-form-evaluatedOn] input').value).toBe('')
      await click('service-satisfaction-option-basically_satisfied')
      expect(q<HTMLInputElement>('[data-testid=service-form-evaluatedOn] input').value).toBe('2026-03-04')
      await type('service-form-evaluator', '沈丽')
      await type('service-form-evaluationOpinion', '响应及时')
      await click('service-form-save')
      expect(created()).toEqual([
        expect.objectContaining({
          satisfaction: 'basically_satisfied',
          evaluator: '沈丽',
          evaluatedOn: '2026-03-04',
          evaluationOpinion: '响应及时',
        }),
      ])
    })

    it('refuses an evaluation date before the service or after today beside its field, sending nothing', async () => {
      route()
      await openDialog()
      await fillPeriod()
      await click('service-satisfaction-option-satisfied')
      await typeDate('service-form-evaluatedOn', '2026-03-01')
      await click('service-form-save')
      expect(errorOf('evaluatedOn')).toBe('评价日期不能早于服务开始日期')
      const tomorrow = todayIso(new Date(Date.now() + 86_400_000))
      await typeDate('service-form-evaluatedOn', tomorrow)
      await click('service-form-save')
      expect(errorOf('evaluatedOn')).toBe('评价日期不能晚于今天')
      expect(created()).toEqual([])
    })

    it('an evaluator without a satisfaction asks for the satisfaction', async () => {
      route()
      await openDialog()
      await fillPeriod()
      await type('service-form-evaluator', '沈丽')
      await click('service-form-save')
      expect(errorOf('satisfaction')).toBe('已填写评价人、评价日期或评价意见，请选择满意度（或清空评价）')
      expect(created()).toEqual([])
    })

    it('offers the served enterprise’s contacts as evaluators, the primary one first', async () => {
      route((command, args) =>
        command === 'get_enterprise'
          ? {
              id: args.id,
              name: '湖州电梯有限公司',
              contacts: [
                { id: 'c2', name: '钱工', isPrimary: false },
                { id: 'c1', name: '沈丽', isPrimary: true },
              ],
            }
          : undefined,
      )
      await openDialog()
      await fillPeriod()
      q<HTMLInputElement>('[data-testid=service-form-evaluator] input').focus()
      await settle(400)
      const names = () =>
        Array.from(document.querySelectorAll('.el-autocomplete-suggestion li')).map((li) => li.textContent?.trim())
      expect(names()).toEqual(['沈丽', '钱工'])
    })

    it('an edited record shows its evaluation', async () => {
      route((command) =>
        command === 'get_service_record'
          ? { ...RECORD, satisfaction: 'dissatisfied', evaluatedOn: '2026-03-05', evaluationOpinion: '未解决' }
          : undefined,
      )
      await openDialog('r1')
      expect(shownLabel('service-form-satisfaction')).toBe('不满意')
      expect(q<HTMLInputElement>('[data-testid=service-form-evaluatedOn] input').value).toBe('2026-03-05')
      expect(q<HTMLInputElement>('[data-testid=service-form-evaluationOpinion] input').value).toBe('未解决')
    })
  })
})
