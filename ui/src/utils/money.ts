/**
 * Money crosses from the core as integer fen (1/100 yuan). Reports and superiors count in 万元 (10,000 yuan =
 * 1,000,000 fen) with two decimals; the rounding is done on integers so no float drift shows.
 */

/** Fen per 0.01 万元. */
const FEN_PER_HUNDREDTH_WAN = 10_000

/** Formats fen as 万元 with two decimals and thousands separators, e.g. 123456789 → "123.46" (half rounds up). */
export function formatWan(fen: number): string {
  const negative = fen < 0
  const abs = Math.abs(Math.trunc(fen))
  const hundredths =
    Math.floor(abs / FEN_PER_HUNDREDTH_WAN) + (abs % FEN_PER_HUNDREDTH_WAN >= FEN_PER_HUNDREDTH_WAN / 2 ? 1 : 0)
  const whole = Math.floor(hundredths / 100)
  const cents = String(hundredths % 100).padStart(2, '0')
  return `${negative ? '-' : ''}${whole.toLocaleString('en-US')}.${cents}`
}

/** Formats a number of days (the core allows halves) without trailing zeros, e.g. 3.5 → "3.5", 4 → "4". */
export function formatDays(days: number): string {
  return String(Math.round(days * 100) / 100)
}
