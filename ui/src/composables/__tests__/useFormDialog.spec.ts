import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { FormInstance } from 'element-plus'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, reactive, ref } from 'vue'
import { useFormContext } from '@/composables/formContext'
import { createAppI18n } from '@/i18n'
import { useFormDialog, type FormDialogOptions } from '../useFormDialog'

interface Row {
  id: string
  revision: number
  name: string
}
type Form = { name: string; kind: string }
type Options = FormDialogOptions<Form, Row, { name: string }, Row>

/** Mounts a dialog-like host using the composable (its el-form validates unless told) and a child reading the context. */
function setUp(overrides: Partial<Options> = {}) {
  const open = ref(false)
  const form = reactive<Form>({ name: '', kind: '' })
  const calls = {
    get: vi.fn(async (id: string): Promise<Row> => ({ id, revision: 7, name: '浙江大学' })),
    create: vi.fn(async (input: { name: string }): Promise<Row> => ({ id: 'new', revision: 1, ...input })),
    update: vi.fn(async (id: string, revision: number, input: { name: string }) => ({
      id,
      revision: revision + 1,
      ...input,
    })),
    next: vi.fn(),
  }
  let api!: ReturnType<typeof useFormDialog<Form, Row, { name: string }, Row>>
  let seen: ReturnType<typeof useFormContext> | undefined
  // A field of the dialog, reading the context it is given.
  const Child = () => {
    seen = useFormContext()
    return null
  }
  const Host = defineComponent({
    setup() {
      api = useFormDialog({
        open,
        messages: 'organizations.org',
        prefix: 'org',
        form,
        blank: (keep) => ({ name: '', kind: 'university', ...keep }),
        formOf: (row) => ({ name: row.name, kind: 'institute' }),
        recordId: () => null,
        get: calls.get,
        toInput: (values) => ({ name: values.name }),
        create: calls.create,
        update: calls.update,
        onEnter: () => undefined,
        next: calls.next,
        ...overrides,
      })
      // The el-form's stand-in: it validates.
      api.formRef.value = { validate: () => Promise.resolve(true), clearValidate: vi.fn() } as unknown as FormInstance
      return () => h(Child)
    },
  })
  const wrapper = mount(Host, { global: { plugins: [createAppI18n('zh-CN')] } })
  return { api: () => api, context: () => seen!, open, form, calls, wrapper }
}

describe('useFormDialog', () => {
  let wrapper: VueWrapper | undefined

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  it('hands its form, texts and test ids to the fields, and starts blank when opened', async () => {
    const set = setUp()
    wrapper = set.wrapper
    set.open.value = true
    await flushPromises()
    expect(set.form).toEqual({ name: '', kind: 'university' })
    expect(set.api().editing.value).toBeNull()
    expect(set.context().messages).toBe('organizations.org')
    expect(set.context().prefix).toBe('org')
    expect(set.context().form).toBe(set.form)
    expect(set.context().formRef).toBe(set.api().formRef)
  })

  it('creates a new record, then closes, or (保存并新增) starts the next entry keeping what it is told', async () => {
    const set = setUp()
    wrapper = set.wrapper
    set.open.value = true
    await flushPromises()
    set.form.name = '浙江大学'
    const then = vi.fn()
    expect(await set.api().save(true, { then, keep: () => ({ kind: 'other' }) })).toBe(true)
    expect(set.calls.create).toHaveBeenCalledWith({ name: '浙江大学' })
    expect(then).toHaveBeenCalledWith({ id: 'new', revision: 1, name: '浙江大学' })
    expect(set.form).toEqual({ name: '', kind: 'other' })
    expect(set.calls.next).toHaveBeenCalled()
    expect(set.open.value).toBe(true)

    set.form.name = '浙大'
    await set.api().save(false, {})
    expect(set.open.value).toBe(false)
  })

  it('loads the record to edit and saves it with the revision it was read at', async () => {
    const set = setUp({ recordId: () => 'org-1' })
    wrapper = set.wrapper
    set.open.value = true
    await flushPromises()
    expect(set.calls.get).toHaveBeenCalledWith('org-1')
    expect(set.form).toEqual({ name: '浙江大学', kind: 'institute' })
    set.form.name = '浙大'
    await set.api().save(false, {})
    expect(set.calls.update).toHaveBeenCalledWith('org-1', 7, { name: '浙大' })
    expect(set.calls.create).not.toHaveBeenCalled()
  })

  it('shows a record the caller already has, without reading it', async () => {
    const set = setUp({ record: () => ({ id: 'org-2', revision: 3, name: '中科院' }) })
    wrapper = set.wrapper
    set.open.value = true
    await flushPromises()
    expect(set.calls.get).not.toHaveBeenCalled()
    expect(set.form.name).toBe('中科院')
    expect(set.api().editing.value?.revision).toBe(3)
  })
})
