/**
 * Messages of the 服务台账 page, in both languages; zh-CN.ts and en.ts mount them under `servicesPage`. The two objects must
 * have the same keys (the locale test checks the merged files).
 */
export const servicesMessages = {
  zh: {
    heading: '服务台账',
  },
  en: {
    heading: 'Service ledger',
  },
}
