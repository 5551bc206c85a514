import { describe, expect, it } from 'vitest'
import { checkEmail, checkIdCard, checkName, checkPhone, checkTitle, MAX_NAME_CHARS } from '../expert'
import { normalizeEmail } from '../email'
import { idCardCheckChar, normalizeIdCard } from '../idCard'
import { cleanPersonName, cleanText, toHalfWidth } from '../normalize'
import { normalizePhone } from '../phone'

const TODAY = new Date(2026, 10, 27)

describe('normalisation', () => {
  it('turns full-width ASCII and the ideographic space into half-width', () => {
    expect(toHalfWidth('１３８００１３８０００')).toBe('13800138000')
    expect(toHalfWidth('ＡＢＣ＠ｅｘａｍｐｌｅ．ｃｏｍ')).toBe('ABC@example.com')
    expect(toHalfWidth('中\u3000文')).toBe('中 文')
    expect(toHalfWidth('（材料）')).toBe('(材料)')
  })

  it('trims and folds whitespace', () => {
    expect(cleanText('  材料\u3000\u3000科学 \t与工程 ')).toBe('材料 科学 与工程')
    expect(cleanText(' \u3000 ')).toBe('')
  })

  it('drops padding between Chinese characters of a name only', () => {
    expect(cleanPersonName(' 张　三 ')).toBe('张三')
    expect(cleanPersonName('John  Smith')).toBe('John Smith')
    expect(cleanPersonName('阿依古丽·买买提')).toBe('阿依古丽·买买提')
  })
})

describe('name (姓名)', () => {
  it('is required after trimming', () => {
    expect(checkName('')).toEqual({ key: 'nameRequired' })
    expect(checkName('  \u3000 ')).toEqual({ key: 'nameRequired' })
  })

  it('accepts up to 50 characters, counting CJK characters and astral ones as one', () => {
    expect(checkName('张三')).toBeNull()
    expect(checkName('王'.repeat(MAX_NAME_CHARS))).toBeNull()
    expect(checkName('𠀀'.repeat(MAX_NAME_CHARS))).toBeNull()
    expect(checkName(`  ${'王'.repeat(MAX_NAME_CHARS)}  `)).toBeNull()
    expect(checkName('王'.repeat(MAX_NAME_CHARS + 1))).toEqual({ key: 'nameTooLong', params: { max: 50 } })
  })
})

describe('title (职称)', () => {
  it('is required', () => {
    expect(checkTitle(null)).toEqual({ key: 'titleRequired' })
    expect(checkTitle(undefined)).toEqual({ key: 'titleRequired' })
    expect(checkTitle('senior')).toBeNull()
  })
})

describe('phone (联系电话)', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['0086-13800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['１９９１２３４５６７８', '19912345678'],
    ['＋８６　１３８００１３８０００', '13800138000'],
    ['010-62751234', '010-62751234'],
    ['0571-88886666', '0571-88886666'],
    ['(0571) 8888 6666', '0571-88886666'],
    ['０５７１－８８８８６６６６', '0571-88886666'],
    ['02088886666', '020-88886666'],
    ['0755-2345678', '0755-2345678'],
  ])('accepts %s as %s', (raw, stored) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, value: stored })
    expect(checkPhone(raw)).toBeNull()
  })

  it('accepts blank (the field is optional)', () => {
    expect(checkPhone('')).toBeNull()
    expect(checkPhone('  \u3000')).toBeNull()
  })

  it.each([
    ['12800138000', 'mobileSecondDigit'],
    ['1380013800', 'mobileLength'],
    ['138001380001', 'mobileLength'],
    ['13800l38000', 'phoneInvalidChar'],
    ['62751234', 'phoneFormat'],
    ['010-0123456', 'landlineFormat'],
    ['0571-123', 'landlineFormat'],
    ['138+00138000', 'phoneInvalidChar'],
  ])('refuses %s (%s)', (raw, key) => {
    expect(checkPhone(raw)?.key).toBe(key)
  })

  it('reports the length and the invalid character', () => {
    expect(checkPhone('1380013800')).toEqual({ key: 'mobileLength', params: { n: 10 } })
    expect(checkPhone('138x0013800')).toEqual({ key: 'phoneInvalidChar', params: { char: 'x' } })
  })
})

describe('e-mail (电子邮箱)', () => {
  it('accepts plausible addresses, full-width ones too, and lower-cases the domain', () => {
    expect(normalizeEmail(' wang.li@ZJU.edu.CN ')).toEqual({ ok: true, value: 'wang.li@zju.edu.cn' })
    expect(normalizeEmail('ｌｉ＠ｑｑ．ｃｏｍ')).toEqual({ ok: true, value: 'li@qq.com' })
    expect(checkEmail('a+b_c-d%e@mail-1.example.org')).toBeNull()
    expect(checkEmail('')).toBeNull()
  })

  it.each([
    'li',
    'li@',
    '@qq.com',
    'li@qq',
    'li@@qq.com',
    'li qq@qq.com',
    'li@qq..com',
    'li@-qq.com',
    '李@qq.com',
    'li@qq.c0m',
    '.li@qq.com',
  ])('refuses %s', (raw) => {
    expect(checkEmail(raw)).toEqual({ key: 'emailFormat' })
  })
})

describe('ID number (身份证号)', () => {
  it('computes the GB 11643 check character', () => {
    expect(idCardCheckChar('11010519491231002')).toBe('X')
  })

  it('accepts a valid number, lower-case x and full-width input', () => {
    expect(normalizeIdCard('11010519491231002X', TODAY)).toEqual({ ok: true, value: '11010519491231002X' })
    expect(normalizeIdCard(' 11010519491231002x ', TODAY)).toEqual({ ok: true, value: '11010519491231002X' })
    expect(checkIdCard('１１０１０５１９４９１２３１００２Ｘ', TODAY)).toBeNull()
    expect(checkIdCard('', TODAY)).toBeNull()
  })

  it('refuses wrong length, characters, birth dates and check characters', () => {
    expect(checkIdCard('1101051949123100', TODAY)).toEqual({ key: 'idCardLength', params: { n: 16 } })
    expect(checkIdCard('11010519491231002Y', TODAY)?.key).toBe('idCardChars')
    expect(checkIdCard('11010519491331002X', TODAY)?.key).toBe('idCardBirth')
    expect(checkIdCard('440524188001010014', TODAY)?.key).toBe('idCardBirth')
    expect(checkIdCard('110105202701010011', TODAY)?.key).toBe('idCardBirth')
    expect(checkIdCard('110105194912310021', TODAY)?.key).toBe('idCardCheck')
  })
})
