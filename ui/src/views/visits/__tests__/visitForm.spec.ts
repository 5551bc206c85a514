import { describe, expect, it } from 'vitest'
import {
  checkFollowUpDate,
  checkNeedText,
  checkNeedTitle,
  checkVisitDate,
  emptyVisitForm,
  toFoundNeedInput,
  toVisitInput,
  weekEndIso,
} from '../visitForm'

const TODAY = new Date(2024, 4, 8) // a Wednesday

describe('visitForm', () => {
  it('the week ends on its Sunday, as the 工作台 counts "due this week"', () => {
    expect(weekEndIso(new Date(2024, 4, 6))).toBe('2024-05-12') // Monday
    expect(weekEndIso(TODAY)).toBe('2024-05-12')
    expect(weekEndIso(new Date(2024, 4, 12))).toBe('2024-05-12') // Sunday itself
    expect(weekEndIso(new Date(2024, 11, 30))).toBe('2025-01-05') // across the year
  })

  it('checks the visit day as the core does', () => {
    expect(checkVisitDate('', TODAY)).toEqual({ key: 'visitDateRequired' })
    expect(checkVisitDate('2024-02-30', TODAY)).toEqual({ key: 'dateFormat' })
    expect(checkVisitDate('1948-12-31', TODAY)).toEqual({ key: 'dateRange' })
    expect(checkVisitDate('2029-05-09', TODAY)).toEqual({ key: 'dateRange' })
    expect(checkVisitDate('２０２４-05-06', TODAY)).toBeNull()
  })

  it('a follow-up day may be the visit day or later, never earlier, and may be left empty', () => {
    expect(checkFollowUpDate('2024-05-06', null, TODAY)).toBeNull()
    expect(checkFollowUpDate('2024-05-06', '2024-05-06', TODAY)).toBeNull()
    expect(checkFollowUpDate('2024-05-06', '2024-05-05', TODAY)).toEqual({ key: 'followUpBeforeVisit' })
    expect(checkFollowUpDate('2024-05-06', '2024-13-01', TODAY)).toEqual({ key: 'dateFormat' })
    // With no valid visit day, only the follow-up day itself is checked.
    expect(checkFollowUpDate('', '2024-05-05', TODAY)).toBeNull()
  })

  it('the need’s title is required and at most 200 characters; the original wording at most 5,000', () => {
    expect(checkNeedTitle('  ')).toEqual({ key: 'needTitleRequired' })
    expect(checkNeedTitle('需'.repeat(200))).toBeNull()
    expect(checkNeedTitle('需'.repeat(201))).toEqual({ key: 'needTitleTooLong', params: { max: 200 } })
    expect(checkNeedText(` ${'字'.repeat(5000)} `)).toBeNull()
    expect(checkNeedText('字'.repeat(5001))).toEqual({ key: 'needTextTooLong', params: { max: 5000 } })
  })

  it('sends blank text as null and keeps line breaks in long text', () => {
    const form = emptyVisitForm({ enterpriseId: 'en1', expertIds: ['x1'], mode: 'online' }, '2024-05-06')
    form.findings = ' 第一行\n第二行 '
    form.notes = '   '
    expect(toVisitInput(form)).toEqual({
      visitDate: '2024-05-06',
      enterpriseId: 'en1',
      expertIds: ['x1'],
      mode: 'online',
      purpose: null,
      findings: '第一行\n第二行',
      nextStep: null,
      followUpDate: null,
      notes: null,
    })
  })

  it('保存并新增 carries a copy of the experts, not the same array', () => {
    const kept = ['x1', 'x2']
    const form = emptyVisitForm({ expertIds: kept })
    form.expertIds.push('x3')
    expect(kept).toEqual(['x1', 'x2'])
  })

  it('a found need keeps the enterprise’s words exactly and a blank wording becomes null', () => {
    const visit = { id: 'v1', enterpriseId: 'en1' }
    const words = ' 原话\n  不改 '
    expect(
      toFoundNeedInput(visit, { found: true, title: '标题', originalText: words, needType: 'talent' }),
    ).toMatchObject({
      enterpriseId: 'en1',
      visitId: 'v1',
      source: 'visit',
      originalText: words,
      needType: 'talent',
    })
    expect(
      toFoundNeedInput(visit, { found: true, title: '标题', originalText: ' \n ', needType: 'talent' }).originalText,
    ).toBeNull()
  })
})
