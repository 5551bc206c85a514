/** Messages of the language switch, in both languages; mounted under `locale`. */
export const localeMessages = {
  zh: {
    label: '语言',
    'zh-CN': '中文',
    en: 'English',
  },
  en: {
    label: 'Language',
    'zh-CN': '中文',
    en: 'English',
  },
}
