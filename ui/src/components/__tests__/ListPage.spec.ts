import type { VueWrapper } from '@vue/test-utils'
import { ElTableColumn } from 'element-plus'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import type { Page } from '@/api'
import CompactPager from '@/components/CompactPager.vue'
import DateRangeFilter from '@/components/DateRangeFilter.vue'
import LinkActions from '@/components/LinkActions.vue'
import ListPage from '@/components/ListPage.vue'
import ListTable from '@/components/ListTable.vue'
import ListToolbar from '@/components/ListToolbar.vue'
import { usePagedList, type PagedQuery } from '@/composables/usePagedList'
import { IMPORT_KIND_OF_ROUTE } from '@/components/listPage'
import { mountInApp, q, routerAt, settle } from '@/test-utils/mount'
import { IMPORT_KINDS, LIST_ROUTES } from '@/views/import/importSupport'

interface Thing {
  id: string
  name: string
}

interface ThingQuery extends PagedQuery<'name'> {
  kind: string | null
}

/**
 * The parts of a list page put together over a list of things, as the 走访 page uses them: the toolbar and the table
 * are not told the list, the messages or the test ids, and take the page's.
 */
function host(fetchPage: (query: ThingQuery) => Promise<Page<Thing>>, events: string[] = []) {
  return defineComponent({
    setup() {
      const list = usePagedList<'name', ThingQuery, Thing, 'kind'>({
        fetchPage,
        initialQuery: () => ({ page: 1, pageSize: 20, search: null, sort: 'name', order: 'asc', kind: null }),
        sortKeys: ['name'],
        filterKeys: ['kind'],
      })
      const kind = list.filter('kind')
      void list.load()
      return () =>
        h(
          ListPage,
          { list, messages: 'visitsPage', pageTestid: 'things-page', testid: 'thing' },
          {
            toolbar: () =>
              h(
                ListToolbar,
                {
                  search: list.searchText.value,
                  'onUpdate:search': (v: string) => (list.searchText.value = v),
                  exportKind: 'visits',
                  onAdd: () => events.push('add'),
                },
                () => h('button', { 'data-testid': 'thing-kind', onClick: () => (kind.value = 'big') }),
              ),
            default: () =>
              h(
                ListTable,
                {
                  defaultSort: { prop: 'name', order: 'ascending' },
                  onAdd: () => events.push('empty-add'),
                },
                () => [
                  h(ElTableColumn, { prop: 'name', label: 'name' }),
                  h(
                    ElTableColumn,
                    { label: 'actions' },
                    {
                      default: ({ row }: { row: Thing }) =>
                        h(LinkActions, {
                          testidPrefix: 'thing-row',
                          actions: ['edit', 'delete'],
                          onEdit: () => events.push(`edit ${row.id}`),
                          onDelete: () => events.push(`delete ${row.id}`),
                        }),
                    },
                  ),
                ],
              ),
          },
        )
    },
  })
}

function page(items: Thing[], total = items.length, at = 1): Page<Thing> {
  return { items, total, page: at, pageSize: 20 }
}

