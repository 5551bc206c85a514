import { mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import LocaleSwitch from '@/components/LocaleSwitch.vue'
import { applyLocale, createAppI18n, LOCALE_STORAGE_KEY, readStoredLocale } from '@/i18n'
import en from '@/i18n/messages/en'
import zhCN from '@/i18n/messages/zh-CN'

function leafKeys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? leafKeys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  )
}

describe('locale', () => {
  beforeEach(() => {
    window.localStorage.clear()
  })

  it('defaults to zh-CN and ignores unknown stored values', () => {
    expect(createAppI18n().global.locale.value).toBe('zh-CN')
    window.localStorage.setItem(LOCALE_STORAGE_KEY, 'fr')
    expect(readStoredLocale()).toBe('zh-CN')
  })

  it('remembers English in localStorage and a fresh i18n starts in English', () => {
    const i18n = createAppI18n()
    applyLocale(i18n.global, 'en')
    expect(i18n.global.locale.value).toBe('en')
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en')
    expect(document.documentElement.lang).toBe('en')

    const fresh = createAppI18n()
    expect(fresh.global.locale.value).toBe('en')
    expect(fresh.global.t('nav.experts')).toBe('Commissioners')
  })

  it('switches through the LocaleSwitch radio buttons', async () => {
    const i18n = createAppI18n()
    const wrapper = mount(LocaleSwitch, { global: { plugins: [i18n] } })
    expect(wrapper.find('[data-testid=locale-switch]').exists()).toBe(true)
    await wrapper.find('[data-testid=locale-en] input').setValue(true)
    expect(i18n.global.locale.value).toBe('en')
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en')
    await wrapper.find('[data-testid=locale-zh-CN] input').setValue(true)
    expect(i18n.global.locale.value).toBe('zh-CN')
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('zh-CN')
  })

  it('has the same keys in both languages and every message compiles under the runtime compiler', () => {
    const keys = leafKeys(zhCN)
    expect(leafKeys(en)).toEqual(keys)
    const { global } = createAppI18n('zh-CN')
    for (const locale of ['zh-CN', 'en'] as const) {
      global.locale.value = locale
      for (const key of keys) {
        const text = global.t(key, {
          n: 3,
          max: 50,
          char: 'x',
          pos: 9,
          list: '3 条服务记录',
          name: '张三',
          message: 'm',
        })
        expect(text, `${locale}:${key}`).not.toBe(key)
        expect(text, `${locale}:${key}`).not.toMatch(/[{}]/)
      }
    }
    global.locale.value = 'zh-CN'
    expect(global.t('validation.mobileLength', { n: 10 })).toBe('手机号码格式不正确：应为 11 位数字，现为 10 位')
    expect(global.t('validation.emailFormat')).toContain('name@example.com')
  })
})
