import { invoke } from '@tauri-apps/api/core'
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Expert, ExpertInput, Organization } from '@/api'
import { applyLocale, createAppI18n } from '@/i18n'
import ExpertFormDialog from '../ExpertFormDialog.vue'
import { LAST_USED_KEY } from '../expertForm'
import {
  click,
  fakeClockPerTest,
  fieldError,
  q,
  selectedLabel,
  settleForm as settle,
  typeDate,
  typeInto as type,
} from '@/test-utils/forms'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const ORGS: Organization[] = [
  { id: 'org-1', name: '浙江大学', kind: 'university', region: '杭州', notes: null, expertCount: 3, revision: 1 },
  {
    id: 'org-2',
    name: '中国科学院宁波材料所',
    kind: 'institute',
    region: null,
    notes: null,
    expertCount: 0,
    revision: 1,
  },
]

const DUPLICATE = {
  code: 'duplicate',
  message: '已有同名同电话的专员“张三”，请勿重复添加',
  messageEn: 'An expert named 张三 with this phone already exists',
  fields: [
    {
      field: 'phone',
      message: '已有同名同电话的专员“张三”，请勿重复添加',
      messageEn: 'An expert named 张三 with this phone already exists',
    },
  ],
}

const STORED: Expert = {
  id: 'exp-9',
  name: '孙八',
  gender: 'female',
  birthMonth: null,
  education: null,
  title: 'associate_senior',
  organizationId: 'org-1',
  position: '副院长',
  discipline: '智能制造',
  specialties: ['工业机器人', '机器视觉'],
  phone: '13800138000',
  email: null,
  idCard: null,
  serviceForm: 'stationed',
  batchId: 'batch-1',
  serviceStart: '2024-03-01',
  serviceEnd: '2025-02-28',
  status: 'paused',
  notes: null,
  createdAt: '2024-01-01T00:00:00Z',
  updatedAt: '2024-01-01T00:00:00Z',
  revision: 2,
}

type CreateHandler = (input: ExpertInput) => Promise<unknown>
type UpdateHandler = (args: { id: string; expectedRevision: number; input: ExpertInput }) => Promise<unknown>

function routeInvoke(onCreate: CreateHandler, onUpdate?: UpdateHandler): void {
  invokeMock.mockImplementation(async (command: string, args?: unknown) => {
    switch (command) {
      case 'list_organizations':
        return ORGS
      case 'list_batches':
        return [{ id: 'batch-1', name: '2024年第一批', year: 2024 }]
      case 'create_expert':
        return onCreate((args as { input: ExpertInput }).input)
      case 'get_expert':
        return STORED
      case 'update_expert':
        if (onUpdate) return onUpdate(args as Parameters<UpdateHandler>[0])
        throw new Error('unexpected update_expert')
      default:
        throw new Error(`unexpected command ${command}`)
    }
  })
}

function savedExpert(input: ExpertInput) {
  return {
    ...input,
    id: 'exp-1',
    title: input.title ?? 'other',
    status: 'active',
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
    revision: 1,
  }
}

/** Types one 专长 tag and presses Enter, as a user adds a tag. */
async function addTag(value: string): Promise<void> {
  await type('expert-form-specialties', value)
  q('[data-testid=expert-form-specialties] input').dispatchEvent(
    new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true }),
  )
  await settle()
}

function tagsShown(): string[] {
  return Array.from(document.querySelectorAll('[data-testid=expert-form-specialties] .el-tag')).map(
    (t) => t.textContent?.trim() ?? '',
  )
}

function errorOf(field: string): string | undefined {
  return fieldError(`expert-item-${field}`)
}

