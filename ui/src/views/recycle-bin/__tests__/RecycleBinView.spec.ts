import { invoke } from '@tauri-apps/api/core'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Page, RecycleBinRow } from '@/api'
import { freshPagePerTest, settle, waitFor } from '@/test-utils/mount'
import RecycleBinView from '../RecycleBinView.vue'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const ROWS: RecycleBinRow[] = [
  { kind: 'expert', id: 'x1', name: '张三', deletedAt: '2024-03-05T01:02:03Z' },
  { kind: 'enterprise', id: 'n1', name: '甲公司', deletedAt: '2024-03-04T01:02:03Z' },
]

function commands(): string[] {
  return invokeMock.mock.calls.map(([c]) => c)
}

describe('RecycleBinView', () => {
  const page = freshPagePerTest(invokeMock)
  let rows: RecycleBinRow[]

  async function render(): Promise<VueWrapper> {
    const wrapper = page.mount(RecycleBinView)
    await flushPromises()
    return wrapper
  }

  beforeEach(() => {
    rows = [...ROWS]
    invokeMock.mockImplementation(async (command: string, args?: unknown) => {
      const a = (args ?? {}) as { page: number; pageSize: number; kind: string; id: string }
      if (command === 'list_recycle_bin') {
        const page: Page<RecycleBinRow> = { items: rows, total: rows.length, page: a.page, pageSize: a.pageSize }
        return page
      }
      if (command === 'restore_record' || command === 'purge_record') {
        rows = rows.filter((r) => r.id !== a.id)
        return null
      }
      throw new Error(`unexpected ${command}`)
    })
  })

  it('lists deleted experts and enterprises with their kind', async () => {
    const w = await render()
    expect(invokeMock).toHaveBeenCalledWith('list_recycle_bin', { page: 1, pageSize: 50 })
    expect(w.find('[data-testid=recycle-bin-page]').exists()).toBe(true)
    expect(w.findAll('[data-testid=recycle-row-name]').map((n) => n.text())).toEqual(['张三', '甲公司'])
    const table = w.find('[data-testid=recycle-bin-table]').text()
    expect(table).toContain('科技专员')
    expect(table).toContain('服务企业')
  })

  it('restores a record and reloads', async () => {
    const w = await render()
    invokeMock.mockClear()
    await w.findAll('[data-testid=recycle-row-restore]')[0]?.trigger('click')
    await settle()
    expect(invokeMock).toHaveBeenCalledWith('restore_record', { kind: 'expert', id: 'x1' })
    expect(commands()).toEqual(['restore_record', 'list_recycle_bin'])
    expect(w.findAll('[data-testid=recycle-row-name]').map((n) => n.text())).toEqual(['甲公司'])
  })

  it('purges only after the confirmation, then reloads', async () => {
    const w = await render()
    invokeMock.mockClear()
    await w.findAll('[data-testid=recycle-row-purge]')[1]?.trigger('click')
    await settle()
    expect(commands()).toEqual([])
    expect(document.querySelector('.el-message-box')?.textContent).toContain('彻底删除“甲公司”后将无法恢复')

    document.querySelector<HTMLElement>('.el-message-box__btns .el-button--primary')?.click()
    await settle()
    expect(invokeMock).toHaveBeenCalledWith('purge_record', { kind: 'enterprise', id: 'n1' })
    expect(commands()).toEqual(['purge_record', 'list_recycle_bin'])
  })

  it('does nothing when the purge is cancelled, and reports a refused purge', async () => {
    const w = await render()
    invokeMock.mockClear()
    await w.findAll('[data-testid=recycle-row-purge]')[0]?.trigger('click')
    await settle()
    document.querySelector<HTMLElement>('.el-message-box__btns .el-button:not(.el-button--primary)')?.click()
    await settle()
    expect(commands()).toEqual([])
    await waitFor(() => !document.querySelector('.el-message-box'), 'the first box to close')

    invokeMock.mockRejectedValueOnce({
      code: 'has_references',
      message: '该专员仍被 2 条服务记录引用，不能彻底删除',
      messageEn: 'still referenced',
      fields: [],
    })
    await w.findAll('[data-testid=recycle-row-purge]')[0]?.trigger('click')
    await settle()
    document.querySelector<HTMLElement>('.el-message-box__btns .el-button--primary')?.click()
    await settle()
    expect(document.querySelector('.el-message--error')?.textContent).toContain('该专员仍被 2 条服务记录引用')
  })
})
