import { invoke } from '@tauri-apps/api/core'
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Enterprise, EnterpriseInput } from '@/api'
import { createAppI18n } from '@/i18n'
import EnterpriseFormDialog from '../EnterpriseFormDialog.vue'
import {
  click,
  fakeClockPerTest,
  fieldError as errorOf,
  q,
  settleForm as settle,
  typeInto as type,
} from '@/test-utils/forms'
import { routerAt } from '@/test-utils/mount'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const CHECK_FAILS = {
  code: 'validation',
  message: '有字段未通过校验',
  messageEn: 'Some fields are invalid',
  fields: [
    {
      field: 'creditCode',
      message: '统一社会信用代码校验位不符（按规则应为“3”）；如确认无误，请填写保留原因后保存',
      messageEn: "The check character of this credit code fails (it should be '3')",
    },
  ],
}

function stored(input: EnterpriseInput, revision = 1): Enterprise {
  return {
    ...input,
    id: 'ent-1',
    creditCode: input.creditCode,
    contacts: input.contacts.map((c, i) => ({ ...c, id: c.id ?? `c-${i}` })),
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
    revision,
  }
}

type Handler = (command: string, args: Record<string, unknown>) => unknown

function routeInvoke(handler: Handler): void {
  invokeMock.mockImplementation(async (command: string, args?: unknown) =>
    handler(command, (args ?? {}) as Record<string, unknown>),
  )
}

/** Presses a key in the input of the component with this test id. */
async function press(testid: string, init: KeyboardEventInit): Promise<void> {
  q(`[data-testid=${testid}] input`).dispatchEvent(
    new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }),
  )
  await settle()
}

/** The values of the contact rows' inputs, row by row. */
function contactRows(): string[][] {
  return Array.from(document.querySelectorAll('[data-testid^=enterprise-contact-]:not([data-testid$=-add])'))
    .filter((row) => /^enterprise-contact-\d+$/.test((row as HTMLElement).dataset.testid ?? ''))
    .map((row) =>
      Array.from(row.querySelectorAll<HTMLInputElement>('input:not([type=radio])')).map((input) => input.value),
    )
}

type Create = (input: EnterpriseInput) => unknown

/** Answers create_enterprise with `create` (the stored record by default). */
function routeCreate(create: Create = (input) => ({ record: stored(input), warnings: [] })) {
  const sent: EnterpriseInput[] = []
  routeInvoke((command, args) => {
    if (command !== 'create_enterprise') return null
    const input = args.input as EnterpriseInput
    sent.push(input)
    return create(input)
  })
  return sent
}

