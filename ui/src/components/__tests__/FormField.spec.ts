import { mount, type VueWrapper } from '@vue/test-utils'
import { ElForm } from 'element-plus'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { defineComponent, h, reactive, type VNode } from 'vue'
import { provideFormContext } from '@/composables/formContext'
import { createAppI18n } from '@/i18n'
import { fakeClockPerTest, fieldError, q, settleForm, typeInto } from '@/test-utils/forms'
import FormField from '../FormField.vue'

describe('FormField', () => {
  fakeClockPerTest()
  let wrapper: VueWrapper | undefined
  const form = reactive<Record<string, unknown>>({ name: '浙大', region: '' })
  const onKeydown = vi.fn()

  /** Mounts a host whose `setUp` provides a form's context and renders its fields. */
  function mountHost(setUp: () => () => VNode): void {
    const Host = defineComponent({ setup: setUp })
    wrapper = mount(Host, { global: { plugins: [createAppI18n('zh-CN')] }, attachTo: document.body })
  }

  function mountForm(serverError: (field: string) => string = () => '', slot = false): void {
    mountHost(() => {
      provideFormContext({ messages: 'organizations.org', prefix: 'org', form, serverError, onKeydown })
      return () =>
        h(ElForm, { model: form }, () => [
          h(FormField, { field: 'name', maxlength: 100 }),
          slot
            ? h(FormField, { field: 'region', alsoErrorOf: 'regionCode' }, () =>
                h('span', { 'data-testid': 'own-control' }, '自选'),
              )
            : h(FormField, { field: 'region', input: 'where' }),
        ])
    })
  }

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  it('labels the item from the messages and binds a text box to the form’s field', async () => {
    mountForm()
    expect(q('[data-testid=org-item-name] .el-form-item__label').textContent).toBe('单位名称')
    const box = q<HTMLInputElement>('[data-testid=org-form-name] input')
    expect(box.value).toBe('浙大')
    expect(box.maxLength).toBe(100)
    expect(box.placeholder).not.toBe('')
    await typeInto('org-form-name', '浙江大学')
    expect(form.name).toBe('浙江大学')
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    expect(onKeydown).toHaveBeenCalled()
    expect(document.querySelector('[data-testid=org-form-where] input')).not.toBeNull()
  })

  it('gives text boxes and text areas the core’s length limit of the field, and counts a text area’s characters', () => {
    const notes = reactive<Record<string, unknown>>({ name: '', notes: '', phone: '' })
    mountHost(() => {
      provideFormContext({ messages: 'expertForm', prefix: 'expert', form: notes, serverError: () => '' })
      return () =>
        h(ElForm, { model: notes }, () => [
          h(FormField, { field: 'name' }),
          h(FormField, { field: 'notes', kind: 'textarea' }),
          h(FormField, { field: 'phone' }),
        ])
    })
    expect(q<HTMLInputElement>('[data-testid=expert-form-name] input').maxLength).toBe(50)
    expect(q<HTMLTextAreaElement>('[data-testid=expert-form-notes] textarea').maxLength).toBe(2000)
    expect(q('[data-testid=expert-item-notes] .el-input__count').textContent).toContain('2000')
    expect(q<HTMLInputElement>('[data-testid=expert-form-phone] input').maxLength).toBe(-1)
    expect(document.querySelector('[data-testid=expert-item-name] .el-input__count')).toBeNull()
  })

  it('shows the core’s complaint under the field, and holds a control of its own', async () => {
    mountForm((field) => (field === 'name' ? '名称已存在' : field === 'regionCode' ? '地区不存在' : ''), true)
    await settleForm()
    expect(fieldError('org-item-name')).toBe('名称已存在')
    expect(fieldError('org-item-region')).toBe('地区不存在')
    expect(q('[data-testid=org-item-region] [data-testid=own-control]').textContent).toBe('自选')
  })

  it('offers the common controls bound to the field, in a column when given a span', async () => {
    const values = reactive<Record<string, unknown>>({
      kind: 'university',
      startDate: '2024-03-01',
      notes: '备注',
      year: 3,
    })
    mountHost(() => {
      provideFormContext({ messages: 'organizations.org', prefix: 'org', form: values, serverError: () => '' })
      return () =>
        h(ElForm, { model: values }, () => [
          h(FormField, {
            field: 'kind',
            kind: 'select',
            span: 12,
            options: ['university', 'other'],
            group: 'organizationKind',
          }),
          h(FormField, { field: 'startDate', kind: 'day', input: 'start' }),
          h(FormField, { field: 'notes', kind: 'textarea', rows: 3, placeholder: null }),
          h(FormField, { field: 'year', kind: 'number', min: 0 }),
        ])
    })
    await flushPromises()
    // The select sits in its column, shows the code's label, and its options carry `<field>-option-<code>`.
    expect(q('.el-col-12 [data-testid=org-item-kind] [data-testid=org-form-kind]')).toBeTruthy()
    expect(q('[data-testid=org-form-kind] .el-select__placeholder').textContent?.trim()).toBe('高校')
    q('[data-testid=org-form-kind] .el-select__wrapper').click()
    await flushPromises()
    q('[data-testid=kind-option-other]').click()
    await flushPromises()
    expect(values.kind).toBe('other')
    // The day picker's test id is on its wrapper; the text area has no placeholder when told so.
    expect(q<HTMLInputElement>('[data-testid=org-form-start] input').value).toBe('2024-03-01')
    const area = q<HTMLTextAreaElement>('[data-testid=org-form-notes] textarea')
    expect(area.rows).toBe(3)
    expect(area.placeholder).toBe('')
    await typeInto('org-form-notes', '新的备注', 'textarea')
    expect(values.notes).toBe('新的备注')
    expect(q<HTMLInputElement>('[data-testid=org-form-year] input').value).toBe('3')
    expect(document.querySelector('[data-testid=org-item-startDate]')?.closest('.el-col')).toBeNull()
  })

  it('takes a second form’s context, with the test ids that form names', async () => {
    const need = reactive<Record<string, unknown>>({ title: '需求' })
    mountHost(() => {
      provideFormContext({ messages: 'organizations.org', prefix: 'org', form, serverError: () => '' })
      const second = {
        messages: 'organizations.batch',
        prefix: 'visit-need',
        controls: 'visit-need-',
        form: need,
        serverError: () => '批次名称已存在',
      }
      return () => h(ElForm, { model: need }, () => [h(FormField, { field: 'title', context: second, label: '名称' })])
    })
    await flushPromises()
    expect(q<HTMLInputElement>('[data-testid=visit-need-title] input').value).toBe('需求')
    await vi.waitFor(() => expect(fieldError('visit-need-item-title')).toBe('批次名称已存在'))
  })
})
