import { invoke } from '@tauri-apps/api/core'
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import type { EnterpriseQuery, ExpertQuery, NeedInput, Visit, VisitInput } from '@/api'
import { createAppI18n } from '@/i18n'
import { createAppRouter } from '@/router'
import VisitFormDialog from '../VisitFormDialog.vue'
import { todayIso } from '../visitForm'
import { ENTERPRISES, EXPERTS, storedNeed, storedVisit } from './fixtures'
import { click, fakeClockPerTest, q, settleForm as settle, typeDate, typeInto as type } from '@/test-utils/forms'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

// Each test drives a whole Element Plus dialog through many steps; on a busy machine that can pass 5 s.
vi.setConfig({ testTimeout: 20_000 })

type Handler = (command: string, args: Record<string, unknown>) => unknown

/** Answers the searches and the attachment list; `extra` handles the saves. */
function route(extra: Handler = () => null): void {
  invokeMock.mockImplementation(async (command: string, args?: unknown) => {
    const a = (args ?? {}) as Record<string, unknown>
    switch (command) {
      case 'list_enterprises': {
        const query = a.query as EnterpriseQuery
        const items = ENTERPRISES.filter((e) => !query.search || e.name.includes(query.search))
        return { items, total: items.length, page: 1, pageSize: query.pageSize }
      }
      case 'list_experts': {
        const query = a.query as ExpertQuery
        const items = EXPERTS.filter((e) => !query.search || e.name.includes(query.search))
        return { items, total: items.length, page: 1, pageSize: query.pageSize }
      }
      case 'list_attachments':
        return []
      default:
        return extra(command, a)
    }
  })
}

/** The arguments of every call of `command`, in order. */
function callsOf(command: string): Record<string, unknown>[] {
  return invokeMock.mock.calls.filter(([c]) => c === command).map(([, a]) => a as Record<string, unknown>)
}

function commands(): string[] {
  return invokeMock.mock.calls.map(([c]) => c)
}

/** The message under a form item (once Element Plus's debounced display caught up), undefined when there is none. */
async function errorOf(item: string): Promise<string | undefined> {
  await settle()
  return document.querySelector(`[data-testid=${item}] .el-form-item__error`)?.textContent?.trim() || undefined
}

/** Whether the dialog asked to be closed. */
function closed(w: VueWrapper): boolean {
  return (w.emitted('update:modelValue') ?? []).some(([value]) => value === false)
}

/** Enterprise 1, experts 1 and 2, 实地. */
async function fillRequired(): Promise<void> {
  await click('[data-testid=enterprise-option-en1]')
  await click('[data-testid=expert-option-x1]')
  await click('[data-testid=expert-option-x2]')
  await click('[data-testid=visit-form-mode-on_site] input')
}

const NEED_REFUSED = {
  code: 'validation',
  message: '输入有误，未保存：需求名称不能超过 200 个字',
  messageEn: 'Invalid input, nothing was saved: The title must be at most 200 characters',
  fields: [
    { field: 'title', message: '需求名称不能超过 200 个字', messageEn: 'The title must be at most 200 characters' },
  ],
}

