/**
 * Messages of the 工作台 page, in both languages; zh-CN.ts and en.ts mount them under `dashboardPage`. The two objects must
 * have the same keys (the locale test checks the merged files).
 */
export const dashboardPageMessages = {
  zh: {
    heading: '工作台',
    greeting: {
      morning: '上午好',
      afternoon: '下午好',
      evening: '晚上好',
    },
    today: '{greeting}，今天是 {date}，第 {week} 周',
    refresh: '刷新',
    loadFailed: '工作台加载失败：{message}',
    retry: '重试',
    months: {
      title: '本月与上月',
      period: '{this} 对比 {last}',
    },
    figures: {
      visits: '走访次数',
      serviceDays: '服务天数',
      serviceRecords: '服务记录',
      needsSolved: '解决需求',
    },
    units: {
      visits: '次',
      serviceDays: '天',
      serviceRecords: '条',
      needsSolved: '项',
    },
    lastMonth: '上月',
    same: '持平',
    changeUp: '比上月多 {n}',
    changeDown: '比上月少 {n}',
    capped: '共 {total} 项，显示前 {shown} 项',
    due: {
      title: '本周到期',
      hint: '今天至 {end}',
      empty: '本周没有到期的跟进',
      today: '今天',
    },
    overdue: {
      title: '已逾期',
      hint: '跟进日期已过，之后还没有再走访',
      empty: '没有逾期的跟进，跟进都很及时',
      days: '逾期 {n} 天',
    },
    followUp: {
      nextStep: '下一步：{text}',
      purpose: '目的：{text}',
      none: '未填写目的和下一步',
    },
    stale: {
      title: '停滞需求',
      hint: '30 天以上没有进展',
      empty: '进行中的需求近 30 天内都有进展',
      days: '{n} 天未推进',
    },
    idle: {
      title: '本月未服务的专员',
      hint: '在岗专员，本月还没有服务记录',
      empty: '本月每位在岗专员都有服务记录',
      never: '从未服务',
      last: '上次服务 {date}',
      noOrganization: '未填派出单位',
    },
  },
  en: {
    heading: 'Dashboard',
    greeting: {
      morning: 'Good morning',
      afternoon: 'Good afternoon',
      evening: 'Good evening',
    },
    today: '{greeting}. Today is {date}, week {week}.',
    refresh: 'Refresh',
    loadFailed: 'The dashboard could not be loaded: {message}',
    retry: 'Retry',
    months: {
      title: 'This month and last',
      period: '{this} against {last}',
    },
    figures: {
      visits: 'Visits',
      serviceDays: 'Service days',
      serviceRecords: 'Service records',
      needsSolved: 'Needs solved',
    },
    units: {
      visits: 'visits',
      serviceDays: 'days',
      serviceRecords: 'records',
      needsSolved: 'needs',
    },
    lastMonth: 'Last month',
    same: 'Same',
    changeUp: '{n} more than last month',
    changeDown: '{n} fewer than last month',
    capped: '{total} in all, the first {shown} shown',
    due: {
      title: 'Due this week',
      hint: 'today to {end}',
      empty: 'No follow-ups due this week',
      today: 'Today',
    },
    overdue: {
      title: 'Overdue',
      hint: 'follow-up date passed, no visit since',
      empty: 'No overdue follow-ups: all on time',
      days: '{n} d overdue',
    },
    followUp: {
      nextStep: 'Next: {text}',
      purpose: 'Purpose: {text}',
      none: 'No purpose or next step given',
    },
    stale: {
      title: 'Stalled needs',
      hint: 'no progress for 30 days or more',
      empty: 'Every open need has moved in the last 30 days',
      days: '{n} d idle',
    },
    idle: {
      title: 'Commissioners without service this month',
      hint: 'active, no service record this month yet',
      empty: 'Every active commissioner has served this month',
      never: 'Never served',
      last: 'Last served {date}',
      noOrganization: 'No dispatching unit',
    },
  },
}
