import { describe, expect, it } from 'vitest'
import { endsBeforeStart } from '@/validation/date'
import { emptyAssignmentForm, isOngoing, toAssignmentInput } from '../assignmentForm'

describe('assignmentForm', () => {
  it('builds the input from either side, blank notes and end becoming null', () => {
    const form = emptyAssignmentForm({ counterpartId: 'x9', startDate: '2024-05-01', endDate: '', notes: '  ' })
    expect(toAssignmentInput('enterprise', 'en1', form)).toEqual({
      expertId: 'x9',
      enterpriseId: 'en1',
      batchId: null,
      startDate: '2024-05-01',
      endDate: null,
      agreementSigned: false,
      notes: null,
    })
    expect(toAssignmentInput('expert', 'x1', { ...form, counterpartId: 'en2', notes: ' 驻厂 ' })).toMatchObject({
      expertId: 'x1',
      enterpriseId: 'en2',
      notes: '驻厂',
    })
  })

  it('knows an end before the start and which pairings are still running', () => {
    expect(endsBeforeStart('2024-05-01', '2024-04-30')).toBe(true)
    expect(endsBeforeStart('2024-05-01', '2024-05-01')).toBe(false)
    expect(endsBeforeStart('2024-05-01', null)).toBe(false)
    expect(isOngoing({ endDate: null }, '2025-01-01')).toBe(true)
    expect(isOngoing({ endDate: '2025-01-01' }, '2025-01-01')).toBe(true)
    expect(isOngoing({ endDate: '2024-12-31' }, '2025-01-01')).toBe(false)
  })
})