describe('VisitFormDialog', () => {
  fakeClockPerTest()
  let wrapper: VueWrapper | undefined

  async function openDialog(visitId: string | null = null): Promise<VueWrapper> {
    wrapper = mount(VisitFormDialog, {
      props: { modelValue: false, visitId },
      global: { plugins: [createAppI18n('zh-CN'), createAppRouter(createMemoryHistory())] },
      attachTo: document.body,
    })
    await wrapper.setProps({ modelValue: true })
    await settle()
    return wrapper
  }

  beforeEach(() => {
    invokeMock.mockReset()
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  it('creates the visit with the right VisitInput, then stays open with its attachments', async () => {
    route((command, args) => (command === 'create_visit' ? storedVisit(args.input as VisitInput) : null))
    const w = await openDialog()
    expect(q('[data-testid=visit-dialog]').textContent).toContain('新增走访')
    expect(q<HTMLInputElement>('[data-testid=visit-form-date] input').value).toBe(todayIso())
    expect(q('[data-testid=attachment-save-first]')).toBeTruthy()

    await typeDate('visit-form-date', '2024-05-06')
    await fillRequired()
    await type('visit-form-purpose', '  了解隔膜涂覆工艺  ')
    await type('visit-form-findings', '良品率偏低；\n缺少在线检测', 'textarea')
    await type('visit-form-nextStep', '联系福州大学团队')
    await typeDate('visit-form-followUp', '2024-05-20')
    await click('[data-testid=visit-form-save]')

    expect(callsOf('create_visit')).toEqual([
      {
        input: {
          visitDate: '2024-05-06',
          enterpriseId: 'en1',
          expertIds: ['x1', 'x2'],
          mode: 'on_site',
          purpose: '了解隔膜涂覆工艺',
          findings: '良品率偏低；\n缺少在线检测',
          nextStep: '联系福州大学团队',
          followUpDate: '2024-05-20',
          notes: null,
        },
      },
    ])
    expect(commands()).not.toContain('create_need')
    expect((w.emitted('saved') as Visit[][])[0]![0]!.id).toBe('v-new')
    // Still open, now as the saved visit, with its attachment panel live.
    expect(closed(w)).toBe(false)
    expect(q('[data-testid=visit-saved-hint]').textContent).toContain('走访已保存')
    expect(q('[data-testid=visit-dialog]').textContent).toContain('编辑走访')
    expect(callsOf('list_attachments')).toEqual([{ ownerKind: 'visit', ownerId: 'v-new' }])
    expect(q('[data-testid=attachment-add]')).toBeTruthy()
    expect(q('[data-testid=visit-form-cancel]').textContent?.trim()).toBe('关闭')

    // Saving again without a change sends nothing more; 关闭 closes.
    await click('[data-testid=visit-form-save]')
    expect(callsOf('create_visit')).toHaveLength(1)
    expect(callsOf('update_visit')).toHaveLength(0)
    await click('[data-testid=visit-form-cancel]')
    expect(closed(w)).toBe(true)
  })

  it('refuses a follow-up date before the visit date without asking the core', async () => {
    route((command, args) => (command === 'create_visit' ? storedVisit(args.input as VisitInput) : null))
    await openDialog()
    await typeDate('visit-form-date', '2024-05-06')
    await fillRequired()
    // The picker does not take a day before the visit.
    await typeDate('visit-form-followUp', '2024-05-01')
    expect(q<HTMLInputElement>('[data-testid=visit-form-followUp] input').value).not.toBe('2024-05-01')
    await typeDate('visit-form-followUp', '2024-05-20')
    // Moving the visit after the follow-up date is refused beside the follow-up date, and nothing is sent.
    await typeDate('visit-form-date', '2024-05-25')
    expect(await errorOf('visit-item-followUpDate')).toBe('跟进日期不能早于走访日期')
    await click('[data-testid=visit-form-save]')
    expect(commands()).not.toContain('create_visit')
    expect(await errorOf('visit-item-followUpDate')).toBe('跟进日期不能早于走访日期')

    await typeDate('visit-form-date', '2024-05-10')
    expect(await errorOf('visit-item-followUpDate')).toBeUndefined()
    await click('[data-testid=visit-form-save]')
    expect(callsOf('create_visit')).toHaveLength(1)
    expect(callsOf('create_visit')[0]!.input).toMatchObject({ visitDate: '2024-05-10', followUpDate: '2024-05-20' })
  })

  it('asks for the enterprise, at least one expert and the mode before sending anything', async () => {
    route()
    await openDialog()
    await click('[data-testid=visit-form-save]')
    expect(commands()).not.toContain('create_visit')
    expect(await errorOf('visit-item-enterpriseId')).toBe('请选择走访的企业')
    expect(await errorOf('visit-item-expertIds')).toBe('请至少选择一位参加走访的专员')
    expect(await errorOf('visit-item-mode')).toBe('请选择走访方式')
  })

  it('shows the core’s field errors beside the fields and stays open', async () => {
    route((command) => {
      if (command !== 'create_visit') return null
      throw {
        code: 'validation',
        message: '输入有误，未保存',
        messageEn: 'Invalid input',
        fields: [
          {
            field: 'expertIds',
            message: '专员“张三”已在回收站中，请先恢复或另选专员',
            messageEn: 'in the recycle bin',
          },
        ],
      }
    })
    const w = await openDialog()
    await fillRequired()
    await click('[data-testid=visit-form-save]')
    expect(await errorOf('visit-item-expertIds')).toBe('专员“张三”已在回收站中，请先恢复或另选专员')
    expect(closed(w)).toBe(false)
    expect(document.querySelector('[data-testid=visit-saved-hint]')).toBeNull()
  })

  it('Enter in a one-line box saves', async () => {
    route((command, args) => (command === 'create_visit' ? storedVisit(args.input as VisitInput) : null))
    await openDialog()
    await fillRequired()
    await type('visit-form-purpose', '回访')
    q('[data-testid=visit-form-purpose] input').dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }),
    )
    await settle()
    expect(callsOf('create_visit')).toHaveLength(1)
    expect((callsOf('create_visit')[0]!.input as VisitInput).purpose).toBe('回访')
  })

  it('保存并新增 starts the next visit with the same date, enterprise, experts and mode', async () => {
    let n = 0
    route((command, args) =>
      command === 'create_visit' ? storedVisit(args.input as VisitInput, { id: `v-${++n}` }) : null,
    )
    const w = await openDialog()
    await typeDate('visit-form-date', '2024-05-06')
    await fillRequired()
    await type('visit-form-purpose', '第一家')
    await click('[data-testid=visit-form-save-new]')
    expect(callsOf('create_visit')).toHaveLength(1)
    expect(closed(w)).toBe(false)
    expect(q('[data-testid=visit-dialog]').textContent).toContain('新增走访')
    expect(q<HTMLInputElement>('[data-testid=visit-form-purpose] input').value).toBe('')
    expect(q('[data-testid=attachment-save-first]')).toBeTruthy()

    await type('visit-form-purpose', '第二次')
    await click('[data-testid=visit-form-save]')
    expect(callsOf('create_visit').map((c) => c.input)).toEqual([
      expect.objectContaining({
        visitDate: '2024-05-06',
        enterpriseId: 'en1',
        expertIds: ['x1', 'x2'],
        mode: 'on_site',
        purpose: '第一家',
      }),
      expect.objectContaining({
        visitDate: '2024-05-06',
        enterpriseId: 'en1',
        expertIds: ['x1', 'x2'],
        mode: 'on_site',
        purpose: '第二次',
      }),
    ])
  })

  it('a found need is created after the visit, with the visit’s id and the enterprise’s words as typed', async () => {
    route((command, args) => {
      if (command === 'create_visit') return storedVisit(args.input as VisitInput)
      if (command === 'create_need') return storedNeed(args.input as NeedInput)
      return null
    })
    const w = await openDialog()
    await fillRequired()
    expect(document.querySelector('[data-testid=visit-need-title]')).toBeNull()
    await click('[data-testid=visit-need-toggle] input')
    await type('visit-need-title', ' 隔膜涂覆  工艺改进 ')
    const words = '  我们的隔膜涂覆   良品率只有 85%，\n想提高到 95% 以上。 '
    await type('visit-need-original', words, 'textarea')
    await click('[data-testid=need-type-option-process_improvement]')
    await click('[data-testid=visit-form-save]')

    const order = commands().filter((c) => c === 'create_visit' || c === 'create_need')
    expect(order).toEqual(['create_visit', 'create_need'])
    expect(callsOf('create_need')[0]).toEqual({
      input: {
        enterpriseId: 'en1',
        visitId: 'v-new',
        source: 'visit',
        title: '隔膜涂覆 工艺改进',
        originalText: words,
        refinedProblem: null,
        refinedKeyTech: null,
        refinedTarget: null,
        needType: 'process_improvement',
        discipline: null,
        budgetWan: null,
        urgency: null,
      },
    })
    expect(w.emitted('needCreated')).toHaveLength(1)
    // The need is listed with a link to it, and the section is ready for another.
    const created = q('[data-testid=visit-created-need]')
    expect(created.textContent?.trim()).toBe('隔膜涂覆 工艺改进')
    expect(created.getAttribute('href')).toContain('/needs?open=n-new')
    expect(q<HTMLInputElement>('[data-testid=visit-need-toggle] input').checked).toBe(false)
  })

  it('asks for the need’s title and type only while 发现需求 is ticked', async () => {
    route((command, args) => (command === 'create_visit' ? storedVisit(args.input as VisitInput) : null))
    await openDialog()
    await fillRequired()
    await click('[data-testid=visit-need-toggle] input')
    await click('[data-testid=visit-form-save]')
    expect(commands()).not.toContain('create_visit')
    expect(await errorOf('visit-need-item-title')).toBe('请输入需求名称')
    expect(await errorOf('visit-need-item-needType')).toBe('请选择需求类型')
    await click('[data-testid=visit-need-toggle] input')
    await click('[data-testid=visit-form-save]')
    expect(callsOf('create_visit')).toHaveLength(1)
    expect(commands()).not.toContain('create_need')
  })

  it('when the need is refused the visit stays saved, the need’s error shows, and fixing it saves only the need', async () => {
    let needAttempts = 0
    route((command, args) => {
      if (command === 'create_visit') return storedVisit(args.input as VisitInput)
      if (command === 'create_need') {
        needAttempts += 1
        if (needAttempts === 1) throw NEED_REFUSED
        return storedNeed(args.input as NeedInput)
      }
      return null
    })
    const w = await openDialog()
    await fillRequired()
    await click('[data-testid=visit-need-toggle] input')
    await type('visit-need-title', '太长的名称')
    await click('[data-testid=need-type-option-tech_breakthrough]')
    await click('[data-testid=visit-form-save]')

    expect(callsOf('create_visit')).toHaveLength(1)
    expect(callsOf('create_need')).toHaveLength(1)
    expect(await errorOf('visit-need-item-title')).toBe('需求名称不能超过 200 个字')
    expect(closed(w)).toBe(false)
    expect(w.emitted('saved') as Visit[][]).toHaveLength(1)
    expect(q('[data-testid=visit-dialog]').textContent).toContain('编辑走访')
    expect(document.body.textContent).toContain('走访已保存，但技术需求未保存')

    // Editing the title drops the core's complaint; saving again creates only the need.
    await type('visit-need-title', '隔膜涂覆')
    await settle()
    expect(await errorOf('visit-need-item-title')).toBeUndefined()
    await click('[data-testid=visit-form-save]')
    expect(callsOf('create_visit')).toHaveLength(1)
    expect(callsOf('update_visit')).toHaveLength(0)
    expect(callsOf('create_need')).toHaveLength(2)
    expect(callsOf('create_need')[1]!.input as NeedInput).toMatchObject({
      visitId: 'v-new',
      title: '隔膜涂覆',
      needType: 'tech_breakthrough',
    })
    expect(q('[data-testid=visit-created-need]').textContent?.trim()).toBe('隔膜涂覆')
  })

  it('edits a stored visit with its revision and closes', async () => {
    const stored = storedVisit(
      {
        visitDate: '2024-04-01',
        enterpriseId: 'en2',
        expertIds: ['x3'],
        mode: 'phone',
        purpose: '回访',
        findings: null,
        nextStep: null,
        followUpDate: '2024-04-15',
        notes: '旧备注',
      },
      { id: 'v7', revision: 4, experts: [{ id: 'x9', name: '已删除的专员' }] },
    )
    route((command) => {
      if (command === 'get_visit') return stored
      if (command === 'update_visit') return { ...stored, revision: 5 }
      return null
    })
    const w = await openDialog('v7')
    expect(q('[data-testid=visit-dialog]').textContent).toContain('编辑走访')
    expect(document.querySelector('[data-testid=visit-form-save-new]')).toBeNull()
    // A participant no longer in the search results still shows by name.
    expect(q('[data-testid=visit-form-experts]').textContent).toContain('已删除的专员')
    expect(callsOf('list_attachments')).toEqual([{ ownerKind: 'visit', ownerId: 'v7' }])

    await type('visit-form-nextStep', '安排第二次走访')
    await click('[data-testid=visit-form-save]')
    expect(callsOf('update_visit')).toEqual([
      {
        id: 'v7',
        expectedRevision: 4,
        input: {
          visitDate: '2024-04-01',
          enterpriseId: 'en2',
          expertIds: ['x9'],
          mode: 'phone',
          purpose: '回访',
          findings: null,
          nextStep: '安排第二次走访',
          followUpDate: '2024-04-15',
          notes: '旧备注',
        },
      },
    ])
    expect(closed(w)).toBe(true)
  })
})
