/**
 * Messages of the 工作台 page, in both languages; zh-CN.ts and en.ts mount them under `dashboardPage`. The two objects must
 * have the same keys (the locale test checks the merged files).
 */
export const dashboardMessages = {
  zh: {
    heading: '工作台',
  },
  en: {
    heading: 'Dashboard',
  },
}
