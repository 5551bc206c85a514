import { invoke } from '@tauri-apps/api/core'
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { createAppI18n } from '@/i18n'
import { fakeClockPerTest, settleForm as settle } from '@/test-utils/forms'
import RecordSelect, { type RecordChoice } from '../RecordSelect.vue'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const EXPERTS = [
  { id: 'x1', name: '李娜', organizationName: '浙江大学' },
  { id: 'x2', name: '王强', organizationName: null },
  { id: 'x3', name: '李明', organizationName: '湖州学院' },
]

function page<T>(items: T[]) {
  return { items, total: items.length, page: 1, pageSize: 30 }
}

function deferred<T>() {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((res) => {
    resolve = res
  })
  return { promise, resolve }
}

/** The searches sent for experts, by their text. */
function searches(): (string | null)[] {
  return invokeMock.mock.calls
    .filter(([c]) => c === 'list_experts')
    .map(([, a]) => (a as { query: { search: string | null } }).query.search)
}

function optionIds(): string[] {
  return [...document.querySelectorAll<HTMLElement>('[data-testid^="pick-option-"]')].map((e) =>
    e.dataset.testid!.slice('pick-option-'.length),
  )
}

function shownLabel(): string {
  return document.querySelector('[data-testid=pick] .el-select__placeholder')?.textContent?.trim() ?? ''
}

async function typeText(text: string): Promise<void> {
  const input = document.querySelector<HTMLInputElement>('[data-testid=pick] input')!
  input.value = text
  input.dispatchEvent(new Event('input'))
  await settle()
}

describe('RecordSelect', () => {
  fakeClockPerTest()
  let wrapper: VueWrapper | undefined
  const value = ref<string | null>(null)
  const known = ref<RecordChoice[]>([])

  function mountSelect(): VueWrapper {
    const Host = defineComponent({
      setup: () => () =>
        h('div', { 'data-testid': 'pick' }, [
          h(RecordSelect<string | null>, {
            kind: 'expert',
            modelValue: value.value,
            'onUpdate:modelValue': (v: string | null) => (value.value = v),
            known: known.value,
            optionTestid: 'pick-option-',
            debounce: 0,
          }),
        ]),
    })
    wrapper = mount(Host, { global: { plugins: [createAppI18n('zh-CN')] }, attachTo: document.body })
    return wrapper
  }

  beforeEach(() => {
    invokeMock.mockReset()
    value.value = null
    known.value = []
    invokeMock.mockImplementation(async (command: string, raw?: unknown) => {
      const args = raw as { query?: { search: string | null }; id?: string }
      if (command === 'list_experts') {
        const search = args.query!.search
        return page(EXPERTS.filter((e) => !search || e.name.includes(search)))
      }
      if (command === 'get_expert') return { id: args.id, name: EXPERTS.find((e) => e.id === args.id)?.name ?? '?' }
      throw new Error(`unexpected command ${command}`)
    })
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  it('searches when it appears, and for every record again each time its list opens', async () => {
    mountSelect()
    await settle()
    expect(searches()).toEqual([null])
    expect(optionIds()).toEqual(['x1', 'x2', 'x3'])
    document.querySelector<HTMLElement>('[data-testid=pick] .el-select__wrapper')!.click()
    await settle()
    expect(searches()).toEqual([null, null])
  })

  it('searches as one types, with the text trimmed, and offers what the core found', async () => {
    mountSelect()
    await settle()
    await typeText(' 李 ')
    expect(searches()).toContain('李')
    expect(optionIds()).toEqual(['x1', 'x3'])
    expect(document.querySelector('[data-testid=pick-option-x1]')?.textContent).toContain('浙江大学')
  })

  it('drops an older answer that arrives after a newer one', async () => {
    mountSelect()
    await settle()
    const slow = deferred<unknown>()
    const fallback = invokeMock.getMockImplementation()!
    invokeMock.mockImplementation(async (command, args) => {
      if (command === 'list_experts' && (args as { query: { search: string } }).query.search === '王')
        return slow.promise
      return fallback(command, args)
    })
    await typeText('王')
    await typeText('李明')
    expect(optionIds()).toEqual(['x3'])
    slow.resolve(page([EXPERTS[1]]))
    await settle()
    expect(optionIds()).toEqual(['x3'])
  })

  it('keeps the chosen record among the options when a later search does not find it', async () => {
    mountSelect()
    await settle()
    document.querySelector<HTMLElement>('[data-testid=pick-option-x2]')!.click()
    await settle()
    expect(value.value).toBe('x2')
    expect(shownLabel()).toBe('王强')
    await typeText('李')
    expect(optionIds()).toEqual(['x1', 'x3', 'x2'])
    expect(document.querySelector('[data-testid=pick-option-x2]')?.textContent).toContain('王强')
    expect(value.value).toBe('x2')
  })

  it('names a value set by the form from `known`, or looks it up once when nobody named it', async () => {
    invokeMock.mockImplementation(async (command, raw) => {
      const args = raw as { query?: { search: string | null }; id?: string }
      if (command === 'list_experts') return page([])
      if (command === 'get_expert') return { id: args.id, name: '赵六' }
      throw new Error(`unexpected command ${command}`)
    })
    mountSelect()
    await settle()
    known.value = [{ id: 'x9', label: '钱七' }]
    value.value = 'x9'
    await settle()
    expect(shownLabel()).toBe('钱七')
    value.value = 'x8'
    await settle()
    expect(shownLabel()).toBe('赵六')
    expect(invokeMock.mock.calls.filter(([c]) => c === 'get_expert')).toEqual([['get_expert', { id: 'x8' }]])
  })

  it('says so when a search fails', async () => {
    invokeMock.mockImplementation(async () => {
      throw { code: 'internal', message: '数据库忙', messageEn: 'busy', fields: [] }
    })
    mountSelect()
    await settle()
    expect(document.querySelector('.el-message')?.textContent).toContain('数据库忙')
  })
})
