import { invoke } from '@tauri-apps/api/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { OriginSummary } from '@/api'
import { originsColumn, withOrigins, type ListColumn } from '@/components/listColumns'
import { resetOrigins, useOrigins } from '../useOrigins'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

function origin(id: string, name: string, own = false): OriginSummary {
  return { id, name, reporter: '', own, records: 3, lastMergedAt: own ? null : '2026-06-15T00:00:00.000Z' }
}

const OWN = origin('own', '省局', true)
const A = origin('a', '甲市科技局')

describe('useOrigins', () => {
  beforeEach(() => {
    invokeMock.mockReset()
    resetOrigins()
  })
  afterEach(() => resetOrigins())

  it('loads the origins once for every page and shows them only when several meet', async () => {
    invokeMock.mockResolvedValue([OWN, A])
    const first = useOrigins()
    const second = useOrigins()
    await second.ready()
    expect(invokeMock).toHaveBeenCalledTimes(1)
    expect(invokeMock).toHaveBeenCalledWith('list_origins', undefined)
    expect(first.several.value).toBe(true)
    expect(second.options.value).toEqual([
      { id: 'own', name: '省局' },
      { id: 'a', name: '甲市科技局' },
    ])
  })

  it('hides them for a ledger that is its own only origin', async () => {
    invokeMock.mockResolvedValue([OWN])
    const { several, ready } = useOrigins()
    await ready()
    expect(several.value).toBe(false)
  })

  it('shows nothing when the origins cannot be loaded, and asks again next time', async () => {
    invokeMock.mockRejectedValueOnce({ code: 'internal', message: '读取失败', messageEn: 'failed', fields: [] })
    const { several, ready } = useOrigins()
    await ready()
    expect(several.value).toBe(false)
    invokeMock.mockResolvedValue([OWN, A])
    await useOrigins().ready()
    expect(several.value).toBe(true)
    expect(invokeMock).toHaveBeenCalledTimes(2)
  })

  it('reloads after a merge', async () => {
    invokeMock.mockResolvedValueOnce([OWN])
    const { several, ready, reload } = useOrigins()
    await ready()
    expect(several.value).toBe(false)
    invokeMock.mockResolvedValueOnce([OWN, A])
    await reload()
    expect(several.value).toBe(true)
  })
})

describe('the 来源 column', () => {
  type Row = { id: string; origins: string[] }
  const base: ListColumn<Row>[] = [{ key: 'id', text: (r) => r.id }]

  it('comes last, only when several origins meet', () => {
    expect(withOrigins(base, false).map((c) => c.key)).toEqual(['id'])
    expect(withOrigins(base, true).map((c) => c.key)).toEqual(['id', 'origins'])
    expect(base.map((c) => c.key)).toEqual(['id'])
  })

  it('names every origin of a record', () => {
    const column = originsColumn<Row>()
    expect(column.text?.({ id: 'x', origins: ['乙', '甲'] })).toBe('乙、甲')
    expect(column.testid).toBe('origins')
  })
})
