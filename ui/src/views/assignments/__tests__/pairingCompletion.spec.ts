import { describe, expect, it } from 'vitest'
import type { TargetPeriod } from '@/api'
import { completionCell, formatTargetValue, hasTargets, periodLabel } from '../pairingCompletion'

const figure = (actual: number, target: number | null, percent: number | null) => ({ actual, target, percent })

function period(label: string, withTargets: boolean): TargetPeriod {
  const t = (n: number) => (withTargets ? n : null)
  return {
    label,
    from: '2024-07-01',
    to: '2024-12-31',
    serviceDays: figure(4.5, t(10), withTargets ? 45 : null),
    visits: figure(1, t(4), withTargets ? 25 : null),
    needsSolved: figure(3, t(2), withTargets ? 150 : null),
    contractFen: figure(10_000_000, t(100_000_000), withTargets ? 10 : null),
  }
}

describe('pairingCompletion', () => {
  it('writes each figure in its unit: days, counts and 万元', () => {
    expect(formatTargetValue('serviceDays', 4.5)).toBe('4.5')
    expect(formatTargetValue('visits', 3)).toBe('3')
    expect(formatTargetValue('contractFen', 12_345_000)).toBe('12.35')
  })

  it('gives the figure, the target and the share, the bar capped at 100', () => {
    const p = period('2024', true)
    expect(completionCell('serviceDays', p.serviceDays)).toEqual({ actual: '4.5', target: '10', percent: 45, bar: 45 })
    expect(completionCell('contractFen', p.contractFen)).toEqual({
      actual: '10.00',
      target: '100.00',
      percent: 10,
      bar: 10,
    })
    expect(completionCell('needsSolved', p.needsSolved).bar).toBe(100)
  })

  it('shows no target and no share where the agreement sets none', () => {
    const p = period('all', false)
    expect(completionCell('visits', p.visits)).toEqual({ actual: '1', target: null, percent: null, bar: 0 })
    expect(hasTargets([p])).toBe(false)
    expect(hasTargets([p, period('2024', true)])).toBe(true)
    expect(periodLabel(p, '全程')).toBe('全程')
    expect(periodLabel(period('2025', false), '全程')).toBe('2025')
  })
})
