import type { Dashboard, FollowUpItem, Page } from '@/api'

/** A page of the home page's lists: the items and how many there are in all. */
export function page<T>(items: T[], total = items.length): Page<T> {
  return { items, total, page: 1, pageSize: 20 }
}

/** A follow-up with the given ids and dates; the rest filled in. */
export function followUp(
  partial: Partial<FollowUpItem> & Pick<FollowUpItem, 'visitId' | 'followUpDate'>,
): FollowUpItem {
  return {
    visitDate: '2026-02-20',
    enterpriseId: 'f1',
    enterpriseName: '湖州电梯有限公司',
    expertNames: ['李娜'],
    purpose: null,
    nextStep: null,
    ...partial,
  }
}

/**
 * The home page on Wednesday 2026-03-11 (ISO week 11, ending Sunday 2026-03-15): two follow-ups due (one today), the
 * first of 25 overdue ones, one stalled need and two idle experts (one never served). Month figures: visits up 3,
 * service days down 2.5, service records equal, needs solved down 1.
 */
export function dashboardFixture(): Dashboard {
  return {
    today: '2026-03-11',
    weekEnd: '2026-03-15',
    followUpsDue: page([
      followUp({
        visitId: 'v1',
        followUpDate: '2026-03-11',
        nextStep: '送样检测',
        purpose: '了解生产线',
        expertNames: ['李娜', '王强'],
      }),
      followUp({
        visitId: 'v2',
        followUpDate: '2026-03-13',
        enterpriseId: 'f2',
        enterpriseName: '浙江长兴新能源材料股份有限公司',
        purpose: '回访电池隔膜项目',
        expertNames: [],
      }),
    ]),
    followUpsOverdue: page(
      [followUp({ visitId: 'v3', followUpDate: '2026-03-04', enterpriseName: '德清智能装备有限公司' })],
      25,
    ),
    staleNeeds: page([
      {
        needId: 'n1',
        title: '曳引机噪声偏大',
        enterpriseId: 'f1',
        enterpriseName: '湖州电梯有限公司',
        stage: 'refined',
        stageChangedOn: '2026-01-25',
        idleDays: 45,
      },
    ]),
    idleExperts: page([
      { expertId: 'x1', name: '赵敏', organizationName: null, lastServiceDate: null },
      { expertId: 'x2', name: '孙浩', organizationName: '浙江工业大学', lastServiceDate: '2026-01-20' },
    ]),
    thisMonth: { month: '2026-03', visits: 12, serviceDays: 7.5, serviceRecords: 9, needsSolved: 2 },
    lastMonth: { month: '2026-02', visits: 9, serviceDays: 10, serviceRecords: 9, needsSolved: 3 },
  }
}

/** The home page of a ledger with nothing to chase: every list empty, no figures. */
export function quietDashboardFixture(): Dashboard {
  return {
    ...dashboardFixture(),
    followUpsDue: page([]),
    followUpsOverdue: page([]),
    staleNeeds: page([]),
    idleExperts: page([]),
    thisMonth: { month: '2026-03', visits: 0, serviceDays: 0, serviceRecords: 0, needsSolved: 0 },
    lastMonth: { month: '2026-02', visits: 0, serviceDays: 0, serviceRecords: 0, needsSolved: 0 },
  }
}
