/**
 * Messages of the 技术需求 page, in both languages; zh-CN.ts and en.ts mount them under `needsPage`. The two objects must
 * have the same keys (the locale test checks the merged files).
 */
export const needsMessages = {
  zh: {
    heading: '技术需求',
  },
  en: {
    heading: 'Technical needs',
  },
}
