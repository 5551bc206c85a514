/**
 * Messages of the first run (the 工作台's first steps on an empty ledger, an empty list's 导入) and of the demo ledger
 * (示例数据 in the header, 返回我的台账), in both languages; mounted under `firstRun`.
 */
export const firstRunMessages = {
  zh: {
    heading: '欢迎使用科技专员服务台账',
    intro: '台账还是空的。按下面几步开始；也可以先打开示例数据看看各页面用起来是什么样子。',
    importFile: '导入',
    steps: {
      report: {
        title: '填写报表信息',
        text: '填报单位和填报人会印在每一份导出的报表上。',
        action: '去填写',
        done: '已填写',
      },
      experts: {
        title: '导入花名册 / 新增专员',
        text: '从 Excel 花名册一次导入科技专员，或逐个新增。',
        import: '导入花名册',
        add: '新增专员',
      },
      enterprises: {
        title: '导入企业名录',
        text: '导入服务企业名录，统一社会信用代码逐条校验，重复的企业会被指出。',
        action: '导入企业名录',
      },
      demo: {
        title: '先看看示例数据',
        text: '打开一个单独的示例台账（约 50 名专员、300 家企业和截至今天的三年记录），与您的数据完全分开，随时一键返回。',
        action: '打开示例数据',
      },
    },
    demo: {
      mark: '示例数据',
      hint: '正在查看示例台账：这里的数据是生成的，与您的台账分开保存',
      leave: '返回我的台账',
      openFailed: '无法打开示例数据：{message}',
      leaveFailed: '无法返回我的台账：{message}',
    },
    operator: {
      heading: '操作人',
      hint: '每一处修改在“历史”中记为此人所做。多人共用一台电脑时，请填写正在使用的人。',
      label: '操作人',
      placeholder: '留空则记为电脑登录名',
      saved: '操作人已保存',
    },
  },
  en: {
    heading: 'Welcome to the S&T Commissioner Service Ledger',
    intro:
      'The ledger is still empty. Start with the steps below, or open the demo data first to see the pages in use.',
    importFile: 'Import',
    steps: {
      report: {
        title: 'Fill in the report details',
        text: 'The reporting unit and the reporter are printed on every exported report.',
        action: 'Fill in',
        done: 'Done',
      },
      experts: {
        title: 'Import the roster / add a commissioner',
        text: 'Import the commissioners from an Excel roster at once, or add them one by one.',
        import: 'Import the roster',
        add: 'Add a commissioner',
      },
      enterprises: {
        title: 'Import the enterprise list',
        text: 'Import the enterprises served; every credit code is checked and duplicates are pointed out.',
        action: 'Import enterprises',
      },
      demo: {
        title: 'Look at the demo data first',
        text: 'Opens a separate demo ledger (about 50 commissioners, 300 enterprises and three years of records up to today), kept apart from your data; one click brings you back.',
        action: 'Open the demo data',
      },
    },
    demo: {
      mark: 'Demo data',
      hint: 'You are looking at the demo ledger: its data is made up and kept apart from your ledger',
      leave: 'Back to my ledger',
      openFailed: 'The demo data could not be opened: {message}',
      leaveFailed: 'Could not go back to your ledger: {message}',
    },
    operator: {
      heading: 'Operator',
      hint: 'Every change is recorded in the history as made by this person. On a shared computer, name whoever is using it.',
      label: 'Operator',
      placeholder: 'Blank: the computer’s login name',
      saved: 'Operator saved',
    },
  },
}
