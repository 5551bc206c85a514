import { describe, expect, it, vi } from 'vitest'
import type { Organization } from '@/api'
import type { FormProblem } from '../formSupport'
import {
  checkOrganizationKind,
  checkOrganizationName,
  emptyOrganizationForm,
  ORGANIZATION_KINDS,
  organizationFormOf,
  organizationFormRules,
  toOrganizationInput,
} from '../organizationForm'

const ZJU: Organization = {
  id: 'o1',
  name: '浙江大学',
  kind: 'university',
  region: '浙江省杭州市',
  notes: null,
  expertCount: 2,
  revision: 4,
}

describe('organization form model', () => {
  it('offers the four kinds the core knows, in display order', () => {
    expect(ORGANIZATION_KINDS).toEqual(['university', 'institute', 'enterprise', 'other'])
  })

  it('starts blank and sends blank optional text as null', () => {
    expect(emptyOrganizationForm()).toEqual({ name: '', kind: null, region: '', notes: '' })
    expect(toOrganizationInput({ name: '  浙江大学 ', kind: 'university', region: '   ', notes: '' })).toEqual({
      name: '浙江大学',
      kind: 'university',
      region: null,
      notes: null,
    })
  })

  it('cleans text as the core does (full-width, folded spaces)', () => {
    expect(
      toOrganizationInput({ name: 'ＡＢＣ　研究院', kind: 'institute', region: ' 浙江  宁波 ', notes: '合作\n单位' }),
    ).toEqual({
      name: 'ABC 研究院',
      kind: 'institute',
      region: '浙江 宁波',
      notes: '合作 单位',
    })
  })

  it('fills the form from a stored organisation and round-trips it', () => {
    const form = organizationFormOf(ZJU)
    expect(form).toEqual({ name: '浙江大学', kind: 'university', region: '浙江省杭州市', notes: '' })
    expect(toOrganizationInput(form)).toEqual({
      name: '浙江大学',
      kind: 'university',
      region: '浙江省杭州市',
      notes: null,
    })
  })

  it('requires a name and a kind', () => {
    expect(checkOrganizationName('')).toEqual({ key: 'orgNameRequired' })
    expect(checkOrganizationName(' \u3000 ')).toEqual({ key: 'orgNameRequired' })
    expect(checkOrganizationName(undefined)).toEqual({ key: 'orgNameRequired' })
    expect(checkOrganizationName('浙江大学')).toBeNull()
    expect(checkOrganizationKind(null)).toEqual({ key: 'kindRequired' })
    expect(checkOrganizationKind('enterprise')).toBeNull()
  })

  it('builds Element Plus rules that report the translated problem', () => {
    const translate = vi.fn((p: FormProblem) => `msg:${p.key}`)
    const rules = organizationFormRules(translate)
    const [nameRule] = rules.name ?? []
    const [kindRule] = rules.kind ?? []
    expect(nameRule?.required).toBe(true)
    expect(kindRule?.required).toBe(true)
    expect(kindRule?.trigger).toBe('change')

    const callback = vi.fn()
    nameRule?.validator?.({}, ' ', callback, {}, {})
    expect(callback).toHaveBeenLastCalledWith(new Error('msg:orgNameRequired'))
    kindRule?.validator?.({}, null, callback, {}, {})
    expect(callback).toHaveBeenLastCalledWith(new Error('msg:kindRequired'))
    kindRule?.validator?.({}, 'other', callback, {}, {})
    expect(callback).toHaveBeenLastCalledWith()
  })
})
