import { invoke } from '@tauri-apps/api/core'
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Batch, BatchInput, Organization, OrganizationInput } from '@/api'
import { applyLocale, createAppI18n } from '@/i18n'
import OrganizationsView from '../OrganizationsView.vue'
import {
  click,
  fakeClockPerTest,
  fieldError as errorOf,
  q,
  settleForm as settle,
  typeDate,
  typeInto as type,
} from '@/test-utils/forms'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const ZJU: Organization = {
  id: 'o1',
  name: '浙江大学',
  kind: 'university',
  region: '浙江省杭州市',
  notes: null,
  expertCount: 3,
  revision: 4,
}
const NIMTE: Organization = {
  id: 'o2',
  name: '中国科学院宁波材料所',
  kind: 'institute',
  region: null,
  notes: '新材料',
  expertCount: 0,
  revision: 1,
}

const FIRST: Batch = {
  id: 'b1',
  name: '2024年第一批',
  year: 2024,
  startDate: '2024-03-01',
  endDate: '2024-12-31',
  notes: null,
  expertCount: 0,
  assignmentCount: 2,
  revision: 3,
}
const SECOND: Batch = {
  id: 'b2',
  name: '2024年第二批',
  year: 2024,
  startDate: null,
  endDate: null,
  notes: null,
  expertCount: 0,
  assignmentCount: 0,
  revision: 1,
}

const DUPLICATE_ORG = {
  code: 'duplicate',
  message: '派出单位“浙江大学”已存在',
  messageEn: 'The dispatching organisation 浙江大学 already exists',
  fields: [
    {
      field: 'name',
      message: '派出单位“浙江大学”已存在',
      messageEn: 'The dispatching organisation 浙江大学 already exists',
    },
  ],
}

const CONFLICT = { code: 'conflict', message: '该派出单位已被修改或删除', messageEn: 'changed', fields: [] }

type Handler = (args: Record<string, unknown>) => unknown

/** The fake core: lists from `orgs` and `batches`, every other command from `handlers`. */
let orgs: Organization[]
let batches: Batch[]
let handlers: Record<string, Handler>

function all(selector: string): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>(selector))
}

function texts(selector: string): string[] {
  return all(selector).map((e) => e.textContent?.trim() ?? '')
}

/** The row (`tr`) whose name cell carries `name`. */
function row(testid: 'org-row' | 'batch-row', name: string): HTMLElement {
  const cell = all(`[data-testid=${testid}]`).find((e) => e.textContent?.trim() === name)
  const tr = cell?.closest('tr')
  if (!tr) throw new Error(`no row ${name}`)
  return tr
}

function inRow(tr: HTMLElement, testid: string): HTMLButtonElement {
  const el = tr.querySelector<HTMLButtonElement>(`[data-testid=${testid}]`)
  if (!el) throw new Error(`no ${testid} in the row`)
  return el
}

async function pressEnter(testid: string): Promise<void> {
  q(`[data-testid=${testid}] input`).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
  await settle()
}

function calls(command: string): unknown[] {
  return invokeMock.mock.calls.filter(([c]) => c === command).map(([, args]) => args)
}

function dialogOpen(testid: string): boolean {
  const dialog = document.querySelector<HTMLElement>(`[data-testid=${testid}]`)
  return !!dialog && dialog.closest<HTMLElement>('.el-overlay')?.style.display !== 'none'
}

