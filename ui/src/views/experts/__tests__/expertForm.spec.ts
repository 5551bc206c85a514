import { describe, expect, it, vi } from 'vitest'
import type { Problem } from '@/validation/problem'
import { emptyExpertForm, expertFormRules, toExpertInput } from '../expertForm'

describe('expert form model', () => {
  it('sends blank optional text as null and no specialties', () => {
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
      status: null,
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

  it('builds Element Plus rules that report the translated problem', () => {
    const translate = vi.fn((p: Problem) => `msg:${p.key}`)
    const rules = expertFormRules(translate)
    const callback = vi.fn()
    const [nameRule] = rules.name ?? []
    expect(nameRule?.required).toBe(true)
    nameRule?.validator?.({}, '  ', callback, {}, {})
    expect(callback).toHaveBeenCalledWith(new Error('msg:nameRequired'))

    callback.mockClear()
    rules.phone?.[0]?.validator?.({}, '0571-88886666', callback, {}, {})
    expect(callback).toHaveBeenCalledWith()
    expect(rules.phone?.[0]?.required).toBe(false)
  })
})
