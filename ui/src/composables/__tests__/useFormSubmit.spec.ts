import { flushPromises, mount } from '@vue/test-utils'
import type { FormInstance } from 'element-plus'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, ref, shallowRef } from 'vue'
import type { FieldError } from '@/api'
import { createAppI18n } from '@/i18n'
import { useFormSubmit, type FormSubmitOptions } from '../useFormSubmit'

type Options = Partial<FormSubmitOptions> & { valid?: boolean }

/** Mounts a component using the composable; the el-form is a stand-in whose validation passes unless `valid` is false. */
function setUp(options: Options = {}) {
  const serverErrors = shallowRef<FieldError[]>([])
  const validate = vi.fn(() => (options.valid === false ? Promise.reject(new Error('invalid')) : Promise.resolve(true)))
  const formRef = ref({ validate } as unknown as FormInstance)
  let api!: ReturnType<typeof useFormSubmit>
  const Host = defineComponent({
    setup() {
      api = useFormSubmit({ formRef, serverErrors, notSavedKey: 'needsPage.form.notSaved', ...options })
      return () => null
    },
  })
  const wrapper = mount(Host, { global: { plugins: [createAppI18n('zh-CN')] } })
  return { api, serverErrors, validate, wrapper }
}

function refusal(code: string, fields: FieldError[] = []) {
  return { code, message: `核心说：${code}`, messageEn: `core says ${code}`, fields }
}

function messages(kind: string): string[] {
  return [...document.querySelectorAll(`.el-message--${kind}`)].map((m) => m.textContent?.trim() ?? '')
}

describe('useFormSubmit', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('validates, saves, says so and goes on with the saved record', async () => {
    const { api, validate } = setUp()
    const then = vi.fn()
    const ok = await api.submit(async () => ({ name: '李娜' }), { message: (r) => `已保存 ${r.name}`, then })
    expect(ok).toBe(true)
    expect(validate).toHaveBeenCalled()
    expect(then).toHaveBeenCalledWith({ name: '李娜' })
    expect(messages('success')).toEqual(['已保存 李娜'])
    expect(api.saving.value).toBe(false)
  })

  it('saves nothing when the form’s rules or the extra check fail, and runs both', async () => {
    const check = vi.fn(() => false)
    const save = vi.fn(async () => 1)
    const { api } = setUp({ valid: false, check })
    expect(await api.submit(save)).toBe(false)
    expect(check).toHaveBeenCalled()
    expect(save).not.toHaveBeenCalled()
  })

  it('saves nothing while busy or already saving', async () => {
    let release!: () => void
    const save = vi.fn(() => new Promise<number>((resolve) => (release = () => resolve(1))))
    const { api } = setUp()
    const first = api.submit(save)
    await flushPromises()
    expect(api.saving.value).toBe(true)
    expect(await api.submit(save)).toBe(false)
    release()
    await first
    expect(save).toHaveBeenCalledTimes(1)

    const busy = setUp({ busy: () => true })
    expect(await busy.api.submit(save)).toBe(false)
    expect(save).toHaveBeenCalledTimes(1)
  })

  it('puts the fields of a validation or duplicate refusal on the form and warns', async () => {
    const onRefused = vi.fn()
    const { api, serverErrors } = setUp({ onRefused })
    const fields = [{ field: 'name', message: '名称已存在', messageEn: 'taken' }]
    expect(await api.submit(() => Promise.reject(refusal('duplicate', fields)))).toBe(false)
    expect(serverErrors.value).toEqual(fields)
    expect(onRefused).toHaveBeenCalledWith(expect.objectContaining({ code: 'duplicate' }))
    expect(messages('warning')).toEqual(['未保存，请按提示修改'])

    await api.submit(() => Promise.reject(refusal('validation', fields)))
    expect(serverErrors.value).toEqual(fields)
  })

  it('clears the old field errors before the next save', async () => {
    const { api, serverErrors } = setUp()
    serverErrors.value = [{ field: 'name', message: '旧', messageEn: 'old' }]
    await api.submit(async () => 1)
    expect(serverErrors.value).toEqual([])
  })

  it('reloads the record after a conflict and says so', async () => {
    const reload = vi.fn(async () => true)
    const { api } = setUp({ editing: () => true, reload })
    await api.submit(() => Promise.reject(refusal('conflict')))
    expect(reload).toHaveBeenCalled()
    expect(messages('error')).toEqual(['该记录刚被其他人修改过，已载入最新内容，请核对后重新修改并保存'])
  })

  it('closes with the given message when the reload finds the record gone', async () => {
    const close = vi.fn()
    const onGone = vi.fn()
    const { api } = setUp({
      editing: () => true,
      reload: async () => false,
      close,
      onGone,
      goneKey: 'organizations.gone',
    })
    await api.submit(() => Promise.reject(refusal('conflict')))
    expect(close).toHaveBeenCalled()
    expect(onGone).toHaveBeenCalled()
    expect(messages('error')).toEqual(['该记录已不存在（可能已被删除），列表已刷新'])
  })

  it('closes when the edited record is not found', async () => {
    const close = vi.fn()
    const { api } = setUp({ editing: () => true, close })
    await api.submit(() => Promise.reject(refusal('not_found')))
    expect(close).toHaveBeenCalled()
    expect(messages('error')).toEqual(['核心说：not_found'])
  })

  it('shows the core’s message for a not_found while adding, a conflict without reload, or any other failure', async () => {
    const close = vi.fn()
    const { api } = setUp({ editing: () => false, close, reload: async () => true })
    await api.submit(() => Promise.reject(refusal('not_found')))
    await api.submit(() => Promise.reject(refusal('conflict')))
    await api.submit(() => Promise.reject(refusal('validation')))
    await api.submit(() => Promise.reject('a plain failure'))
    expect(close).not.toHaveBeenCalled()
    expect(messages('error')).toEqual([
      '核心说：not_found',
      '核心说：conflict',
      '核心说：validation',
      'a plain failure',
    ])
  })

  it('wraps any other failure in the given message', async () => {
    const { api } = setUp({ failedKey: 'visitsPage.form.need.failed' })
    await api.submit(() => Promise.reject(refusal('internal')))
    expect(messages('error')).toEqual(['走访已保存，但技术需求保存失败：核心说：internal'])
  })

  it('loads the record to edit, saves nothing meanwhile, and closes with the message when it cannot be read', async () => {
    const close = vi.fn()
    const { api } = setUp({ close, loadFailedKey: 'needsPage.form.loadFailed' })
    let release!: (value: string) => void
    const applied: string[] = []
    const loading = api.load(
      () => new Promise<string>((resolve) => (release = resolve)),
      (v) => applied.push(v),
    )
    expect(api.loading.value).toBe(true)
    const save = vi.fn(async () => 1)
    expect(await api.submit(save)).toBe(false)
    expect(save).not.toHaveBeenCalled()
    release('需求')
    await loading
    expect(applied).toEqual(['需求'])
    expect(api.loading.value).toBe(false)
    expect(close).not.toHaveBeenCalled()

    await api.load(
      () => Promise.reject(refusal('not_found')),
      () => applied.push('never'),
    )
    expect(applied).toEqual(['需求'])
    expect(close).toHaveBeenCalled()
    expect(messages('error')[0]).toContain('核心说：not_found')
  })
})
