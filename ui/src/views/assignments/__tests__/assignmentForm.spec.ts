import { describe, expect, it } from 'vitest'
import { endsBeforeStart } from '@/validation/date'
import type { Assignment } from '@/api'
import {
  assignmentFormOf,
  checkTargetContract,
  checkTargetCount,
  checkTargetDays,
  emptyAssignmentForm,
  isOngoing,
  signingDateWithoutAgreement,
  toAssignmentInput,
} from '../assignmentForm'

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
      agreementSignedOn: null,
      notes: null,
      targetServiceDays: null,
      targetVisits: null,
      targetNeedsSolved: null,
      targetContract: null,
      targetOther: null,
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

  it('loads a stored pairing into the form and sends it back unchanged, 万元 exact from fen', () => {
    const stored: Assignment = {
      id: 'a1',
      expertId: 'x1',
      expertName: '吴刚',
      enterpriseId: 'en1',
      enterpriseName: '湖州电梯',
      batchId: 'b1',
      batchName: '2024年第一批',
      startDate: '2024-07-01',
      endDate: null,
      agreementSigned: true,
      agreementSignedOn: '2024-07-05',
      targetServiceDays: 20.5,
      targetVisits: 6,
      targetNeedsSolved: null,
      targetContractFen: 1_500_000,
      targetOther: '培训 2 场',
      notes: null,
      createdAt: 'c',
      updatedAt: 'u',
      revision: 3,
    }
    const form = assignmentFormOf('expert', stored)
    expect(form).toMatchObject({ counterpartId: 'en1', targetContract: '1.50', agreementSignedOn: '2024-07-05' })
    expect(toAssignmentInput('expert', 'x1', form)).toEqual({
      expertId: 'x1',
      enterpriseId: 'en1',
      batchId: 'b1',
      startDate: '2024-07-01',
      endDate: null,
      agreementSigned: true,
      agreementSignedOn: '2024-07-05',
      notes: null,
      targetServiceDays: 20.5,
      targetVisits: 6,
      targetNeedsSolved: null,
      targetContract: '1.50',
      targetOther: '培训 2 场',
    })
    expect(assignmentFormOf('enterprise', stored).counterpartId).toBe('x1')
  })

  it('checks the targets and the signing date as the core does', () => {
    expect(checkTargetDays(null)).toBeNull()
    expect(checkTargetDays(10.5)).toBeNull()
    expect(checkTargetDays(1.3)).toEqual({ key: 'targetDays' })
    expect(checkTargetDays(-1)).toEqual({ key: 'targetDays' })
    expect(checkTargetCount(3)).toBeNull()
    expect(checkTargetCount(2.5)).toEqual({ key: 'targetCount' })
    expect(checkTargetContract('')).toBeNull()
    expect(checkTargetContract('十万')?.key).toBe('wanMalformed')
    expect(signingDateWithoutAgreement({ agreementSigned: false, agreementSignedOn: '2024-07-05' })).toBe(true)
    expect(signingDateWithoutAgreement({ agreementSigned: true, agreementSignedOn: null })).toBe(false)
  })
})
