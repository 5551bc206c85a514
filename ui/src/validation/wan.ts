import { cleanText } from '@/validation/normalize'

// 万元 amounts as the forms take them, checked the way the core's `money::parse_wan` checks them
// (src-tauri/core/src/money.rs): 1 万元 = 1,000,000 fen, so an amount has at most 6 decimals; at most 8 whole digits.
// Everything is done on the digit strings and integers (the largest amount, 99,999,999.999999 万元, is
// 99,999,999,999,999 fen, well inside Number.MAX_SAFE_INTEGER) — never on floating-point 万元.

/** Fen in one 万元. */
export const FEN_PER_WAN = 1_000_000

/** Decimals of a 万元 amount that still name a whole fen. */
export const MAX_WAN_DECIMALS = 6

/** Digits of the whole 万元 part accepted. */
export const MAX_WAN_INTEGER_DIGITS = 8

/** Why an amount was refused; `text` is the cleaned input, quoted in the message. */
export interface WanProblem {
  key: 'wanMalformed' | 'wanNegative' | 'wanDecimals' | 'wanTooLarge'
  params: { text: string; max?: number }
}

/** A parsed amount in fen, or the reason it was refused. */
export type WanParsed = { ok: true; fen: number } | { ok: false; problem: WanProblem }

const DIGITS = /^[0-9]*$/

/**
 * Parses a non-negative 万元 amount such as `12.5`, `0.0001`, `３．５` or `.5` into fen, exactly. Full-width digits and
 * surrounding spaces are accepted; a sign, a thousands separator, a unit, more than 6 decimals or more than 8 whole
 * digits are refused. Blank input is the caller's concern (the form treats it as 0, see {@link checkWan}).
 */
export function parseWan(raw: string): WanParsed {
  const text = cleanText(raw)
  const refuse = (key: WanProblem['key'], max?: number): WanParsed => ({
    ok: false,
    problem: { key, params: max === undefined ? { text } : { text, max } },
  })
  if (text.startsWith('-') && parseWan(text.slice(1)).ok) return refuse('wanNegative')
  const dot = text.indexOf('.')
  const whole = dot < 0 ? text : text.slice(0, dot)
  const fraction = dot < 0 ? '' : text.slice(dot + 1)
  if ((whole === '' && fraction === '') || !DIGITS.test(whole) || !DIGITS.test(fraction)) return refuse('wanMalformed')
  if (fraction.length > MAX_WAN_DECIMALS) return refuse('wanDecimals', MAX_WAN_DECIMALS)
  const significant = whole.replace(/^0+/, '')
  if (significant.length > MAX_WAN_INTEGER_DIGITS) return refuse('wanTooLarge', MAX_WAN_INTEGER_DIGITS)
  // The amount in fen is the whole part followed by the six-digit fraction, read as one integer.
  const fenDigits = `${significant}${fraction.padEnd(MAX_WAN_DECIMALS, '0')}`
  return { ok: true, fen: Number.parseInt(fenDigits, 10) }
}

/** The problem of a 万元 field of the form, or null when it is fine; blank is fine (it means 0). */
export function checkWan(raw: string | null | undefined): WanProblem | null {
  if (cleanText(raw ?? '') === '') return null
  const parsed = parseWan(raw ?? '')
  return parsed.ok ? null : parsed.problem
}

/**
 * Writes fen as 万元 text, exactly, the way the core's `format_wan` does: at least two decimals, more only when the
 * amount needs them (12_500_000 → "12.50", 100 → "0.0001"). {@link parseWan} reads it back to the same fen.
 */
export function fenToWanText(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(fen))
  const digits = String(abs % FEN_PER_WAN).padStart(MAX_WAN_DECIMALS, '0')
  const kept = Math.max(digits.replace(/0+$/, '').length, 2)
  return `${sign}${Math.floor(abs / FEN_PER_WAN)}.${digits.slice(0, kept)}`
}
