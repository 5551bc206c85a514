import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElFormItem, ElInput, type FormInstance } from 'element-plus'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, reactive, ref } from 'vue'
import { provideFormContext } from '@/composables/formContext'
import { createAppI18n } from '@/i18n'
import { q } from '@/test-utils/forms'
import LedgerForm from '../LedgerForm.vue'

describe('LedgerForm', () => {
  let wrapper: VueWrapper | undefined

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  /** Mounts a form with one required field, in `locale`; returns the context's form ref. */
  async function mountForm(locale: 'zh-CN' | 'en' = 'zh-CN') {
    const form = reactive({ name: '' })
    const formRef = ref<FormInstance>()
    const Host = defineComponent({
      setup() {
        provideFormContext({ messages: 'organizations.org', prefix: 'org', form, serverError: () => '', formRef })
        const rules = { name: [{ required: true, message: '必填', trigger: 'blur' }] }
        return () =>
          h(LedgerForm, { rules, labelWidth: '84px', labelWidthEn: '120px', class: 'org-form' }, () =>
            h(ElFormItem, { label: '名称', prop: 'name' }, () => h(ElInput, { modelValue: form.name })),
          )
      },
    })
    wrapper = mount(Host, { global: { plugins: [createAppI18n(locale)] }, attachTo: document.body })
    await flushPromises()
    return { form, formRef }
  }

  it('is the form of the context: its model and rules, found through the context’s ref, in the shared look', async () => {
    const { form, formRef } = await mountForm()
    expect(q('form').classList).toContain('ledger-form')
    expect(q('form').classList).toContain('org-form')
    expect(q<HTMLElement>('.el-form-item__label').style.width).toBe('84px')
    await expect(formRef.value!.validate()).rejects.toBeTruthy()
    form.name = '浙江大学'
    await expect(formRef.value!.validate()).resolves.toBe(true)
  })

  it('gives its labels the English width in English', async () => {
    await mountForm('en')
    expect(q<HTMLElement>('.el-form-item__label').style.width).toBe('120px')
  })
})
