import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick } from 'vue'
import type { Page } from '@/api'
import { SEARCH_DEBOUNCE_MS, usePagedList, type PagedQuery } from '../usePagedList'

type Sort = 'updatedAt' | 'name'

function initialQuery(): PagedQuery<Sort> {
  return { page: 1, pageSize: 20, search: null, sort: 'updatedAt', order: 'desc' }
}

function page(items: string[], total = items.length): Page<string> {
  return { items, total, page: 1, pageSize: 20 }
}

describe('usePagedList', () => {
  let scope = effectScope()

  beforeEach(() => {
    scope = effectScope()
    vi.useFakeTimers()
  })

  afterEach(() => {
    scope.stop()
    vi.useRealTimers()
  })

  it('shows only the answer to the latest request', async () => {
    const answers: ((page: Page<string>) => void)[] = []
    const fetchPage = vi.fn(() => new Promise<Page<string>>((resolve) => answers.push(resolve)))
    const list = scope.run(() => usePagedList({ fetchPage, initialQuery, sortKeys: ['updatedAt', 'name'] as const }))!

    void list.load()
    list.setPage(2)
    answers[1]!(page(['new']))
    await nextTick()
    answers[0]!(page(['stale'], 9))
    await nextTick()

    expect(list.rows.value).toEqual(['new'])
    expect(list.total.value).toBe(1)
    expect(list.loading.value).toBe(false)
  })

  it('debounces the search, resets to page 1 and restores the initial sort when the sort is cleared', async () => {
    const fetchPage = vi.fn(async () => page([]))
    const list = scope.run(() => usePagedList({ fetchPage, initialQuery, sortKeys: ['updatedAt', 'name'] as const }))!

    list.setSort('name', 'ascending')
    expect(list.query).toMatchObject({ sort: 'name', order: 'asc', page: 1 })
    list.setPage(3)
    list.searchText.value = '  acme '
    await nextTick()
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 1)
    expect(list.query.search).toBeNull()
    vi.advanceTimersByTime(1)
    expect(list.query).toMatchObject({ search: 'acme', page: 1 })

    list.setSort('unknown', 'descending')
    expect(list.query).toMatchObject({ sort: 'updatedAt', order: 'desc' })
  })

  it('binds the filters to the query, says when the list is narrowed and clears every filter with the search', async () => {
    interface Q extends PagedQuery<Sort> {
      kind: string | null
      tags: string[]
      stale: boolean
      from: string | null
      to: string | null
    }
    const fetchPage = vi.fn((query: Q) => Promise.resolve({ ...page([]), page: query.page }))
    const list = scope.run(() =>
      usePagedList<Sort, Q, string, 'kind' | 'tags' | 'stale' | 'from' | 'to'>({
        fetchPage,
        initialQuery: () => ({ ...initialQuery(), kind: null, tags: [], stale: false, from: null, to: null }),
        sortKeys: ['updatedAt', 'name'],
        filterKeys: ['kind', 'tags', 'stale', 'from', 'to'],
      }),
    )!
    const kind = list.filter('kind')
    const tags = list.filter('tags')
    const stale = list.filter('stale')
    const range = list.rangeFilter('from', 'to')
    expect(list.filtered.value).toBe(false)

    list.setPage(3)
    kind.value = ''
    expect(list.query).toMatchObject({ kind: null, page: 1 })
    expect(list.filtered.value).toBe(false)
    kind.value = 'big'
    const chosen = ['a']
    tags.value = chosen
    stale.value = true
    range.value = ['2024-01-01', '2024-03-31']
    expect(list.query).toMatchObject({ kind: 'big', tags: ['a'], stale: true, from: '2024-01-01', to: '2024-03-31' })
    expect(list.query.tags).not.toBe(chosen)
    expect(range.value).toEqual(['2024-01-01', '2024-03-31'])
    expect(list.filtered.value).toBe(true)
    expect(fetchPage).toHaveBeenLastCalledWith(expect.objectContaining({ kind: 'big', stale: true, page: 1 }))

    list.searchText.value = 'acme'
    await nextTick()
    list.clearFilters()
    expect(list.searchText.value).toBe('')
    expect(list.query).toMatchObject({
      search: null,
      kind: null,
      tags: [],
      stale: false,
      from: null,
      to: null,
      page: 1,
    })
    expect(range.value).toBeNull()
    expect(list.filtered.value).toBe(false)
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS)
    expect(list.query.search).toBeNull()
  })
})
