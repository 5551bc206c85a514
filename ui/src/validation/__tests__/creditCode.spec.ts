import { describe, expect, it } from 'vitest'
import { cleanCreditCode, creditCodeCheckChar, creditCodeCheckFails, normalizeCreditCode } from '../creditCode'
import { checkCreditCode, checkEnterpriseName, checkPrimaryContact } from '../enterprise'

const PUBLISHED = ['91350100M000100Y43', '91110000600037341L', '91440300708461136T']

describe('credit codes', () => {
  it('accepts codes printed on real business licences, with a matching check character', () => {
    for (const code of PUBLISHED) {
      expect(normalizeCreditCode(code), code).toEqual({ ok: true, value: code })
      expect(creditCodeCheckChar(code.slice(0, 17)), code).toBe(code.slice(17))
      expect(creditCodeCheckFails(code), code).toBe(false)
      expect(checkCreditCode(code), code).toBeNull()
    }
  })

  it('normalises full-width characters, spaces and lower case', () => {
    expect(cleanCreditCode(' ９１３５０１００ｍ０００　１００ｙ４３ ')).toBe('91350100M000100Y43')
    expect(normalizeCreditCode('9135 0100 m000 100y 43')).toEqual({ ok: true, value: '91350100M000100Y43' })
    expect(checkCreditCode('９１１１００００６０００３７３４１ｌ')).toBeNull()
  })

  it('refuses a wrong length', () => {
    expect(normalizeCreditCode('91350100M000100Y4')).toEqual({
      ok: false,
      problem: { key: 'creditCodeLength', params: { n: 17 } },
    })
    expect(checkCreditCode('91350100M000100Y431')).toEqual({ key: 'creditCodeLength', params: { n: 19 } })
    expect(checkCreditCode('   ')).toEqual({ key: 'creditCodeRequired' })
  })

  it('refuses characters outside the GB 32100 alphabet, naming the position', () => {
    expect(checkCreditCode('91350100M000100I43')).toEqual({ key: 'creditCodeChar', params: { pos: 16, char: 'I' } })
    for (const c of ['O', 'S', 'V', 'Z', '-']) {
      expect(checkCreditCode(`91350100M000100${c}43`)?.key, c).toBe('creditCodeChar')
    }
  })

  it('requires digits in positions 3–8 (the division code)', () => {
    expect(checkCreditCode('913A0100M000100Y43')).toEqual({ key: 'creditCodeRegion' })
    expect(checkCreditCode('9135010AM000100Y43')).toEqual({ key: 'creditCodeRegion' })
  })

  it('leaves a failing check character to the core (not a client error) but can tell it fails', () => {
    expect(checkCreditCode('91350100M000100Y44')).toBeNull()
    expect(creditCodeCheckFails('91350100M000100Y44')).toBe(true)
    expect(creditCodeCheckFails('９１３５０１００Ｍ０００１００Ｙ４４')).toBe(true)
    expect(creditCodeCheckFails('91350100M000100Y4')).toBe(false)
  })
})

describe('enterprise rules', () => {
  it('requires a name of at most 100 characters', () => {
    expect(checkEnterpriseName('  ')).toEqual({ key: 'enterpriseNameRequired' })
    expect(checkEnterpriseName('福建某某科技有限公司')).toBeNull()
    expect(checkEnterpriseName('企'.repeat(101))?.key).toBe('enterpriseNameTooLong')
  })

  it('wants exactly one primary contact when there are contacts', () => {
    expect(checkPrimaryContact([])).toBeNull()
    expect(checkPrimaryContact([{ isPrimary: true }, { isPrimary: false }])).toBeNull()
    expect(checkPrimaryContact([{ isPrimary: false }, { isPrimary: false }])).toEqual({ key: 'contactsPrimary' })
    expect(checkPrimaryContact([{ isPrimary: true }, { isPrimary: true }])).toEqual({ key: 'contactsPrimary' })
  })
})
