import { mount, type VueWrapper } from '@vue/test-utils'
import { ElForm } from 'element-plus'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, reactive } from 'vue'
import { provideFormContext } from '@/composables/formContext'
import { createAppI18n } from '@/i18n'
import { fakeClockPerTest, fieldError, q, settleForm, typeInto } from '@/test-utils/forms'
import FormField from '../FormField.vue'

describe('FormField', () => {
  fakeClockPerTest()
  let wrapper: VueWrapper | undefined
  const form = reactive<Record<string, unknown>>({ name: '浙大', region: '' })
  const onKeydown = vi.fn()

  function mountForm(serverError: (field: string) => string = () => '', slot = false): void {
    const Host = defineComponent({
      setup() {
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
      },
    })
    wrapper = mount(Host, { global: { plugins: [createAppI18n('zh-CN')] }, attachTo: document.body })
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

  it('shows the core’s complaint under the field, and holds a control of its own', async () => {
    mountForm((field) => (field === 'name' ? '名称已存在' : field === 'regionCode' ? '地区不存在' : ''), true)
    await settleForm()
    expect(fieldError('org-item-name')).toBe('名称已存在')
    expect(fieldError('org-item-region')).toBe('地区不存在')
    expect(q('[data-testid=org-item-region] [data-testid=own-control]').textContent).toBe('自选')
  })
})
