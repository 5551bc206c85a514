import { computed, onMounted, ref, shallowRef, watch, type ComputedRef, type Ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import type { HistoryEntity, RecordKind } from '@/api'
import { useRecordDeletion } from './useRecordDeletion'

/** Which row a drawer shows, and whether it is open. */
export function useRowDrawer<R>() {
  const open = ref(false)
  const row = shallowRef<R | null>(null)

  function show(r: R): void {
    row.value = r
    open.value = true
  }

  return { open, row, show }
}

/** The 历史 drawer of a list page: which record's changes it shows, and whether it is open. */
export interface RowHistory {
  entity: HistoryEntity
  open: Ref<boolean>
  row: Ref<{ id: string } | null>
  /** The record's name in the drawer's title. */
  name: ComputedRef<string>
  setOpen(open: boolean): void
}

/**
 * What the list pages share around their list: the add/edit dialog (`editingId` null to add), the 历史 drawer's row,
 * 删除 (asking first, naming the row as `nameOf` does, then loading the list again) and the first load when the page
 * appears. `rowHandlers` wires a table's add, edit, delete and history events to them (`v-bind` it on the table), and
 * `history` is what `ListPage` needs to show the 历史 drawer (named by `historyNameOf`, else `nameOf`). With `openFromRoute`, `?open=<id>` in the address opens that record in
 * the dialog (the 工作台 links so), and closing the dialog drops `open` again, so the same link works once more.
 */
export function useListPage<R extends { id: string }>(options: {
  load: () => Promise<void>
  kind: Extract<RecordKind, HistoryEntity>
  nameOf: (row: R) => string
  historyNameOf?: (row: R) => string
  openFromRoute?: boolean
}) {
  const { confirmAndDelete } = useRecordDeletion()
  const dialogOpen = ref(false)
  const editingId = ref<string | null>(null)
  const history = useRowDrawer<R>()

  function openAdd(): void {
    editingId.value = null
    dialogOpen.value = true
  }

  function openEdit(row: R): void {
    editingId.value = row.id
    dialogOpen.value = true
  }

  async function remove(row: R): Promise<void> {
    if (await confirmAndDelete(options.kind, row.id, options.nameOf(row))) await options.load()
  }

  if (options.openFromRoute) {
    const route = useRoute()
    const router = useRouter()
    watch(
      () => route.query.open,
      (id) => {
        if (typeof id !== 'string' || id === '') return
        editingId.value = id
        dialogOpen.value = true
      },
      { immediate: true },
    )
    watch(dialogOpen, (isOpen) => {
      if (isOpen || route.query.open === undefined) return
      const rest = { ...route.query }
      delete rest.open
      void router.replace({ query: rest })
    })
  }

  onMounted(() => {
    void options.load()
  })

  const historyNameOf = options.historyNameOf ?? options.nameOf
  const rowHistory: RowHistory = {
    entity: options.kind,
    open: history.open,
    row: history.row,
    name: computed(() => (history.row.value ? historyNameOf(history.row.value as R) : '')),
    setOpen: (open) => {
      history.open.value = open
    },
  }

  return {
    dialogOpen,
    editingId,
    openAdd,
    openEdit,
    remove,
    historyOpen: history.open,
    historyRow: history.row,
    showHistory: history.show,
    history: rowHistory,
    rowHandlers: { onAdd: openAdd, onEdit: openEdit, onDelete: remove, onHistory: history.show },
  }
}