describe('OrganizationsView', () => {
  fakeClockPerTest()
  let wrapper: VueWrapper | undefined
  let i18n: ReturnType<typeof createAppI18n>

  async function render(): Promise<VueWrapper> {
    i18n = createAppI18n('zh-CN')
    wrapper = mount(OrganizationsView, { global: { plugins: [i18n] }, attachTo: document.body })
    await settle()
    return wrapper
  }

  async function showBatches(): Promise<void> {
    await click('[data-testid=batches-tab]')
  }

  beforeEach(() => {
    window.localStorage.clear()
    orgs = [NIMTE, ZJU]
    batches = [FIRST, SECOND]
    handlers = {}
    invokeMock.mockReset()
    invokeMock.mockImplementation(async (command: string, args?: unknown) => {
      if (command === 'list_organizations') return orgs
      if (command === 'list_batches') return batches
      const handler = handlers[command]
      if (!handler) throw new Error(`unexpected ${command}`)
      return handler((args ?? {}) as Record<string, unknown>)
    })
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  it('lists the organisations and, on the second tab, the batches', async () => {
    const w = await render()
    expect(w.find('h2').text()).toBe('派出单位与批次')
    expect(q('[data-testid=orgs-tab]').textContent).toBe('派出单位')
    expect(q('[data-testid=batches-tab]').textContent).toBe('批次')
    expect(texts('[data-testid=org-row]')).toEqual(['中国科学院宁波材料所', '浙江大学'])
    expect(texts('[data-testid=org-row-kind]')).toEqual(['科研院所', '高校'])
    expect(texts('[data-testid=org-row-experts]')).toEqual(['0', '3'])
    expect(q('[data-testid=org-total]').textContent).toBe('2')
    const table = q('[data-testid=org-table]').textContent ?? ''
    for (const heading of ['名称', '类型', '所在地区', '专员数', '备注', '操作', '浙江省杭州市', '新材料'])
      expect(table).toContain(heading)

    await showBatches()
    expect(texts('[data-testid=batch-row]')).toEqual(['2024年第一批', '2024年第二批'])
    expect(texts('[data-testid=batch-row-period]')).toEqual(['2024-03-01 ~ 2024-12-31', '—'])
    expect(texts('[data-testid=batch-row-assignments]')).toEqual(['2', '0'])
    const batchTable = q('[data-testid=batch-table]').textContent ?? ''
    for (const heading of ['名称', '年度', '起止日期', '专员数', '派驻数', '备注'])
      expect(batchTable).toContain(heading)
  })

  it('shows an empty state with a hint and an add button when nothing exists yet', async () => {
    orgs = []
    batches = []
    await render()
    expect(q('[data-testid=org-empty]').textContent).toContain('还没有派出单位')
    expect(q('[data-testid=org-empty]').textContent).toContain('添加专员时即可选择')
    await click('[data-testid=org-empty-add]')
    expect(dialogOpen('org-dialog')).toBe(true)
    expect(q('[data-testid=org-dialog]').textContent).toContain('新增派出单位')

    await showBatches()
    expect(q('[data-testid=batch-empty]').textContent).toContain('还没有批次')
  })

  it('checks the required fields before sending anything', async () => {
    await render()
    await click('[data-testid=org-add]')
    await click('[data-testid=org-form-save]')
    expect(calls('create_organization')).toEqual([])
    expect(errorOf('org-item-name')).toBe('请输入单位名称')
    expect(errorOf('org-item-kind')).toBe('请选择单位类型')
  })

  it('creates an organisation, showing the core’s duplicate error on the name and staying open', async () => {
    const create = vi.fn<Handler>(() => Promise.reject(DUPLICATE_ORG))
    handlers.create_organization = create
    await render()
    await click('[data-testid=org-add]')
    await type('org-form-name', ' 浙江大学 ')
    await click('[data-testid=org-kind-option-university]')
    await type('org-form-region', '杭州')
    await click('[data-testid=org-form-save]')

    expect(create).toHaveBeenCalledTimes(1)
    expect(create.mock.calls[0]?.[0]).toEqual({
      input: { name: '浙江大学', kind: 'university', region: '杭州', notes: null },
    })
    expect(errorOf('org-item-name')).toBe('派出单位“浙江大学”已存在')
    expect(errorOf('org-item-region')).toBeUndefined()
    expect(dialogOpen('org-dialog')).toBe(true)

    applyLocale(i18n.global, 'en')
    await settle()
    expect(errorOf('org-item-name')).toBe('The dispatching organisation 浙江大学 already exists')
    applyLocale(i18n.global, 'zh-CN')

    // A new name clears the complaint; Enter in a one-line field saves, the dialog closes and the list reloads.
    create.mockImplementation(({ input }) => {
      const saved = {
        ...(input as OrganizationInput),
        id: 'o3',
        kind: 'university',
        expertCount: 0,
        revision: 1,
      } as Organization
      orgs = [...orgs, saved]
      return saved
    })
    await type('org-form-name', '浙江工业大学')
    await settle()
    expect(errorOf('org-item-name')).toBeUndefined()
    invokeMock.mockClear()
    await pressEnter('org-form-name')
    expect(create).toHaveBeenCalledTimes(2)
    expect(calls('list_organizations')).toHaveLength(1)
    expect(dialogOpen('org-dialog')).toBe(false)
    expect(texts('[data-testid=org-row]')).toContain('浙江工业大学')
  })

  it('does not save on the Enter that ends an input-method composition', async () => {
    const create = vi.fn<Handler>()
    handlers.create_organization = create
    await render()
    await click('[data-testid=org-add]')
    await type('org-form-name', '浙江大学')
    q('[data-testid=org-form-name] input').dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, isComposing: true }),
    )
    await settle()
    expect(create).not.toHaveBeenCalled()
  })

  it('closes the dialog with Esc without saving', async () => {
    const create = vi.fn<Handler>()
    handlers.create_organization = create
    await render()
    await click('[data-testid=org-add]')
    await type('org-form-name', '浙江大学')
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true }))
    await settle()
    expect(dialogOpen('org-dialog')).toBe(false)
    expect(create).not.toHaveBeenCalled()
  })

  it('edits an organisation, sending the revision it was read at', async () => {
    const update = vi.fn<Handler>(({ id, input }) => ({
      ...ZJU,
      ...(input as OrganizationInput),
      id: id as string,
      revision: 5,
    }))
    handlers.update_organization = update
    await render()
    inRow(row('org-row', '浙江大学'), 'org-edit').click()
    await settle()
    expect(q('[data-testid=org-dialog]').textContent).toContain('编辑派出单位')
    expect(q<HTMLInputElement>('[data-testid=org-form-name] input').value).toBe('浙江大学')
    expect(q<HTMLInputElement>('[data-testid=org-form-region] input').value).toBe('浙江省杭州市')
    await type('org-form-notes', '合作高校')
    await click('[data-testid=org-form-save]')

    expect(update).toHaveBeenCalledWith({
      id: 'o1',
      expectedRevision: 4,
      input: { name: '浙江大学', kind: 'university', region: '浙江省杭州市', notes: '合作高校' },
    })
    expect(dialogOpen('org-dialog')).toBe(false)
  })

  it('on a stale revision loads the latest version, says so, and saves with the new revision', async () => {
    const update = vi.fn<Handler>(() => Promise.reject(CONFLICT))
    handlers.update_organization = update
    await render()
    inRow(row('org-row', '浙江大学'), 'org-edit').click()
    await settle()
    await type('org-form-region', '杭州')
    orgs = [NIMTE, { ...ZJU, region: '浙江省杭州市西湖区', revision: 5 }]
    await click('[data-testid=org-form-save]')

    expect(document.querySelector('.el-message--error')?.textContent).toContain('该记录刚被其他人修改过')
    expect(dialogOpen('org-dialog')).toBe(true)
    expect(q<HTMLInputElement>('[data-testid=org-form-region] input').value).toBe('浙江省杭州市西湖区')

    update.mockImplementation(({ input }) => ({ ...ZJU, ...(input as OrganizationInput), revision: 6 }))
    await click('[data-testid=org-form-save]')
    expect(update).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'o1', expectedRevision: 5 }))
    expect(dialogOpen('org-dialog')).toBe(false)
  })

  it('deletes an unused organisation only after the confirmation', async () => {
    const remove = vi.fn<Handler>(({ id }) => {
      orgs = orgs.filter((o) => o.id !== id)
      return null
    })
    handlers.delete_organization = remove
    await render()
    inRow(row('org-row', '中国科学院宁波材料所'), 'org-delete').click()
    await settle()
    expect(q('.el-message-box').textContent).toContain('确定删除派出单位“中国科学院宁波材料所”吗？')
    q('.el-message-box__btns .el-button:not(.el-button--primary)').click()
    await settle()
    expect(remove).not.toHaveBeenCalled()

    inRow(row('org-row', '中国科学院宁波材料所'), 'org-delete').click()
    await settle()
    q('.el-message-box__btns .el-button--primary').click()
    await settle()
    expect(remove).toHaveBeenCalledWith({ id: 'o2' })
    expect(texts('[data-testid=org-row]')).toEqual(['浙江大学'])
  })

  it('disables 删除 for an organisation experts belong to and says why', async () => {
    const remove = vi.fn<Handler>()
    handlers.delete_organization = remove
    await render()
    const button = inRow(row('org-row', '浙江大学'), 'org-delete')
    expect(button.disabled).toBe(true)
    expect(inRow(row('org-row', '中国科学院宁波材料所'), 'org-delete').disabled).toBe(false)
    button.click()
    await settle()
    expect(document.querySelector('.el-message-box')).toBeNull()
    expect(remove).not.toHaveBeenCalled()

    inRow(row('org-row', '浙江大学'), 'org-delete-wrap').dispatchEvent(new MouseEvent('mouseenter', { bubbles: true }))
    await settle()
    expect(document.body.textContent).toContain('有 3 名专员属于该单位（含回收站），不能删除')
  })

  it('reports the core’s has_references refusal in the interface language', async () => {
    handlers.delete_organization = () =>
      Promise.reject({
        code: 'has_references',
        message: '该派出单位仍有 1 名专员（含回收站），不能删除',
        messageEn: '1 experts (counting the recycle bin) belong to this organisation; it cannot be deleted',
        fields: [],
      })
    await render()
    inRow(row('org-row', '中国科学院宁波材料所'), 'org-delete').click()
    await settle()
    q('.el-message-box__btns .el-button--primary').click()
    await settle()
    expect(q('.el-message--error').textContent).toContain('该派出单位仍有 1 名专员（含回收站），不能删除')
  })

  describe('batches', () => {
    it('creates a batch with its year and dates', async () => {
      const create = vi.fn<Handler>(({ input }) => ({
        ...(input as BatchInput),
        id: 'b3',
        expertCount: 0,
        assignmentCount: 0,
        revision: 1,
      }))
      handlers.create_batch = create
      await render()
      await showBatches()
      await click('[data-testid=batch-add]')
      expect(q('[data-testid=batch-dialog]').textContent).toContain('新增批次')
      await type('batch-form-name', '2025年第一批')
      await type('batch-form-year', '2025')
      await typeDate('batch-form-start', '2025-03-01')
      await typeDate('batch-form-end', '2025-12-31')
      await click('[data-testid=batch-form-save]')

      expect(create).toHaveBeenCalledWith({
        input: { name: '2025年第一批', year: 2025, startDate: '2025-03-01', endDate: '2025-12-31', notes: null },
      })
      expect(dialogOpen('batch-dialog')).toBe(false)
    })

    it('refuses a year out of range and an end date before the start, sending nothing', async () => {
      const create = vi.fn<Handler>()
      handlers.create_batch = create
      await render()
      await showBatches()
      await click('[data-testid=batch-add]')
      await type('batch-form-name', '2025年第一批')
      await type('batch-form-year', '1999')
      await typeDate('batch-form-start', '2025-03-01')
      await typeDate('batch-form-end', '2025-02-01')
      await click('[data-testid=batch-form-save]')

      expect(create).not.toHaveBeenCalled()
      expect(errorOf('batch-item-year')).toBe('年度 1999 超出范围（2000–2100）')
      expect(errorOf('batch-item-endDate')).toBe('结束日期不能早于开始日期')
      expect(dialogOpen('batch-dialog')).toBe(true)
    })

    it('shows the core’s field errors beside the fields and stays open', async () => {
      handlers.create_batch = () =>
        Promise.reject({
          code: 'duplicate',
          message: '批次“2024年第一批”已存在',
          messageEn: 'The batch 2024年第一批 already exists',
          fields: [
            { field: 'name', message: '批次“2024年第一批”已存在', messageEn: 'The batch 2024年第一批 already exists' },
          ],
        })
      await render()
      await showBatches()
      await click('[data-testid=batch-add]')
      await type('batch-form-name', '2024年第一批')
      await pressEnter('batch-form-year')
      expect(errorOf('batch-item-name')).toBe('批次“2024年第一批”已存在')
      expect(dialogOpen('batch-dialog')).toBe(true)
    })

    it('edits a batch, sending the revision it was read at', async () => {
      const update = vi.fn<Handler>(({ input }) => ({ ...SECOND, ...(input as BatchInput), revision: 2 }))
      handlers.update_batch = update
      await render()
      await showBatches()
      inRow(row('batch-row', '2024年第二批'), 'batch-edit').click()
      await settle()
      expect(q('[data-testid=batch-dialog]').textContent).toContain('编辑批次')
      expect(q<HTMLInputElement>('[data-testid=batch-form-year] input').value).toBe('2024')
      await type('batch-form-notes', '市级')
      await pressEnter('batch-form-notes')

      expect(update).toHaveBeenCalledWith({
        id: 'b2',
        expectedRevision: 1,
        input: { name: '2024年第二批', year: 2024, startDate: null, endDate: null, notes: '市级' },
      })
      expect(dialogOpen('batch-dialog')).toBe(false)
    })

    it('disables 删除 for a batch assignments point at, and deletes an unused one after the confirmation', async () => {
      const remove = vi.fn<Handler>(({ id }) => {
        batches = batches.filter((b) => b.id !== id)
        return null
      })
      handlers.delete_batch = remove
      await render()
      await showBatches()
      expect(inRow(row('batch-row', '2024年第一批'), 'batch-delete').disabled).toBe(true)
      inRow(row('batch-row', '2024年第一批'), 'batch-delete-wrap').dispatchEvent(
        new MouseEvent('mouseenter', { bubbles: true }),
      )
      await settle()
      expect(document.body.textContent).toContain('该批次有 2 条派驻记录（含回收站），不能删除')

      inRow(row('batch-row', '2024年第二批'), 'batch-delete').click()
      await settle()
      expect(q('.el-message-box').textContent).toContain('确定删除批次“2024年第二批”吗？')
      q('.el-message-box__btns .el-button--primary').click()
      await settle()
      expect(remove).toHaveBeenCalledWith({ id: 'b2' })
      expect(texts('[data-testid=batch-row]')).toEqual(['2024年第一批'])
    })
  })
})