// Each step waits out Element Plus's debounces; on a busy machine the longest flow takes a few seconds.
describe('EnterpriseFormDialog', { timeout: 30_000 }, () => {
  fakeClockPerTest()
  let wrapper: VueWrapper | undefined

  /** Mounts the dialog and opens it; `transitions` runs the real open/close transitions (el-dialog reports
   * closing through v-model only once its leave transition ends). */
  async function openDialog(enterpriseId: string | null = null, { transitions = false } = {}): Promise<VueWrapper> {
    wrapper = mount(EnterpriseFormDialog, {
      props: { modelValue: false, enterpriseId },
      global: { plugins: [createAppI18n('zh-CN')], stubs: transitions ? { transition: false } : {} },
      attachTo: document.body,
    })
    await wrapper.setProps({ modelValue: true })
    await settle()
    return wrapper
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

  it('puts the stable test ids on the component roots', async () => {
    routeInvoke(() => null)
    await openDialog()
    for (const id of ['enterprise-form-name', 'enterprise-form-creditCode', 'enterprise-form-mainProducts']) {
      expect(document.querySelector(`[data-testid=${id}] input`), id).not.toBeNull()
    }
    for (const id of [
      'enterprise-dialog',
      'enterprise-item-name',
      'enterprise-item-creditCode',
      'enterprise-form-save',
      'enterprise-form-cancel',
    ]) {
      expect(document.querySelector(`[data-testid=${id}]`), id).not.toBeNull()
    }
    expect(document.querySelectorAll('[data-testid^=industry-option-]')).toHaveLength(20)
    expect(q('[data-testid=industry-option-M]').textContent).toContain('科学研究和技术服务业')
    expect(document.querySelector('[data-testid=enterprise-form-creditCodeOverride]')).toBeNull()
  })

  it('refuses malformed credit codes on the client and sends nothing', async () => {
    const create = vi.fn()
    routeInvoke((command, args) => (command === 'create_enterprise' ? create(args) : null))
    await openDialog()
    await type('enterprise-form-name', '福建某某科技有限公司')
    await type('enterprise-form-creditCode', '913A0100M000100Y43')
    await click('[data-testid=enterprise-form-save]')
    expect(create).not.toHaveBeenCalled()
    expect(errorOf('enterprise-item-creditCode')).toBe('统一社会信用代码第 3–8 位应为行政区划代码（数字）')
  })

  it('shows the core’s credit-code error on the field and offers to save anyway with a reason', async () => {
    const sent: EnterpriseInput[] = []
    routeInvoke((command, args) => {
      if (command !== 'create_enterprise') return null
      const input = args.input as EnterpriseInput
      sent.push(input)
      if (!input.creditCodeOverride) throw CHECK_FAILS
      return { record: stored(input), warnings: [] }
    })
    const w = await openDialog()
    await type('enterprise-form-name', '福建某某科技有限公司')
    await type('enterprise-form-creditCode', '９１３５０１００ｍ０００１００ｙ４４')
    await click('[data-testid=enterprise-form-save]')

    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ name: '福建某某科技有限公司', creditCodeOverride: null, contacts: [] })
    expect(errorOf('enterprise-item-creditCode')).toBe(CHECK_FAILS.fields[0]?.message)
    expect(document.querySelector('[data-testid=enterprise-form-creditCodeOverride] input')).not.toBeNull()
    expect(q('[data-testid=enterprise-item-creditCodeOverride]').textContent).toContain('仍然保存（请说明原因）')
    expect(w.emitted('saved')).toBeUndefined()

    // The reason is required before saving again.
    await click('[data-testid=enterprise-form-save]')
    expect(sent).toHaveLength(1)
    expect(errorOf('enterprise-item-creditCodeOverride')).toBe('请说明保留此代码的原因')

    await type('enterprise-form-creditCodeOverride', '与营业执照原件核对无误')
    await click('[data-testid=enterprise-form-save]')
    expect(sent).toHaveLength(2)
    expect(sent[1]).toMatchObject({ creditCodeOverride: '与营业执照原件核对无误' })
    expect(w.emitted('saved')).toHaveLength(1)
    expect(w.emitted('update:modelValue')?.at(-1)).toEqual([false])
  })

  it('links a duplicate credit code to the enterprise that already has it, and closes', async () => {
    const duplicate = {
      code: 'duplicate',
      message: '已有该统一社会信用代码的企业“宁波海曙精工有限公司”，请勿重复添加',
      messageEn: 'The enterprise 宁波海曙精工有限公司 already has this credit code',
      fields: [
        {
          field: 'creditCode',
          message: '已有该统一社会信用代码的企业“宁波海曙精工有限公司”，请勿重复添加',
          messageEn: 'The enterprise 宁波海曙精工有限公司 already has this credit code',
          existingId: 'ent-9',
        },
      ],
    }
    routeInvoke((command) => {
      if (command === 'create_enterprise') throw duplicate
      return null
    })
    const router = await routerAt('/enterprises')
    wrapper = mount(EnterpriseFormDialog, {
      props: { modelValue: false, enterpriseId: null },
      global: { plugins: [createAppI18n('zh-CN'), router] },
      attachTo: document.body,
    })
    await wrapper.setProps({ modelValue: true })
    await settle()
    expect(document.querySelector('[data-testid=enterprise-duplicate-link]')).toBeNull()
    await type('enterprise-form-name', '另一家公司')
    await type('enterprise-form-creditCode', '91350100M000100Y43')
    await click('[data-testid=enterprise-form-save]')
    expect(errorOf('enterprise-item-creditCode')).toContain('宁波海曙精工有限公司')
    await click('[data-testid=enterprise-duplicate-link]')
    await settle()
    expect(router.currentRoute.value.fullPath).toBe('/enterprises/ent-9')
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([false])
  })

  it('keeps exactly one primary contact and shows contact errors from the core beside the field', async () => {
    const sent: EnterpriseInput[] = []
    routeInvoke((command, args) => {
      if (command !== 'create_enterprise') return null
      const input = args.input as EnterpriseInput
      sent.push(input)
      throw {
        code: 'validation',
        message: '有字段未通过校验',
        messageEn: 'invalid',
        fields: [
          { field: 'contacts[1].phone', message: '手机号码格式不正确（服务端）', messageEn: 'bad phone (core)' },
        ],
      }
    })
    await openDialog()
    await type('enterprise-form-name', '甲公司')
    await type('enterprise-form-creditCode', '91350100M000100Y43')
    await type('enterprise-form-contacts-0-name', '王经理')
    await click('[data-testid=enterprise-contact-add]')
    await type('enterprise-form-contacts-1-name', '李工')
    await type('enterprise-form-contacts-1-phone', '13800138000')
    // Choosing the second contact as primary un-marks the first.
    await click('[data-testid=enterprise-contact-1-primary] input')
    await click('[data-testid=enterprise-form-save]')

    expect(sent).toHaveLength(1)
    expect(sent[0]?.contacts.map((c) => [c.name, c.isPrimary])).toEqual([
      ['王经理', false],
      ['李工', true],
    ])
    expect(errorOf('enterprise-item-contacts-1-phone')).toBe('手机号码格式不正确（服务端）')
    expect(errorOf('enterprise-item-contacts-0-name')).toBeUndefined()

    // Removing the primary contact makes the remaining one primary.
    await click('[data-testid=enterprise-contact-1-remove]')
    await click('[data-testid=enterprise-form-save]')
    expect(sent[1]?.contacts).toEqual([
      { id: null, name: '王经理', position: null, phone: null, email: null, isPrimary: true },
    ])
  })

  it('requires a contact’s name once the row has anything in it', async () => {
    const create = vi.fn()
    routeInvoke((command, args) => (command === 'create_enterprise' ? create(args) : null))
    await openDialog()
    await type('enterprise-form-name', '甲公司')
    await type('enterprise-form-creditCode', '91350100M000100Y43')
    await type('enterprise-form-contacts-0-phone', '13800138000')
    await click('[data-testid=enterprise-form-save]')
    expect(create).not.toHaveBeenCalled()
    expect(errorOf('enterprise-item-contacts-0-name')).toBe('请输入联系人姓名')
  })

  it('edits with update_enterprise and the loaded revision, and shows the similar-name warning', async () => {
    const existing = stored(
      {
        name: '乙公司',
        creditCode: '91110000600037341L',
        creditCodeOverride: null,
        province: '北京市',
        city: '北京市',
        county: '朝阳区',
        regionCode: '110105',
        address: null,
        legalRepresentative: null,
        industry: 'C',
        mainProducts: null,
        size: 'small',
        isHighTech: true,
        isTechSme: false,
        isSpecialized: false,
        notes: null,
        contacts: [{ id: 'c-9', name: '赵六', position: null, phone: '13900139000', email: null, isPrimary: true }],
      },
      7,
    )
    const update = vi.fn()
    routeInvoke((command, args) => {
      if (command === 'get_enterprise') return existing
      if (command === 'update_enterprise') {
        update(args)
        const input = args.input as EnterpriseInput
        return {
          record: stored(input, 8),
          warnings: [
            {
              field: 'name',
              message: '已有名称相近的企业“乙公司（北京）”，请确认不是同一家企业',
              messageEn: 'similar',
            },
          ],
        }
      }
      return null
    })
    const w = await openDialog('ent-1')
    expect(q<HTMLInputElement>('[data-testid=enterprise-form-name] input').value).toBe('乙公司')
    expect(q('[data-testid=enterprise-dialog]').textContent).toContain('编辑企业')
    expect(document.querySelector('[data-testid=enterprise-form-save-new]')).toBeNull()
    await type('enterprise-form-mainProducts', '精密轴承')
    await click('[data-testid=enterprise-form-save]')

    expect(update).toHaveBeenCalledTimes(1)
    expect(update.mock.calls[0]?.[0]).toMatchObject({
      id: 'ent-1',
      expectedRevision: 7,
      input: {
        name: '乙公司',
        mainProducts: '精密轴承',
        regionCode: '110105',
        county: '朝阳区',
        industry: 'C',
        size: 'small',
        isHighTech: true,
        contacts: [{ id: 'c-9', name: '赵六', phone: '13900139000', isPrimary: true }],
      },
    })
    expect(document.querySelector('.el-message--warning')?.textContent).toContain('已有名称相近的企业')
    expect(w.emitted('saved')).toHaveLength(1)
  })

  it('saves with Enter in a one-line text box, then closes; not while an input method is composing', async () => {
    const sent = routeCreate()
    const w = await openDialog()
    await type('enterprise-form-name', '甲公司')
    await type('enterprise-form-creditCode', '91350100M000100Y43')
    await press('enterprise-form-creditCode', { key: 'Enter', isComposing: true })
    expect(sent).toHaveLength(0)
    expect(w.emitted('update:modelValue')).toBeUndefined()

    await press('enterprise-form-creditCode', { key: 'Enter' })
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ name: '甲公司', creditCode: '91350100M000100Y43' })
    expect(w.emitted('saved')).toHaveLength(1)
    expect(w.emitted('update:modelValue')?.at(-1)).toEqual([false])
  })

  it('saves with Enter in a contact row too, sending the contact', async () => {
    const sent = routeCreate()
    const w = await openDialog()
    await type('enterprise-form-name', '甲公司')
    await type('enterprise-form-creditCode', '91350100M000100Y43')
    await type('enterprise-form-contacts-0-name', '王经理')
    await type('enterprise-form-contacts-0-phone', '13800138000')
    await press('enterprise-form-contacts-0-phone', { key: 'Enter' })
    expect(sent).toHaveLength(1)
    expect(sent[0]?.contacts).toEqual([
      { id: null, name: '王经理', position: null, phone: '13800138000', email: null, isPrimary: true },
    ])
    expect(w.emitted('update:modelValue')?.at(-1)).toEqual([false])
  })

  it('closes with Esc without saving', async () => {
    const sent = routeCreate()
    const w = await openDialog(null, { transitions: true })
    await type('enterprise-form-name', '甲公司')
    await type('enterprise-form-creditCode', '91350100M000100Y43')
    await press('enterprise-form-name', { key: 'Escape', code: 'Escape' })
    expect(w.emitted('update:modelValue')?.at(-1)).toEqual([false])
    expect(sent).toHaveLength(0)
    expect(invokeMock.mock.calls.filter(([c]) => c === 'create_enterprise')).toHaveLength(0)
    expect(w.emitted('saved')).toBeUndefined()
  })

  it('保存并新增 saves, then shows a blank form with one empty primary contact and stays open', async () => {
    const sent = routeCreate()
    const w = await openDialog()
    await type('enterprise-form-name', '甲公司')
    await type('enterprise-form-creditCode', '91350100M000100Y43')
    await type('enterprise-form-mainProducts', '精密轴承')
    await click('[data-testid=enterprise-form-isHighTech] input')
    await type('enterprise-form-contacts-0-name', '王经理')
    await click('[data-testid=enterprise-contact-add]')
    await type('enterprise-form-contacts-1-name', '李工')
    await click('[data-testid=enterprise-contact-1-primary] input')
    expect(contactRows()).toHaveLength(2)
    await click('[data-testid=enterprise-form-save-new]')

    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ name: '甲公司', mainProducts: '精密轴承', isHighTech: true })
    expect(sent[0]?.contacts.map((c) => [c.name, c.isPrimary])).toEqual([
      ['王经理', false],
      ['李工', true],
    ])
    expect(w.emitted('saved')).toHaveLength(1)
    expect(w.emitted('update:modelValue')).toBeUndefined()
    expect(q('[data-testid=enterprise-dialog]').isConnected).toBe(true)
    expect(q('[data-testid=enterprise-dialog]').textContent).toContain('新增企业')
    expect(q<HTMLInputElement>('[data-testid=enterprise-form-name] input').value).toBe('')
    expect(q<HTMLInputElement>('[data-testid=enterprise-form-creditCode] input').value).toBe('')
    expect(q<HTMLInputElement>('[data-testid=enterprise-form-mainProducts] input').value).toBe('')
    expect(q<HTMLInputElement>('[data-testid=enterprise-form-isHighTech] input').checked).toBe(false)
    expect(contactRows()).toEqual([['', '', '', '']])
    expect(q<HTMLInputElement>('[data-testid=enterprise-contact-0-primary] input').checked).toBe(true)
    expect(errorOf('enterprise-item-name')).toBeUndefined()
    expect(document.activeElement).toBe(q('[data-testid=enterprise-form-name] input'))

    // The next entry goes in as a new enterprise with its own contact.
    await type('enterprise-form-name', '乙公司')
    await type('enterprise-form-creditCode', '91110000600037341L')
    await type('enterprise-form-contacts-0-name', '赵六')
    await press('enterprise-form-contacts-0-name', { key: 'Enter' })
    expect(sent).toHaveLength(2)
    expect(sent[1]).toMatchObject({ name: '乙公司', mainProducts: null, isHighTech: false })
    expect(sent[1]?.contacts).toEqual([
      { id: null, name: '赵六', position: null, phone: null, email: null, isPrimary: true },
    ])
    expect(invokeMock.mock.calls.filter(([c]) => c === 'update_enterprise')).toHaveLength(0)
    expect(w.emitted('update:modelValue')?.at(-1)).toEqual([false])
  })

  it('保存并新增 after a kept credit code: the reason is saved with it and the next entry starts without one', async () => {
    const sent = routeCreate((input) => {
      if (input.creditCode.endsWith('Y44') && !input.creditCodeOverride) throw CHECK_FAILS
      return { record: stored(input), warnings: [] }
    })
    const w = await openDialog()
    await type('enterprise-form-name', '福建某某科技有限公司')
    await type('enterprise-form-creditCode', '91350100M000100Y44')
    await click('[data-testid=enterprise-form-save-new]')
    expect(sent).toHaveLength(1)
    expect(w.emitted('saved')).toBeUndefined()
    expect(q('[data-testid=enterprise-item-creditCodeOverride]').textContent).toContain('仍然保存（请说明原因）')

    await type('enterprise-form-creditCodeOverride', '与营业执照原件核对无误')
    await click('[data-testid=enterprise-form-save-new]')
    expect(sent).toHaveLength(2)
    expect(sent[1]).toMatchObject({ creditCode: '91350100M000100Y44', creditCodeOverride: '与营业执照原件核对无误' })
    expect(w.emitted('saved')).toHaveLength(1)
    expect(w.emitted('update:modelValue')).toBeUndefined()
    expect(q<HTMLInputElement>('[data-testid=enterprise-form-name] input').value).toBe('')
    expect(document.querySelector('[data-testid=enterprise-form-creditCodeOverride]')).toBeNull()
    expect(document.querySelector('[data-testid=enterprise-override-hint]')).toBeNull()

    await type('enterprise-form-name', '甲公司')
    await type('enterprise-form-creditCode', '91350100M000100Y43')
    await press('enterprise-form-name', { key: 'Enter' })
    expect(sent).toHaveLength(3)
    expect(sent[2]).toMatchObject({ name: '甲公司', creditCodeOverride: null })
  })
})
