/** Messages of the side menu, one label per route, in both languages; mounted under `nav`. */
export const navMessages = {
  zh: {
    dashboard: '工作台',
    experts: '科技专员',
    enterprises: '服务企业',
    organizations: '单位与批次',
    visits: '走访记录',
    needs: '技术需求',
    services: '服务台账',
    statistics: '统计导出',
    import: '导入数据',
    settings: '设置',
    'recycle-bin': '回收站',
  },
  en: {
    dashboard: 'Dashboard',
    experts: 'Commissioners',
    enterprises: 'Enterprises',
    organizations: 'Units & batches',
    visits: 'Visits',
    needs: 'Technical needs',
    services: 'Service ledger',
    statistics: 'Statistics & export',
    import: 'Import',
    settings: 'Settings',
    'recycle-bin': 'Recycle bin',
  },
}
