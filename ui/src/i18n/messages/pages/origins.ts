/** 来源: the origins of records where several meet (the lists' filter and column, the 统计导出 scope). */
export const originsMessages = {
  zh: {
    filter: '来源',
    scope: '来源',
    allOrigins: '全部来源',
  },
  en: {
    filter: 'Origin',
    scope: 'Origin',
    allOrigins: 'All origins',
  },
}
