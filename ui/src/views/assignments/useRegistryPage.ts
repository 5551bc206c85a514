import { computed } from 'vue'
import { useColumnChoice } from '@/composables/useColumnVisibility'
import { useListPage, useRowDrawer } from '@/composables/useListPage'
import type { AssignmentSide, RecordFact } from './assignmentForm'

/**
 * The page script of a registry (科技专员, 服务企业), whose rows pair with the other side's: the optional columns the
 * user chooses (`optionalColumns`, in table order, `hiddenByDefault` hidden until asked for), the list page around the
 * list (`useListPage`, rows named by their name) and the 结对 drawer of a row, with the record's key facts (`factsOf`)
 * at its top. `rowHandlers` wires a table's add, edit, detail, history and delete events (`v-bind` it on the table);
 * `pairing` is the `AssignmentDrawer`'s props and v-model (`v-bind` it on the drawer).
 */
export function useRegistryPage<R extends { id: string; name: string }, K extends string>(options: {
  side: AssignmentSide
  load: () => Promise<void>
  optionalColumns: readonly K[]
  hiddenByDefault?: readonly K[]
  factsOf: (row: R) => RecordFact[]
}) {
  const columns = useColumnChoice(`${options.side}s` as const, options.optionalColumns, options.hiddenByDefault)
  const { dialogOpen, editingId, openAdd, history, rowHandlers } = useListPage<R>({
    load: options.load,
    kind: options.side,
    nameOf: (row) => row.name,
  })
  const detail = useRowDrawer<R>()

  const pairing = computed(() => {
    const row = detail.row.value
    return {
      modelValue: detail.open.value,
      'onUpdate:modelValue': (open: boolean) => {
        detail.open.value = open
      },
      side: options.side,
      recordId: row?.id ?? null,
      name: row?.name ?? '',
      facts: row ? options.factsOf(row) : [],
    }
  })

  return {
    columns,
    dialogOpen,
    editingId,
    openAdd,
    history,
    rowHandlers: { ...rowHandlers, onDetail: detail.show },
    pairing,
  }
}
