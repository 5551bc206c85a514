import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { createAppI18n } from '@/i18n'
import { q, typeDate } from '@/test-utils/forms'
import DayPicker from '../DayPicker.vue'

describe('DayPicker', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('carries the test id on its wrapper and hands days in and out as YYYY-MM-DD', async () => {
    const day = ref<string | null>('2026-03-02')
    const Host = defineComponent({
      setup: () => () =>
        h(DayPicker, {
          modelValue: day.value,
          'onUpdate:modelValue': (v: string | null) => (day.value = v),
          testid: 'the-day',
          placeholder: '选择日期',
          clearable: false,
        }),
    })
    const wrapper = mount(Host, { global: { plugins: [createAppI18n('zh-CN')] }, attachTo: document.body })
    const input = q<HTMLInputElement>('[data-testid=the-day] input')
    expect(input.value).toBe('2026-03-02')
    expect(input.placeholder).toBe('选择日期')
    await typeDate('the-day', '2026-04-05')
    expect(day.value).toBe('2026-04-05')
    // Attributes reach the picker: without clearable there is no clear icon.
    expect(document.querySelector('[data-testid=the-day] .clear-icon')).toBeNull()
    wrapper.unmount()
  })
})
