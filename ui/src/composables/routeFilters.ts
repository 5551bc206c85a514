import type { LocationQuery } from 'vue-router'

/**
 * List filters carried in a route's query, so a link (the 工作台's 查看全部) opens a list already filtered: the link
 * writes `?followUp=overdue`, the list reads it into its query before its first load. A parser turns the query's
 * text into the filter's value, or refuses it (undefined), so a stale or hand-typed link opens the list unfiltered
 * rather than failing.
 */

/** Reads one filter's value from its text in the route query; undefined refuses it. */
export type FilterParser<T> = (raw: string) => T | undefined

/** A filter whose values are a closed list of codes. */
export function oneOf<T extends string>(codes: readonly T[]): FilterParser<T> {
  return (raw) => codes.find((code) => code === raw)
}

/** A yes/no filter: `true` turns it on. */
export const flag: FilterParser<boolean> = (raw) => (raw === 'true' ? true : undefined)

/** The filters of a list's query (`Q`) that `query` sets, each read by its parser; keys without a parser are ignored. */
export function filtersFromRoute<Q>(
  query: LocationQuery,
  parsers: { [K in keyof Q]?: FilterParser<Q[K]> },
): Partial<Q> {
  const found: Partial<Q> = {}
  for (const key of Object.keys(parsers) as (keyof Q)[]) {
    const raw = query[key as string]
    const parse = parsers[key]
    if (typeof raw !== 'string' || !parse) continue
    const value = parse(raw)
    if (value !== undefined) found[key] = value
  }
  return found
}
