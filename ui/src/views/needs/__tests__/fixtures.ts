import dayjs from 'dayjs'
import type { ExpertSuggestion, Need, NeedBoard, NeedRow, NeedStage } from '@/api'

/** A day `n` days before today, `YYYY-MM-DD`. */
export function daysAgo(n: number): string {
  return dayjs().subtract(n, 'day').format('YYYY-MM-DD')
}

/** Today, `YYYY-MM-DD`. */
export function today(): string {
  return dayjs().format('YYYY-MM-DD')
}

/** A board card / list row. */
export function needRow(partial: Partial<NeedRow> & { id: string; stage: NeedStage }): NeedRow {
  return {
    origins: [],
    title: `需求 ${partial.id}`,
    enterpriseId: 'ent-1',
    enterpriseName: '湖州电梯有限公司',
    source: 'self_reported',
    needType: 'tech_breakthrough',
    discipline: null,
    budgetFen: null,
    urgency: 'normal',
    stageChangedOn: daysAgo(3),
    stale: false,
    expertNames: [],
    createdAt: '2026-01-01T00:00:00Z',
    ...partial,
  }
}

/** Three cards on the board: one found, one refined, one stale in 对接; counts larger than the cards shown. */
export const ROW_FOUND = needRow({ id: 'n1', stage: 'discovered', title: '电梯导轨异响', urgency: 'high' })
export const ROW_REFINED = needRow({
  id: 'n2',
  stage: 'refined',
  title: '曳引机能耗优化',
  needType: 'process_improvement',
})
export const ROW_STALE = needRow({
  id: 'n3',
  stage: 'matched',
  title: '控制柜散热',
  urgency: 'low',
  stageChangedOn: daysAgo(45),
  stale: true,
  expertNames: ['李娜'],
})

export function boardFixture(): NeedBoard {
  return {
    columns: [
      { stage: 'discovered', count: 12, cards: [ROW_FOUND] },
      { stage: 'refined', count: 1, cards: [ROW_REFINED] },
      { stage: 'matched', count: 1, cards: [ROW_STALE] },
      { stage: 'solving', count: 0, cards: [] },
      { stage: 'solved', count: 7, cards: [] },
      { stage: 'shelved', count: 0, cards: [] },
    ],
  }
}

/** The stored need of a row (revision 3, found 10 days ago, moved 3 days ago). */
export function needOf(row: NeedRow, partial: Partial<Need> = {}): Need {
  return {
    id: row.id,
    enterpriseId: row.enterpriseId,
    enterpriseName: row.enterpriseName,
    visitId: null,
    visitDate: null,
    source: row.source,
    title: row.title,
    originalText: '导轨运行时有  异响，\n客户投诉多。',
    refinedProblem: row.stage === 'discovered' ? null : '导轨接头处振动',
    refinedKeyTech: null,
    refinedTarget: null,
    needType: row.needType,
    discipline: '机械工程',
    budgetFen: 12_500_000,
    urgency: row.urgency,
    stage: row.stage,
    stageChangedOn: row.stageChangedOn,
    mergedIntoId: null,
    matches: [],
    events: [
      {
        id: 'ev1',
        fromStage: null,
        toStage: 'discovered',
        changedOn: daysAgo(10),
        note: null,
        createdAt: '2026-01-01T00:00:00Z',
      },
      ...(row.stage === 'discovered'
        ? []
        : [
            {
              id: 'ev2',
              fromStage: 'discovered' as const,
              toStage: row.stage,
              changedOn: row.stageChangedOn,
              note: '已与企业确认',
              createdAt: '2026-01-02T00:00:00Z',
            },
          ]),
    ],
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-02T00:00:00Z',
    revision: 3,
    ...partial,
  }
}

export const SUGGESTIONS: ExpertSuggestion[] = [
  {
    expertId: 'x1',
    name: '李娜',
    title: 'senior',
    organizationName: '浙江大学',
    discipline: '机械工程',
    specialties: ['振动控制'],
    score: 55,
    reasons: [
      {
        kind: 'discipline',
        detail: '专业领域“机械工程”与需求相符',
        detailEn: 'Discipline 机械工程 fits the need',
        points: 30,
      },
      { kind: 'region', detail: '同在湖州市', detailEn: 'Same city (湖州市)', points: 15 },
      { kind: 'load', detail: '在办需求 1 项', detailEn: '1 open need', points: 10 },
    ],
    openNeeds: 1,
    recentServiceDays: 4.5,
    matchId: null,
  },
  {
    expertId: 'x2',
    name: '王强',
    title: 'associate_senior',
    organizationName: null,
    discipline: null,
    specialties: [],
    score: 12,
    reasons: [{ kind: 'load', detail: '近期无在办需求', detailEn: 'No open needs', points: 12 }],
    openNeeds: 0,
    recentServiceDays: 0,
    matchId: null,
  },
]

/** The core's refusal of an illegal jump (field `to`). */
export const ILLEGAL_MOVE = {
  code: 'validation',
  message: '不能从“挖掘”直接改为“已解决”；“挖掘”之后可改为：凝练、搁置',
  messageEn:
    'A need cannot move from 挖掘 (discovered) to 已解决 (solved); from 挖掘 (discovered) it can move to: 凝练 (refined), 搁置 (shelved)',
  fields: [
    {
      field: 'to',
      message: '不能从“挖掘”直接改为“已解决”；“挖掘”之后可改为：凝练、搁置',
      messageEn:
        'A need cannot move from 挖掘 (discovered) to 已解决 (solved); from 挖掘 (discovered) it can move to: 凝练 (refined), 搁置 (shelved)',
    },
  ],
}
