import { describe, expect, it } from 'vitest'
import { defineComponent, h, type Component } from 'vue'
import { enterpriseColumn, type ListColumn } from '@/components/listColumns'
import ListTable from '@/components/ListTable.vue'
import RefreshHeading from '@/components/RefreshHeading.vue'
import { usePagedList, type PagedQuery } from '@/composables/usePagedList'
import { freshPagePerTest, mountInApp, q, routerAt, settle, textOf } from '@/test-utils/mount'

interface Visitish {
  id: string
  enterpriseId: string
  enterpriseName: string
  purpose: string | null
  mode: string
}

const ROWS: Visitish[] = [{ id: 'v1', enterpriseId: 'e1', enterpriseName: '甲公司', purpose: null, mode: '上门' }]

const COLUMNS: ListColumn<Visitish>[] = [
  enterpriseColumn(150),
  { key: 'purpose', minWidth: 100, sort: true, initial: 'ascending', text: (r) => r.purpose },
  { key: 'mode', width: { zh: 60, en: 76 }, optional: true, testid: 'mode', text: (r) => r.mode },
]

/** A ListTable over one row, described by COLUMNS, recording the row actions (the generic component is cast for h). */
function host(visible: readonly string[] | undefined, events: string[]) {
  return defineComponent({
    setup() {
      const list = usePagedList<'purpose', PagedQuery<'purpose'>, Visitish, never>({
        fetchPage: async () => ({ items: ROWS, total: 1, page: 1, pageSize: 20 }),
        initialQuery: () => ({ page: 1, pageSize: 20, search: null, sort: 'purpose', order: 'asc' }),
        sortKeys: ['purpose'],
        filterKeys: [],
      })
      void list.load()
      return () =>
        h(ListTable as Component, {
          list,
          messages: 'visitsPage',
          testid: 'visit',
          columns: COLUMNS,
          visible,
          actions: { actions: ['edit', 'delete'], width: 120 },
          onEdit: (row: Visitish) => events.push(`edit ${row.id}`),
          onDelete: (row: Visitish) => events.push(`delete ${row.id}`),
        })
    },
  })
}

describe('ListTable columns and RefreshHeading', () => {
  freshPagePerTest()

  it('draws described columns: links, 「—」 for no text, test ids, the marked sort and the actions', async () => {
    const events: string[] = []
    mountInApp(host(undefined, events), { router: await routerAt('/visits') })
    await settle()

    const headers = [...document.querySelectorAll('[data-testid=visit-table] th')].map((th) => th.textContent?.trim())
    expect(headers).toEqual(['企业', '走访目的', '方式', '操作'])
    expect(q('[data-testid=visit-row-enterprise]').getAttribute('href')).toBe('/enterprises/e1')
    expect(textOf('visit-row-enterprise')).toBe('甲公司')
    expect(q('[data-testid=visit-table] .el-table__body tr td:nth-child(2)').textContent?.trim()).toBe('—')
    expect(textOf('visit-row-mode')).toBe('上门')
    expect(q('[data-testid=visit-table] th.ascending').textContent?.trim()).toBe('走访目的')

    q('[data-testid=visit-row-edit]').click()
    q('[data-testid=visit-row-delete]').click()
    expect(events).toEqual(['edit v1', 'delete v1'])
  })

  it('leaves out an optional column that visible does not list', async () => {
    mountInApp(host([], []), { router: await routerAt('/visits') })
    await settle()

    expect(document.querySelector('[data-testid=visit-row-mode]')).toBeNull()
    expect(document.querySelector('[data-testid=visit-row-enterprise]')).not.toBeNull()
  })

  it('RefreshHeading shows the title and the line after it, and its button asks for a refresh', async () => {
    const refreshes: string[] = []
    mountInApp(RefreshHeading, {
      props: {
        messages: 'statisticsPage',
        meta: '本月',
        metaTestid: 'shown',
        testid: 'stats',
        loading: false,
        onRefresh: () => refreshes.push('refresh'),
      },
    })
    await settle()

    expect(q('h2').textContent).toBe('统计导出')
    expect(textOf('shown')).toBe('本月')
    q('[data-testid=stats-refresh]').click()
    expect(refreshes).toEqual(['refresh'])
  })
})
