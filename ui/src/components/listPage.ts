import type { InjectionKey } from 'vue'
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
