import type { ImportKind } from '@/api'
import { computed, inject, type InjectionKey } from 'vue'
import type { ListState, ListTableState } from '@/composables/usePagedList'

/** What `ListPage` hands to the `ListTable` inside it, so the table need not be told again. */
export interface ListPageContext {
  /** The page's list. */
  list: ListState & ListTableState<unknown>
  /** The page's message group, e.g. `experts`. */
  messages: string
  /** Start of the test ids, e.g. `expert`. */
  testid: string
}

export const LIST_PAGE: InjectionKey<ListPageContext> = Symbol('list page')

/**
 * The page a part of a list page (its table, its toolbar) sits in, and the message group and test-id start the part
 * uses: its own when given, else the page's.
 */
export function useListPageNames(own: { messages?: string; testid?: string }) {
  const page = inject(LIST_PAGE, null)
  return {
    page,
    group: computed(() => own.messages ?? page?.messages ?? ''),
    ids: computed(() => own.testid ?? page?.testid ?? ''),
  }
}

/**
 * The 导入数据 kind of each list page, by its route name: an empty list offers 导入 (opening 导入数据 with that
 * kind chosen, `?kind=`) beside 新增. Pages not named here offer 新增 alone.
 */
export const IMPORT_KIND_OF_ROUTE: Readonly<Record<string, ImportKind>> = {
  experts: 'experts',
  enterprises: 'enterprises',
  visits: 'visits',
  services: 'services',
  needs: 'needs',
  events: 'events',
}
