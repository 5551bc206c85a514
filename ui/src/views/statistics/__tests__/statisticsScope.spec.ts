import { describe, expect, it } from 'vitest'
import { defaultPeriodChoice } from '@/utils/period'
import { buildFilter, buildScope, NO_REGION, type StatisticsChoice } from '../statistics'

function choice(origins: string[] | null): StatisticsChoice {
  return {
    period: defaultPeriodChoice('quarter'),
    region: { ...NO_REGION },
    organizationId: null,
    batchId: null,
    origins,
  }
}

const ORIGINS = [
  { id: 'own', name: '省局' },
  { id: 'a', name: '甲市科技局' },
  { id: 'b', name: '乙市科技局' },
]

describe('the 来源 scope of 统计导出', () => {
  it('reaches the statistics and the exports only when origins are chosen', () => {
    expect(buildFilter(choice(null))).not.toHaveProperty('origins')
    expect(buildFilter(choice([]))).not.toHaveProperty('origins')
    expect(buildFilter(choice(['a', 'b'])).origins).toEqual(['a', 'b'])
    expect(buildScope(choice(null), [], [], ORIGINS)).toMatchObject({ origins: null, label: '' })
  })

  it('names the chosen origins in the scope the export dialog shows', () => {
    const scope = buildScope(choice(['b', 'a']), [], [], ORIGINS)
    expect(scope.origins).toEqual(['b', 'a'])
    expect(scope.label).toBe('甲市科技局、乙市科技局')
  })
})
