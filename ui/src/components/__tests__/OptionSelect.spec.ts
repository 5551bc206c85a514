import type { VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import OptionSelect from '@/components/OptionSelect.vue'
import { mountInApp, q, settle } from '@/test-utils/mount'

describe('OptionSelect', () => {
  let wrapper: VueWrapper | undefined

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  /** Mounts the select with `props`, opens its list and returns the model and the options shown. */
  async function open(props: Record<string, unknown>) {
    const value = ref<string | null>(null)
    const Host = defineComponent({
      setup: () => () =>
        h(OptionSelect<string | null>, {
          modelValue: value.value,
          'onUpdate:modelValue': (v: string | null) => (value.value = v),
          'data-testid': 'pick',
          ...props,
        } as never),
    })
    wrapper = mountInApp(Host)
    await settle()
    q('[data-testid=pick] .el-select__wrapper').click()
    await settle()
    const options = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')]
    return { value, options }
  }

  it('labels codes from their enum group, gives each option its test id and sets the model to the code', async () => {
    const { value, options } = await open({ options: ['phone', 'on_site'], group: 'visitMode', optionTestid: 'mode-' })
    expect(options.map((o) => o.textContent?.trim())).toEqual(['电话', '实地'])
    expect(options.map((o) => o.dataset.testid)).toEqual(['mode-phone', 'mode-on_site'])
    options[1]!.click()
    await settle()
    expect(value.value).toBe('on_site')
  })

  it('labels codes with labelOf and records by their name, with no test ids unless asked', async () => {
    const coded = await open({ options: ['C'], labelOf: (code: string) => `${code} 制造业` })
    expect(coded.options.map((o) => o.textContent?.trim())).toEqual(['C 制造业'])
    expect(coded.options[0]!.dataset.testid).toBeUndefined()
    wrapper!.unmount()
    document.body.innerHTML = ''

    const records = await open({ options: [{ id: 'o1', name: '浙江大学' }] })
    expect(records.options.map((o) => o.textContent?.trim())).toEqual(['浙江大学'])
    records.options[0]!.click()
    await settle()
    expect(records.value.value).toBe('o1')
  })
})
