import { invoke } from '@tauri-apps/api/core'
import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import type { Router } from 'vue-router'
import type { Referrers } from '@/api'
import { useListPage } from '@/composables/useListPage'
import { mountInApp, q, routerAt, settle } from '@/test-utils/mount'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

interface Row {
  id: string
  name: string
}

describe('useListPage', () => {
  let wrapper: VueWrapper | undefined
  let page: ReturnType<typeof useListPage<Row>>
  const load = vi.fn(async () => undefined)

  async function render(path: string, openFromRoute = true): Promise<Router> {
    const router = await routerAt(path)
    const Host = defineComponent({
      setup() {
        page = useListPage<Row>({ load, kind: 'visit', nameOf: (row) => `走访 ${row.name}`, openFromRoute })
        return () => h('div')
      },
    })
    wrapper = mountInApp(Host, { router })
    await settle()
    return router
  }

  beforeEach(() => {
    load.mockClear()
    invokeMock.mockReset()
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
  })

  it('loads when the page appears, and opens the dialog to add, to edit and for the history', async () => {
    await render('/visits', false)
    expect(load).toHaveBeenCalledTimes(1)
    expect(page.dialogOpen.value).toBe(false)

    page.openEdit({ id: 'v1', name: '甲' })
    expect([page.dialogOpen.value, page.editingId.value]).toEqual([true, 'v1'])
    page.openAdd()
    expect([page.dialogOpen.value, page.editingId.value]).toEqual([true, null])
    page.showHistory({ id: 'v2', name: '乙' })
    expect([page.historyOpen.value, page.historyRow.value?.id]).toEqual([true, 'v2'])
    expect([page.history.entity, page.history.name.value]).toEqual(['visit', '走访 乙'])
    page.history.setOpen(false)
    expect(page.historyOpen.value).toBe(false)
    expect(page.rowHandlers).toEqual({
      onAdd: page.openAdd,
      onEdit: page.openEdit,
      onDelete: page.remove,
      onHistory: page.showHistory,
    })
  })

  it('opens the record named by ?open= and drops it from the address when the dialog closes', async () => {
    const router = await render('/visits?open=v9&mode=phone')
    expect([page.dialogOpen.value, page.editingId.value]).toEqual([true, 'v9'])

    page.dialogOpen.value = false
    await settle()
    expect(router.currentRoute.value.query).toEqual({ mode: 'phone' })
  })

  it('deletes after the confirmation naming the row, then loads the list again', async () => {
    const none: Referrers = { assignments: 0, visits: 0, needs: 0, needMatches: 0, serviceRecords: 0, events: 0 }
    invokeMock.mockImplementation(async (command: string) => (command === 'referrers_of_record' ? none : null))
    await render('/visits', false)
    load.mockClear()

    const removed = page.remove({ id: 'v1', name: '甲' })
    await settle()
    expect(q('.el-message-box').textContent).toContain('走访 甲')
    q('.el-message-box__btns .el-button--primary').click()
    await removed
    await settle()

    expect(invokeMock).toHaveBeenCalledWith('delete_record', { kind: 'visit', id: 'v1', confirm: false })
    expect(load).toHaveBeenCalledTimes(1)
  })
})
