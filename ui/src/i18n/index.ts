import { createI18n } from 'vue-i18n'
import en from './messages/en'
import zhCN, { type MessageSchema } from './messages/zh-CN'

/** The languages of the interface; zh-CN is the default. */
export const APP_LOCALES = ['zh-CN', 'en'] as const

/** One of {@link APP_LOCALES}. */
export type AppLocale = (typeof APP_LOCALES)[number]

/** The localStorage key that remembers the chosen language. */
export const LOCALE_STORAGE_KEY = 'ledger.locale'

const DEFAULT_LOCALE: AppLocale = 'zh-CN'

/** Whether a value names a supported language. */
export function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (APP_LOCALES as readonly string[]).includes(value)
}

/** The remembered language, or zh-CN when none (or an unknown one) is stored or storage is unavailable. */
export function readStoredLocale(): AppLocale {
  try {
    const stored = window.localStorage.getItem(LOCALE_STORAGE_KEY)
    return isAppLocale(stored) ? stored : DEFAULT_LOCALE
  } catch {
    return DEFAULT_LOCALE
  }
}

/** Creates the app's i18n instance (composition API) in the remembered language. */
export function createAppI18n(locale: AppLocale = readStoredLocale()) {
  document.documentElement.lang = locale
  return createI18n<[MessageSchema], AppLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: { 'zh-CN': zhCN, en },
  })
}

/** Anything with a writable `locale`, such as the composer returned by `useI18n()` or `i18n.global`. */
export interface LocaleTarget {
  locale: { value: string }
}

/** Switches the interface language, remembers it in localStorage and sets `<html lang>`. */
export function applyLocale(target: LocaleTarget, locale: AppLocale): void {
  target.locale.value = locale
  document.documentElement.lang = locale
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    // Storage can be disabled; the choice then lasts for this session only.
  }
}