// Each step waits out Element Plus's debounces; on a busy machine the longest flow takes a few seconds.
describe('ExpertFormDialog', { timeout: 30_000 }, () => {
  fakeClockPerTest()
  let wrapper: VueWrapper | undefined
  let i18n: ReturnType<typeof createAppI18n>

  async function openDialog(expertId: string | null = null): Promise<VueWrapper> {
    i18n = createAppI18n('zh-CN')
    wrapper = mount(ExpertFormDialog, {
      props: { modelValue: false, expertId },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await wrapper.setProps({ modelValue: true })
    await settle()
    return wrapper
  }

  async function fillRequired(name: string): Promise<void> {
    await type('expert-form-name', name)
    await click('title-option-senior')
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

  it('puts the stable test ids where the end-to-end test looks for them', async () => {
    routeInvoke(async (input) => savedExpert(input))
    await openDialog()
    for (const id of [
      'expert-form-name',
      'expert-form-phone',
      'expert-form-email',
      'expert-form-discipline',
      'expert-form-position',
      'expert-form-specialties',
      'expert-form-serviceStart',
      'expert-form-serviceEnd',
      'expert-form-status',
    ]) {
      expect(document.querySelector(`[data-testid=${id}] input`), id).not.toBeNull()
    }
    for (const id of [
      'expert-dialog',
      'expert-form-title',
      'expert-form-organization',
      'expert-form-save',
      'expert-form-save-new',
      'expert-form-cancel',
      'expert-item-name',
      'expert-item-phone',
      'expert-item-title',
      'expert-item-position',
      'expert-item-specialties',
      'expert-item-serviceStart',
      'expert-item-serviceEnd',
      'expert-item-status',
    ]) {
      expect(document.querySelector(`[data-testid=${id}]`), id).not.toBeNull()
    }
    expect(document.querySelectorAll('[data-testid^=title-option-]')).toHaveLength(5)
    expect(document.querySelectorAll('[data-testid^=status-option-]')).toHaveLength(3)
    expect(q('[data-testid=organization-option-org-1]').textContent).toContain('浙江大学')
  })

  it('shows the core’s field error beside the field and stays open when create_expert is refused', async () => {
    const create = vi.fn<CreateHandler>(() => Promise.reject(DUPLICATE))
    routeInvoke(create)
    const w = await openDialog()
    await fillRequired(' 张三 ')
    await type('expert-form-phone', '138 0013 8000')
    await click('expert-form-save')

    expect(create).toHaveBeenCalledTimes(1)
    expect(create.mock.calls[0]?.[0]).toMatchObject({
      name: '张三',
      title: 'senior',
      phone: '138 0013 8000',
      email: null,
      idCard: null,
      discipline: null,
      position: null,
      specialties: [],
      serviceStart: null,
      serviceEnd: null,
      status: 'active',
    })
    expect(errorOf('phone')).toBe(DUPLICATE.fields[0]?.message)
    expect(errorOf('name')).toBeUndefined()
    expect(w.emitted('update:modelValue')).toBeUndefined()
    expect(w.emitted('saved')).toBeUndefined()
    expect(q('[data-testid=expert-dialog]').isConnected).toBe(true)

    applyLocale(i18n.global, 'en')
    await settle()
    expect(errorOf('phone')).toBe(DUPLICATE.fields[0]?.messageEn)

    await type('expert-form-phone', '13900139000')
    await settle()
    expect(errorOf('phone')).toBeUndefined()
  })

  it('blocks saving and sends nothing while the client rules fail', async () => {
    const create = vi.fn<CreateHandler>(async (input) => savedExpert(input))
    routeInvoke(create)
    await openDialog()
    await type('expert-form-phone', '1380013800')
    await type('expert-form-email', 'li@qq')
    await click('expert-form-save')

    expect(create).not.toHaveBeenCalled()
    expect(errorOf('name')).toBe('请输入姓名')
    expect(errorOf('title')).toBe('请选择职称')
    expect(errorOf('phone')).toBe('手机号码格式不正确：应为 11 位数字，现为 10 位')
    expect(errorOf('email')).toContain('电子邮箱格式不正确')
  })

  it('accepts full-width input and saves with Enter, then closes', async () => {
    const create = vi.fn<CreateHandler>(async (input) => savedExpert(input))
    routeInvoke(create)
    const w = await openDialog()
    await fillRequired('李四')
    await type('expert-form-phone', '１３８００１３８０００')
    q('[data-testid=expert-form-name] input').dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }),
    )
    await settle()

    expect(create).toHaveBeenCalledTimes(1)
    expect(w.emitted('saved')?.[0]?.[0]).toMatchObject({ id: 'exp-1', name: '李四' })
    expect(w.emitted('update:modelValue')?.at(-1)).toEqual([false])
  })

  it('保存并新增 saves, clears the form and keeps the chosen 派出单位', async () => {
    const create = vi.fn<CreateHandler>(async (input) => savedExpert(input))
    routeInvoke(create)
    const w = await openDialog()
    await fillRequired('王五')
    await click('organization-option-org-2')
    await type('expert-form-discipline', '材料科学与工程')
    await click('expert-form-save-new')

    expect(create).toHaveBeenCalledTimes(1)
    expect(create.mock.calls[0]?.[0]).toMatchObject({
      name: '王五',
      organizationId: 'org-2',
      discipline: '材料科学与工程',
    })
    expect(w.emitted('saved')).toHaveLength(1)
    expect(w.emitted('update:modelValue')).toBeUndefined()
    expect(q<HTMLInputElement>('[data-testid=expert-form-name] input').value).toBe('')
    expect(q<HTMLInputElement>('[data-testid=expert-form-discipline] input').value).toBe('')
    expect(errorOf('name')).toBeUndefined()

    await fillRequired('赵六')
    await click('expert-form-save')
    expect(create).toHaveBeenCalledTimes(2)
    expect(create.mock.calls[1]?.[0]).toMatchObject({ name: '赵六', organizationId: 'org-2', discipline: null })
  })

  it('remembers the last 派出单位 and 批次 across restarts and pre-fills them for a new expert', async () => {
    const create = vi.fn<CreateHandler>(async (input) => savedExpert(input))
    routeInvoke(create)
    const w = await openDialog()
    expect(q<HTMLInputElement>('[data-testid=expert-form-organization] input').value).toBe('')
    await fillRequired('王五')
    await click('organization-option-org-2')
    await click('batch-option-batch-1')
    await click('expert-form-save')
    expect(create.mock.calls[0]?.[0]).toMatchObject({ organizationId: 'org-2', batchId: 'batch-1' })
    expect(JSON.parse(window.localStorage.getItem(LAST_USED_KEY) ?? 'null')).toEqual({
      organizationId: 'org-2',
      batchId: 'batch-1',
    })

    // A fresh start of the app: a new dialog instance reads the remembered values.
    w.unmount()
    document.body.innerHTML = ''
    await openDialog()
    expect(q<HTMLInputElement>('[data-testid=expert-form-name] input').value).toBe('')
    await fillRequired('赵六')
    await click('expert-form-save')
    expect(create.mock.calls[1]?.[0]).toMatchObject({ name: '赵六', organizationId: 'org-2', batchId: 'batch-1' })
  })

  it('drops a remembered 派出单位 that no longer exists', async () => {
    window.localStorage.setItem(LAST_USED_KEY, JSON.stringify({ organizationId: 'org-gone', batchId: 'batch-1' }))
    const create = vi.fn<CreateHandler>(async (input) => savedExpert(input))
    routeInvoke(create)
    await openDialog()
    await fillRequired('钱七')
    await click('expert-form-save')
    expect(create.mock.calls[0]?.[0]).toMatchObject({ organizationId: null, batchId: 'batch-1' })
  })

  it('sends 职务, 专长 (cleaned, without repeats), 服务期 and 状态 with create_expert', async () => {
    const create = vi.fn<CreateHandler>(async (input) => savedExpert(input))
    routeInvoke(create)
    await openDialog()
    expect(selectedLabel('expert-form-status')).toBe('在岗')
    await fillRequired('周九')
    await type('expert-form-position', ' 研究员 ')
    await addTag(' 锂电池 ')
    await addTag('固态电解质')
    await addTag('锂电池')
    await addTag('   ')
    expect(tagsShown()).toEqual(['锂电池', '固态电解质'])
    await typeDate('expert-form-serviceStart', '2024-03-01')
    await typeDate('expert-form-serviceEnd', '2024-12-31')
    await click('status-option-paused')
    expect(create).not.toHaveBeenCalled()
    await click('expert-form-save')

    expect(create).toHaveBeenCalledTimes(1)
    expect(create.mock.calls[0]?.[0]).toMatchObject({
      name: '周九',
      position: '研究员',
      specialties: ['锂电池', '固态电解质'],
      serviceStart: '2024-03-01',
      serviceEnd: '2024-12-31',
      status: 'paused',
    })
  })

  it('adds a 专长 tag with Enter without saving, and saves with Enter in 职务', async () => {
    const create = vi.fn<CreateHandler>(async (input) => savedExpert(input))
    routeInvoke(create)
    const w = await openDialog()
    await fillRequired('吴十')
    await addTag('新能源')
    expect(create).not.toHaveBeenCalled()
    expect(w.emitted('update:modelValue')).toBeUndefined()
    await type('expert-form-position', '总工程师')
    q('[data-testid=expert-form-position] input').dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }),
    )
    await settle()
    expect(create).toHaveBeenCalledTimes(1)
    expect(create.mock.calls[0]?.[0]).toMatchObject({ position: '总工程师', specialties: ['新能源'] })
  })

  it('refuses a 服务期 that ends before it starts, sending nothing', async () => {
    const create = vi.fn<CreateHandler>(async (input) => savedExpert(input))
    routeInvoke(create)
    await openDialog()
    await fillRequired('郑一')
    await typeDate('expert-form-serviceStart', '2024-03-01')
    await typeDate('expert-form-serviceEnd', '2024-02-29')
    await click('expert-form-save')

    expect(create).not.toHaveBeenCalled()
    expect(errorOf('serviceEnd')).toBe('服务期结束不能早于开始')
    expect(errorOf('serviceStart')).toBeUndefined()

    // Moving the start back clears the complaint about the end.
    await typeDate('expert-form-serviceStart', '2024-01-01')
    expect(errorOf('serviceEnd')).toBeUndefined()
    await click('expert-form-save')
    expect(create).toHaveBeenCalledTimes(1)
    expect(create.mock.calls[0]?.[0]).toMatchObject({ serviceStart: '2024-01-01', serviceEnd: '2024-02-29' })
  })

  it('shows the core’s 服务期结束 error beside that field', async () => {
    const refusal = {
      code: 'validation',
      message: '服务期结束不能早于开始',
      messageEn: 'The service period cannot end before it starts',
      fields: [
        {
          field: 'serviceEnd',
          message: '服务期结束不能早于开始',
          messageEn: 'The service period cannot end before it starts',
        },
        { field: 'position', message: '职务有误', messageEn: 'Bad position' },
      ],
    }
    const create = vi.fn<CreateHandler>(() => Promise.reject(refusal))
    routeInvoke(create)
    const w = await openDialog()
    await fillRequired('冯二')
    await typeDate('expert-form-serviceEnd', '2024-02-29')
    await click('expert-form-save')

    expect(create).toHaveBeenCalledTimes(1)
    expect(errorOf('serviceEnd')).toBe('服务期结束不能早于开始')
    expect(errorOf('position')).toBe('职务有误')
    // Fields the form shows are not repeated in the alert above the form.
    expect(document.querySelector('.expert-dialog__alert')).toBeNull()
    expect(w.emitted('update:modelValue')).toBeUndefined()

    applyLocale(i18n.global, 'en')
    await settle()
    expect(errorOf('serviceEnd')).toBe('The service period cannot end before it starts')
  })

  it('loads 职务, 专长, 服务期 and 状态 when editing and sends them with update_expert', async () => {
    const update = vi.fn<UpdateHandler>(async ({ input }) => ({ ...STORED, ...input, revision: 3 }))
    routeInvoke(async (input) => savedExpert(input), update)
    const w = await openDialog('exp-9')
    expect(invokeMock).toHaveBeenCalledWith('get_expert', { id: 'exp-9' })
    expect(q<HTMLInputElement>('[data-testid=expert-form-position] input').value).toBe('副院长')
    expect(tagsShown()).toEqual(['工业机器人', '机器视觉'])
    expect(q<HTMLInputElement>('[data-testid=expert-form-serviceStart] input').value).toBe('2024-03-01')
    expect(q<HTMLInputElement>('[data-testid=expert-form-serviceEnd] input').value).toBe('2025-02-28')
    expect(selectedLabel('expert-form-status')).toBe('暂停')

    await addTag('机器视觉')
    await addTag('数字孪生')
    await click('status-option-active')
    await click('expert-form-save')

    expect(update).toHaveBeenCalledTimes(1)
    expect(update.mock.calls[0]?.[0]).toEqual({
      id: 'exp-9',
      expectedRevision: 2,
      input: {
        name: '孙八',
        gender: 'female',
        birthMonth: null,
        education: null,
        title: 'associate_senior',
        organizationId: 'org-1',
        position: '副院长',
        discipline: '智能制造',
        specialties: ['工业机器人', '机器视觉', '数字孪生'],
        phone: '13800138000',
        email: null,
        idCard: null,
        serviceForm: 'stationed',
        batchId: 'batch-1',
        serviceStart: '2024-03-01',
        serviceEnd: '2025-02-28',
        status: 'active',
        notes: null,
      },
    })
    expect(w.emitted('update:modelValue')?.at(-1)).toEqual([false])
  })
})
