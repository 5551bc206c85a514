/**
 * Messages of the 走访记录 page, in both languages; zh-CN.ts and en.ts mount them under `visitsPage`. The two objects must
 * have the same keys (the locale test checks the merged files).
 */
export const visitsMessages = {
  zh: {
    heading: '走访记录',
  },
  en: {
    heading: 'Visits',
  },
}
