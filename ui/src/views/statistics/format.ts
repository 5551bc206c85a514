/** Counts and service days on the 统计导出 page: grouped thousands, up to two decimals (days may be halves), e.g. 7,543.5. */
const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })

export function formatCount(n: number): string {
  return NUMBER.format(n)
}
