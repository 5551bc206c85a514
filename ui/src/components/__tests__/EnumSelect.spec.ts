import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { createAppI18n } from '@/i18n'
import { click, selectedLabel } from '@/test-utils/forms'
import EnumSelect from '../EnumSelect.vue'

describe('EnumSelect', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('offers the codes with their labels and test ids, and holds the code picked', async () => {
    const value = ref<string | null>(null)
    const Host = defineComponent({
      setup: () => () =>
        h(EnumSelect<string | null>, {
          modelValue: value.value,
          'onUpdate:modelValue': (v: string | null) => (value.value = v),
          codes: ['university', 'institute'],
          group: 'organizationKind',
          optionTestid: 'kind-option-',
          'data-testid': 'kind',
        }),
    })
    const wrapper = mount(Host, { global: { plugins: [createAppI18n('zh-CN')] }, attachTo: document.body })
    expect(document.querySelector('[data-testid=kind-option-university]')?.textContent).toBe('高校')
    await click('kind-option-institute')
    expect(value.value).toBe('institute')
    expect(selectedLabel('kind')).toBe('科研院所')
    wrapper.unmount()
  })
})
