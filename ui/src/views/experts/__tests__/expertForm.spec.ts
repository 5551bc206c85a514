import { describe, expect, it, vi } from 'vitest'
import type { Expert } from '@/api'
import {
  checkServiceDay,
  checkServiceEnd,
  cleanSpecialties,
  emptyExpertForm,
  expertFormOf,
  expertFormRules,
  problemMessageKey,
  toExpertInput,
  type FormProblem,
} from '../expertForm'

const TODAY = new Date(2026, 10, 27)

const STORED: Expert = {
  id: 'e1',
  name: '张三',
  gender: 'male',
  birthMonth: '1978-05',
  education: 'doctorate',
  title: 'senior',
  organizationId: 'org-1',
  position: '副院长',
  discipline: '材料科学与工程',
  specialties: ['锂电池', '固态电解质'],
  phone: '13800138000',
  email: null,
  idCard: null,
  serviceForm: 'stationed',
  batchId: 'batch-1',
  serviceStart: '2024-03-01',
  serviceEnd: '2025-02-28',
  status: 'paused',
  notes: null,
  createdAt: '2024-01-01T00:00:00Z',
  updatedAt: '2024-01-01T00:00:00Z',
  revision: 3,
}

describe('expert form model', () => {
  it('sends blank optional text as null, no specialties and 在岗 for a new expert', () => {
    const input = toExpertInput({ ...emptyExpertForm(), name: '  张三 ', title: 'junior', phone: '   ', notes: '\n' })
    expect(input).toEqual({
      name: '张三',
      gender: null,
      birthMonth: null,
      education: null,
      title: 'junior',
      organizationId: null,
      position: null,
      discipline: null,
      specialties: [],
      phone: null,
      email: null,
      idCard: null,
      serviceForm: null,
      batchId: null,
      serviceStart: null,
      serviceEnd: null,
      status: 'active',
      notes: null,
    })
  })

  it('keeps filled values, trimmed', () => {
    const input = toExpertInput({
      ...emptyExpertForm({ organizationId: 'org-1' }),
      name: '李四',
      gender: 'female',
      title: 'senior',
      birthMonth: '1980-05',
      discipline: ' 智能制造 ',
      email: 'li@zju.edu.cn',
      education: 'doctorate',
      serviceForm: 'part_time',
    })
    expect(input).toMatchObject({
      organizationId: 'org-1',
      gender: 'female',
      birthMonth: '1980-05',
      discipline: '智能制造',
      email: 'li@zju.edu.cn',
      education: 'doctorate',
      serviceForm: 'part_time',
    })
  })

  it('sends 职务, 专长, 服务期 and 状态 from the form', () => {
    const input = toExpertInput({
      ...emptyExpertForm(),
      name: '王五',
      title: 'associate_senior',
      position: ' 教授 ',
      specialties: [' 锂电池 ', '', '固态\u3000电解质', '锂电池', '   ', '固态 电解质', 'ＡＩ'],
      serviceStart: '2024-03-01',
      serviceEnd: '2024-12-31',
      status: 'ended',
    })
    expect(input).toMatchObject({
      position: '教授',
      specialties: ['锂电池', '固态 电解质', 'AI'],
      serviceStart: '2024-03-01',
      serviceEnd: '2024-12-31',
      status: 'ended',
    })
  })

  it('cleans 专长 as the core does: trimmed, blanks and repeats dropped, order kept', () => {
    expect(cleanSpecialties(['  新能源 ', '新能源', '', '智能  制造', '\u3000', '新能源 '])).toEqual([
      '新能源',
      '智能 制造',
    ])
    expect(cleanSpecialties(undefined)).toEqual([])
    expect(cleanSpecialties(null)).toEqual([])
  })

  it('loads every field of a stored expert for editing and sends it back unchanged', () => {
    const form = expertFormOf(STORED)
    expect(form).toMatchObject({
      position: '副院长',
      specialties: ['锂电池', '固态电解质'],
      serviceStart: '2024-03-01',
      serviceEnd: '2025-02-28',
      status: 'paused',
    })
    expect(form.specialties).not.toBe(STORED.specialties)
    const { id: _id, createdAt: _c, updatedAt: _u, revision: _r, ...input } = STORED
    expect(toExpertInput(form)).toEqual(input)
  })

  it('checks the 服务期 as the core does: real days in range, the end not before the start', () => {
    expect(checkServiceDay(null, TODAY)).toBeNull()
    expect(checkServiceDay('', TODAY)).toBeNull()
    expect(checkServiceDay('2024-02-29', TODAY)).toBeNull()
    expect(checkServiceDay('2023-02-29', TODAY)).toEqual({ own: true, key: 'dateFormat' })
    expect(checkServiceDay('1948-12-31', TODAY)).toEqual({ own: true, key: 'dateRange' })
    expect(checkServiceDay('2031-11-27', TODAY)).toBeNull()
    expect(checkServiceDay('2031-11-28', TODAY)).toEqual({ own: true, key: 'dateRange' })

    expect(checkServiceEnd('2024-03-01', '2024-02-29', TODAY)).toEqual({ own: true, key: 'serviceEndBeforeStart' })
    expect(checkServiceEnd('2024-03-01', '2024-03-01', TODAY)).toBeNull()
    expect(checkServiceEnd(null, '2024-02-29', TODAY)).toBeNull()
    expect(checkServiceEnd('2024-03-01', null, TODAY)).toBeNull()
    // An invalid start is reported on the start only, as the core does.
    expect(checkServiceEnd('1900-01-01', '1950-01-01', TODAY)).toBeNull()
    expect(problemMessageKey({ own: true, key: 'serviceEndBeforeStart' })).toBe(
      'expertForm.problems.serviceEndBeforeStart',
    )
    expect(problemMessageKey({ key: 'nameRequired' })).toBe('validation.nameRequired')
  })

  it('builds Element Plus rules that report the translated problem', () => {
    const translate = vi.fn((p: FormProblem) => `msg:${p.key}`)
    const model = { serviceStart: '2024-03-01' as string | null }
    const rules = expertFormRules(translate, model)
    const callback = vi.fn()
    const [nameRule] = rules.name ?? []
    expect(nameRule?.required).toBe(true)
    nameRule?.validator?.({}, '  ', callback, {}, {})
    expect(callback).toHaveBeenCalledWith(new Error('msg:nameRequired'))

    callback.mockClear()
    rules.phone?.[0]?.validator?.({}, '0571-88886666', callback, {}, {})
    expect(callback).toHaveBeenCalledWith()
    expect(rules.phone?.[0]?.required).toBe(false)

    const endRule = rules.serviceEnd?.[0]
    callback.mockClear()
    endRule?.validator?.({}, '2024-02-01', callback, {}, {})
    expect(callback).toHaveBeenLastCalledWith(new Error('msg:serviceEndBeforeStart'))
    model.serviceStart = '2024-01-01'
    endRule?.validator?.({}, '2024-02-01', callback, {}, {})
    expect(callback).toHaveBeenLastCalledWith()
  })
})
