import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { freshPagePerTest, settle } from '@/test-utils/mount'
import { useRegistryPage } from '@/views/assignments/useRegistryPage'

interface Row {
  id: string
  name: string
  phone: string
}

describe('useRegistryPage', () => {
  const { mount } = freshPagePerTest()

  async function render(load: () => Promise<void>) {
    let page!: ReturnType<typeof useRegistryPage<Row, 'phone' | 'region'>>
    const Host = defineComponent({
      setup() {
        page = useRegistryPage({
          side: 'enterprise',
          load,
          optionalColumns: ['phone', 'region'],
          hiddenByDefault: ['region'],
          factsOf: (row: Row) => [{ label: '电话', value: row.phone }],
        })
        return () => h('div')
      },
    })
    mount(Host)
    await settle()
    return page
  }

  it('loads the list, shows the columns not hidden by default, and names the history by the record kind', async () => {
    const load = vi.fn(async () => undefined)
    const page = await render(load)

    expect(load).toHaveBeenCalledTimes(1)
    expect(page.columns.visible.value).toEqual(['phone'])
    expect(page.history.entity).toBe('enterprise')
    page.rowHandlers.onEdit({ id: 'e1', name: '甲公司', phone: '1' })
    expect([page.dialogOpen.value, page.editingId.value]).toEqual([true, 'e1'])
    page.rowHandlers.onHistory({ id: 'e2', name: '乙公司', phone: '2' })
    expect(page.history.name.value).toBe('乙公司')
  })

  it("opens the 结对 drawer on a row's detail with its id, name and facts, and closes it through the v-model", async () => {
    const page = await render(async () => undefined)
    expect(page.pairing.value).toMatchObject({ modelValue: false, side: 'enterprise', recordId: null, facts: [] })

    page.rowHandlers.onDetail({ id: 'e1', name: '甲公司', phone: '0571-1' })
    expect(page.pairing.value).toMatchObject({
      modelValue: true,
      side: 'enterprise',
      recordId: 'e1',
      name: '甲公司',
      facts: [{ label: '电话', value: '0571-1' }],
    })

    page.pairing.value['onUpdate:modelValue'](false)
    expect(page.pairing.value.modelValue).toBe(false)
  })
})