describe('ListPage, ListToolbar, ListTable and LinkActions', () => {
  let wrapper: VueWrapper | undefined

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
  })

  it('shows the heading with the total, the rows with their actions and the pager, and pages through', async () => {
    const fetchPage = vi.fn(async (query: ThingQuery) => page([{ id: `t${query.page}`, name: '甲' }], 42, query.page))
    const events: string[] = []
    wrapper = mountInApp(host(fetchPage, events))
    await settle()

    expect(q('[data-testid=things-page] h2').textContent).toBe('走访记录')
    expect(q('[data-testid=thing-total]').textContent).toBe('42')
    expect(q('[data-testid=thing-table]').textContent).toContain('甲')
    expect(q<HTMLInputElement>('[data-testid=thing-search] input').placeholder).toBe('搜索企业名称或走访内容')
    expect(q('[data-testid=thing-add]').textContent).toContain('新增走访')
    expect(document.querySelector('[data-testid=thing-export]')).not.toBeNull()
    expect(document.querySelector('[data-testid=thing-row-history]')).toBeNull()

    q('[data-testid=thing-row-edit]').click()
    q('[data-testid=thing-row-delete]').click()
    q('[data-testid=thing-add]').click()
    expect(events).toEqual(['edit t1', 'delete t1', 'add'])

    q('.el-pagination .number:nth-child(2)').click()
    await settle()
    expect(fetchPage).toHaveBeenLastCalledWith(expect.objectContaining({ page: 2 }))
    expect(q('[data-testid=thing-table]').textContent).toContain('甲')
  })

  it('shows a failed load with 重试 instead of the table, and retries', async () => {
    const fetchPage = vi
      .fn()
      .mockRejectedValueOnce({ code: 'internal', message: '坏了', messageEn: 'broken', fields: [] })
    fetchPage.mockResolvedValue(page([{ id: 't1', name: '甲' }]))
    wrapper = mountInApp(host(fetchPage))
    await settle()

    expect(q('[data-testid=thing-load-error]').textContent).toContain('走访记录加载失败：坏了')
    expect(document.querySelector('[data-testid=thing-table]')).toBeNull()

    q<HTMLButtonElement>('[data-testid=thing-load-error] button').click()
    await settle()
    expect(document.querySelector('[data-testid=thing-load-error]')).toBeNull()
    expect(q('[data-testid=thing-table]').textContent).toContain('甲')
  })

  it('invites the first entry when there is nothing, and offers to clear a filter that matches nothing', async () => {
    const fetchPage = vi.fn(async () => page([]))
    const events: string[] = []
    wrapper = mountInApp(host(fetchPage, events))
    await settle()

    expect(q('[data-testid=thing-table]').textContent).toContain('还没有走访记录')
    expect(document.querySelector('.el-pagination')).toBeNull()
    q('[data-testid=thing-empty-add]').click()
    expect(events).toEqual(['empty-add'])

    q('[data-testid=thing-kind]').click()
    await settle()
    expect(fetchPage).toHaveBeenLastCalledWith(expect.objectContaining({ kind: 'big', page: 1 }))
    expect(q('[data-testid=thing-table]').textContent).toContain('没有符合条件的走访记录')

    q('[data-testid=thing-clear-filters]').click()
    await settle()
    expect(fetchPage).toHaveBeenLastCalledWith(expect.objectContaining({ kind: null, search: null }))
    expect(q('[data-testid=thing-table]').textContent).toContain('还没有走访记录')
  })

  it('offers 导入 on the empty list of every importable kind', () => {
    for (const kind of IMPORT_KINDS) {
      const route = LIST_ROUTES[kind].replace(/^\//, '')
      expect(IMPORT_KIND_OF_ROUTE[route], `the ${route} list`).toBe(kind)
    }
  })

  it('offers 导入 beside 新增 on an empty list page that can be imported, opening 导入数据 with its kind', async () => {
    const router = await routerAt('/experts')
    wrapper = mountInApp(
      host(
        vi.fn(async () => page([])),
        [],
      ),
      { router },
    )
    await settle()
    expect(q('[data-testid=thing-empty-import]').textContent?.trim()).toBe('导入')
    q('[data-testid=thing-empty-import]').click()
    await settle()
    expect(router.currentRoute.value.fullPath).toBe('/import?kind=experts')
    wrapper.unmount()

    const elsewhere = await routerAt('/organizations')
    wrapper = mountInApp(
      host(
        vi.fn(async () => page([])),
        [],
      ),
      { router: elsewhere },
    )
    await settle()
    expect(document.querySelector('[data-testid=thing-empty-add]')).not.toBeNull()
    expect(document.querySelector('[data-testid=thing-empty-import]')).toBeNull()
  })

  it('DateRangeFilter puts its test id on a wrapper of the given width and hands the range on', async () => {
    const changes: unknown[] = []
    wrapper = mountInApp(DateRangeFilter, {
      props: {
        modelValue: null,
        'onUpdate:modelValue': (v: unknown) => changes.push(v),
        testid: 'dates',
        separator: '至',
        startPlaceholder: '开始',
        endPlaceholder: '结束',
        width: 220,
      },
    })
    await settle()

    expect(q('[data-testid=dates]').style.width).toBe('220px')
    expect(q<HTMLInputElement>('[data-testid=dates] input').placeholder).toBe('开始')
    wrapper.findComponent({ name: 'ElDatePicker' }).vm.$emit('update:modelValue', ['2024-01-01', '2024-03-31'])
    expect(changes).toEqual([['2024-01-01', '2024-03-31']])
  })

  it('CompactPager shows only when there is more than one page, and hands the page chosen on', async () => {
    const pages: number[] = []
    wrapper = mountInApp(CompactPager, {
      props: { total: 20, page: 1, pageSize: 20, 'onUpdate:page': (p: number) => pages.push(p) },
    })
    await settle()
    expect(document.querySelector('.el-pagination')).toBeNull()

    await wrapper.setProps({ total: 45 })
    expect(q('.el-pagination').textContent).toContain('45')
    q('.el-pagination .number:nth-child(3)').click()
    await settle()
    expect(pages).toEqual([3])
  })
})
