import { describe, expect, it } from 'vitest'
import {
  adjustmentProblems,
  defaultPeriod,
  gradeShares,
  newRule,
  percentText,
  recordLink,
  ruleCap,
  schemeProblems,
  sortRows,
} from '../assessment'
import { defaultScheme, scoreRow, sheetOf } from './fixtures'

const name = (s: string) => s

describe('the period 新建期间 offers', () => {
  it('is last calendar year in the first half of a year and this one after', () => {
    expect(defaultPeriod(new Date(2026, 0, 15))).toEqual({
      name: '2025',
      startDate: '2025-01-01',
      endDate: '2025-12-31',
    })
    expect(defaultPeriod(new Date(2026, 5, 30)).name).toBe('2025')
    expect(defaultPeriod(new Date(2026, 11, 7))).toEqual({
      name: '2026',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
    })
  })
})

describe('the share per grade', () => {
  it('gives every grade its count and percentage, best first', () => {
    const rows = [
      scoreRow('a', '甲', 95, 'excellent'),
      scoreRow('b', '乙', 80, 'good'),
      scoreRow('c', '丙', 78, 'good'),
      scoreRow('d', '丁', 40, 'fail'),
      scoreRow('e', '戊', 70, 'pass'),
      scoreRow('f', '己', 76, 'good'),
      scoreRow('g', '庚', 77, 'good'),
      scoreRow('h', '辛', 61, 'pass'),
    ]
    const shares = gradeShares(sheetOf(rows).distribution)
    expect(shares.map((s) => [s.label, s.count, s.percent])).toEqual([
      ['优秀', 1, '12.5%'],
      ['良好', 4, '50%'],
      ['合格', 2, '25%'],
      ['不合格', 1, '12.5%'],
    ])
    expect(shares[1]!.width).toBe(50)
  })

  it('is 0 % for every grade of a period without experts', () => {
    expect(gradeShares(sheetOf([]).distribution).map((s) => s.percent)).toEqual(['0%', '0%', '0%', '0%'])
  })

  it('rounds to one decimal', () => {
    expect(percentText(1 / 3)).toBe('33.3%')
    expect(percentText(2 / 3)).toBe('66.7%')
  })
})

describe('sorting the rows', () => {
  const rows = [
    scoreRow('a', '王五', 92, 'excellent'),
    scoreRow('b', '李四', 70, 'pass', { adjustments: 3 }),
    scoreRow('c', '张三', 70, 'pass', { adjustments: -2 }),
    scoreRow('d', '赵六', 30, 'fail'),
  ]

  it('keeps the core order without a sort', () => {
    expect(sortRows(rows, null, null).map((r) => r.expertId)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('sorts by total either way, ties kept in the core order', () => {
    expect(sortRows(rows, 'total', 'ascending').map((r) => r.expertId)).toEqual(['d', 'b', 'c', 'a'])
    expect(sortRows(rows, 'total', 'descending').map((r) => r.expertId)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('sorts by an item’s points, the adjustments, the grade and the name (pinyin)', () => {
    expect(sortRows(rows, 'item:service_days', 'descending').map((r) => r.expertId)).toEqual(['a', 'b', 'c', 'd'])
    expect(sortRows(rows, 'adjustments', 'ascending').map((r) => r.expertId)).toEqual(['c', 'a', 'd', 'b'])
    expect(sortRows(rows, 'grade', 'ascending').map((r) => r.grade)).toEqual(['excellent', 'pass', 'pass', 'fail'])
    expect(sortRows(rows, 'name', 'ascending').map((r) => r.expertName)).toEqual(['李四', '王五', '张三', '赵六'])
  })
})

describe('the 加分/扣分 form', () => {
  it('needs points and a reason', () => {
    expect(adjustmentProblems({ points: null, reason: ' ' }, 10, 0)).toEqual([
      { field: 'points', key: 'pointsRequired' },
      { field: 'reason', key: 'reasonRequired' },
    ])
  })

  it('refuses 0 and more than two decimals', () => {
    expect(adjustmentProblems({ points: 0, reason: '表彰' }, 10, 0)[0]!.key).toBe('pointsInvalid')
    expect(adjustmentProblems({ points: 1.234, reason: '表彰' }, 10, 0)[0]!.key).toBe('pointsInvalid')
    expect(adjustmentProblems({ points: -1.25, reason: '表彰' }, 10, 0)).toEqual([])
  })

  it('keeps the expert’s adjustments within the limit, either way', () => {
    expect(adjustmentProblems({ points: 4, reason: '表彰' }, 10, 6)).toEqual([])
    expect(adjustmentProblems({ points: 5, reason: '表彰' }, 10, 6)).toEqual([
      { field: 'points', key: 'overLimit', params: { limit: 10, sum: 6, after: 11 } },
    ])
    expect(adjustmentProblems({ points: -3, reason: '通报' }, 10, -8)[0]!.params).toEqual({
      limit: 10,
      sum: -8,
      after: -11,
    })
  })
})

describe('the scheme editor’s checks', () => {
  it('find nothing in the default scheme', () => {
    expect(schemeProblems(defaultScheme(), name)).toEqual([])
  })

  it('name each mistake on the core’s field path', () => {
    const s = defaultScheme()
    s.items[1]!.source = 'service_days'
    s.items[0]!.rule = { kind: 'per_unit', pointsPerUnit: 0, cap: Number.NaN }
    s.items[3]!.rule = { kind: 'tiers', tiers: [{ threshold: -1, inclusive: true, points: 200 }] }
    s.satisfactionWeights.basicallySatisfied = 1.5
    s.adjustmentLimit = -1
    s.thresholds = { excellent: 70, good: 75, pass: 60 }
    s.excellentCapPercent = 0
    expect(schemeProblems(s, name).map((p) => p.field)).toEqual([
      'items[0].rule.pointsPerUnit',
      'items[0].rule.cap',
      'items[1].source',
      'items[3].rule.tiers[0].threshold',
      'items[3].rule.tiers[0].points',
      'satisfactionWeights.basicallySatisfied',
      'adjustmentLimit',
      'thresholds',
      'excellentCapPercent',
    ])
  })

  it('want at least one item and one tier', () => {
    const s = defaultScheme()
    s.items = [{ source: 'contract_amount', rule: { kind: 'tiers', tiers: [] } }]
    expect(schemeProblems(s, name).map((p) => p.key)).toEqual(['noTiers'])
    s.items = []
    expect(schemeProblems(s, name).map((p) => p.key)).toEqual(['noItems'])
  })

  it('give a new rule of each kind that passes, and its cap', () => {
    expect(ruleCap(newRule('per_unit'))).toBe(10)
    expect(ruleCap(defaultScheme().items[3]!.rule)).toBe(10)
    const s = defaultScheme()
    s.items[0]!.rule = newRule('tiers')
    expect(schemeProblems(s, name)).toEqual([])
  })
})

describe('the records behind an item', () => {
  it('open in their list', () => {
    expect(recordLink('service_record', 's1')).toEqual({ path: '/services', query: { open: 's1' } })
    expect(recordLink('visit', 'v1').path).toBe('/visits')
    expect(recordLink('need', 'n1').path).toBe('/needs')
  })
})
