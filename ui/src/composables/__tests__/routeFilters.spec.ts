import { describe, expect, it } from 'vitest'
import { filtersFromRoute, flag, oneOf } from '../routeFilters'

interface Query {
  followUp: 'overdue' | 'dueThisWeek' | null
  stale: boolean
  search: string | null
}

describe('filtersFromRoute', () => {
  const parsers = { followUp: oneOf(['overdue', 'dueThisWeek'] as const), stale: flag }

  it('reads the filters a link sets, each by its parser', () => {
    expect(filtersFromRoute<Query>({ followUp: 'overdue', stale: 'true' }, parsers)).toEqual({
      followUp: 'overdue',
      stale: true,
    })
  })

  it('leaves out unknown values, repeated keys, keys without a parser and other query keys', () => {
    expect(
      filtersFromRoute<Query>({ followUp: 'someday', stale: ['true', 'true'], search: 'x', open: 'id' }, parsers),
    ).toEqual({})
    expect(filtersFromRoute<Query>({ stale: 'false' }, parsers)).toEqual({})
    expect(filtersFromRoute<Query>({}, parsers)).toEqual({})
  })
})
