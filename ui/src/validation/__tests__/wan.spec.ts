import { describe, expect, it } from 'vitest'
import { checkWan, fenToWanText, parseWan } from '../wan'

function fen(raw: string): number {
  const parsed = parseWan(raw)
  if (!parsed.ok) throw new Error(`${raw} refused: ${parsed.problem.key}`)
  return parsed.fen
}

function refusal(raw: string): string {
  const parsed = parseWan(raw)
  if (parsed.ok) throw new Error(`${raw} accepted as ${parsed.fen}`)
  return parsed.problem.key
}

describe('parseWan', () => {
  it('reads 万元 into exact fen, as the core does', () => {
    expect(fen('12.5')).toBe(12_500_000)
    expect(fen('0.0001')).toBe(100)
    expect(fen('0.000001')).toBe(1)
    expect(fen('123.456789')).toBe(123_456_789)
    expect(fen('0')).toBe(0)
    expect(fen('007')).toBe(7_000_000)
    expect(fen('.5')).toBe(500_000)
    expect(fen('5.')).toBe(5_000_000)
    expect(fen(' １２．５ ')).toBe(12_500_000)
    expect(fen('99999999.999999')).toBe(99_999_999_999_999)
  })

  it('is exact where floating point is not (0.1 + 0.2, 1.005, 0.07)', () => {
    expect(fen('0.3')).toBe(300_000)
    expect(fen('1.005')).toBe(1_005_000)
    expect(fen('0.07')).toBe(70_000)
    expect(fen('4.35')).toBe(4_350_000)
    expect(fen('1234567.890123')).toBe(1_234_567_890_123)
  })

  it('refuses negative amounts', () => {
    expect(refusal('-5')).toBe('wanNegative')
    expect(refusal('-0.5')).toBe('wanNegative')
    expect(refusal('－３')).toBe('wanNegative')
  })

  it('refuses 7 decimals (finer than a fen) and more than 8 whole digits', () => {
    expect(refusal('0.0000001')).toBe('wanDecimals')
    expect(refusal('1.1234567')).toBe('wanDecimals')
    expect(refusal('100000000')).toBe('wanTooLarge')
    expect(fen('00000000012')).toBe(12_000_000)
  })

  it('refuses what is not a plain amount', () => {
    for (const raw of [
      '',
      '.',
      'abc',
      '1,200',
      '12.5万',
      '1.2.3',
      '+5',
      '1e3',
      '１２．５元',
      '-',
      '--5',
      '1 2',
      'NaN',
      'Infinity',
    ]) {
      expect(refusal(raw), raw).toBe('wanMalformed')
    }
  })

  it('quotes the cleaned text in the problem', () => {
    const parsed = parseWan(' １２ab ')
    expect(parsed).toEqual({ ok: false, problem: { key: 'wanMalformed', params: { text: '12ab' } } })
    expect(parseWan('0.1234567')).toEqual({
      ok: false,
      problem: { key: 'wanDecimals', params: { text: '0.1234567', max: 6 } },
    })
  })
})

describe('checkWan', () => {
  it('takes blank as 0 and reports the parser’s problem otherwise', () => {
    expect(checkWan('')).toBeNull()
    expect(checkWan('   ')).toBeNull()
    expect(checkWan(null)).toBeNull()
    expect(checkWan('3.5')).toBeNull()
    expect(checkWan('-1')?.key).toBe('wanNegative')
    expect(checkWan('三万')?.key).toBe('wanMalformed')
  })
})

describe('fenToWanText', () => {
  it('writes fen with two decimals, more only when needed, and reads back to the same fen', () => {
    expect(fenToWanText(0)).toBe('0.00')
    expect(fenToWanText(12_500_000)).toBe('12.50')
    expect(fenToWanText(100)).toBe('0.0001')
    expect(fenToWanText(1)).toBe('0.000001')
    expect(fenToWanText(123_456_789)).toBe('123.456789')
    expect(fenToWanText(-1_230_000)).toBe('-1.23')
    for (let f = 0; f < 99_999_999_999_999; f = f * 7 + 13) expect(fen(fenToWanText(f))).toBe(f)
  })
})
