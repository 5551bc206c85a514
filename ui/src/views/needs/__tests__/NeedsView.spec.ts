import { invoke } from '@tauri-apps/api/core'
import { type VueWrapper } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { Router } from 'vue-router'
import type { Need, NeedQuery, NeedRow, Page, StageChangeInput } from '@/api'
import { settleForm as settle } from '@/test-utils/forms'
import { fakeClockPerTest, freshPagePerTest, q, routerAt } from '@/test-utils/mount'
import { SEARCH_DEBOUNCE_MS } from '@/composables/usePagedList'
import NeedsView from '../NeedsView.vue'
import StageChangeDialog from '../StageChangeDialog.vue'
import { VIEW_STORAGE_KEY } from '../useNeedList'
import { boardFixture, ILLEGAL_MOVE, needOf, ROW_FOUND, ROW_REFINED, ROW_STALE, SUGGESTIONS, today } from './fixtures'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)
const ROWS: NeedRow[] = [ROW_FOUND, ROW_REFINED, ROW_STALE]

type Handler = (args: Record<string, unknown>) => unknown
let handlers: Record<string, Handler>

/** The commands the page calls, answered from the fixtures unless a test replaces one. */
function defaultHandlers(): Record<string, Handler> {
  return {
    needs_board: () => boardFixture(),
    list_needs: (args) => {
      const query = args.query as NeedQuery
      const page: Page<NeedRow> = { items: ROWS, total: 42, page: query.page, pageSize: query.pageSize }
      return page
    },
    get_need: (args) => needOf(ROWS.find((r) => r.id === args.id)!),
    suggest_experts: () => SUGGESTIONS,
    list_enterprises: (args) => ({ items: [], total: 0, page: 1, pageSize: (args.query as NeedQuery).pageSize }),
    list_experts: () => ({ items: [], total: 0, page: 1, pageSize: 20 }),
    change_need_stage: (args) => {
      const row = ROWS.find((r) => r.id === args.id)!
      const input = args.input as StageChangeInput
      const moved: Need = {
        ...needOf(row),
        stage: input.to ?? row.stage,
        revision: (args.expectedRevision as number) + 1,
      }
      return moved
    },
  }
}

function text(selector: string): string {
  return document.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
}

async function click(selector: string): Promise<void> {
  q(selector).click()
  await settle()
}

function calls(command: string): Record<string, unknown>[] {
  return invokeMock.mock.calls.filter(([c]) => c === command).map(([, args]) => args as Record<string, unknown>)
}

/** Drags a card onto a column as the mouse does: dragstart on the card, dragover and drop on the column. */
async function drag(needId: string, stage: string): Promise<void> {
  q(`[data-testid=needs-card][data-need-id=${needId}]`).dispatchEvent(new Event('dragstart', { bubbles: true }))
  await nextTick()
  const column = q(`[data-testid=needs-column-${stage}]`)
  column.dispatchEvent(new Event('dragover', { bubbles: true, cancelable: true }))
  column.dispatchEvent(new Event('drop', { bubbles: true, cancelable: true }))
  await settle()
}

/** The label an el-select shows for its value. */
function selectedLabel(testid: string): string {
  return text(`[data-testid=${testid}] .el-select__placeholder`)
}

describe('NeedsView', () => {
  fakeClockPerTest()
  let wrapper: VueWrapper | undefined
  const page = freshPagePerTest(invokeMock)
  let router: Router

  async function render(path = '/needs'): Promise<VueWrapper> {
    router = await routerAt(path)
    wrapper = page.mount(NeedsView, { router })
    await settle()
    return wrapper
  }

  beforeEach(() => {
    handlers = defaultHandlers()
    invokeMock.mockImplementation(async (command: string, args?: unknown) => {
      const handler = handlers[command]
      if (!handler) throw new Error(`unexpected command ${command}`)
      return handler((args ?? {}) as Record<string, unknown>)
    })
  })

  it('shows the board: six columns in flow order with their counts, cards with type, urgency and days, stale ones marked', async () => {
    await render()
    const board = calls('needs_board')
    expect(board).toHaveLength(1)
    expect(board[0]).toMatchObject({
      perColumn: 30,
      query: { stages: [], stale: false, sort: 'stageChangedOn', order: 'asc' },
    })
    expect(calls('list_needs')).toHaveLength(0)
    const heads = Array.from(document.querySelectorAll('.need-board__head')).map((h) =>
      h.textContent?.replace(/\s+/g, ''),
    )
    expect(heads).toEqual(['挖掘12', '凝练1', '对接1', '解决中0', '已解决7', '搁置0'])
    expect(text('[data-testid=needs-total]')).toBe('21')
    const found = q('[data-testid=needs-card][data-need-id=n1]')
    expect(found.textContent).toContain('电梯导轨异响')
    expect(found.textContent).toContain('湖州电梯有限公司')
    expect(found.textContent).toContain('技术攻关')
    expect(found.querySelector('[data-testid=needs-card-urgency]')?.textContent?.trim()).toBe('紧急')
    expect(found.querySelector('[data-testid=needs-card-days]')?.textContent?.trim()).toBe('3 天')
    expect(found.classList.contains('is-stale')).toBe(false)
    const stale = q('[data-testid=needs-card][data-need-id=n3]')
    expect(stale.classList.contains('is-stale')).toBe(true)
    expect(stale.querySelector('[data-testid=needs-card-days]')?.textContent?.trim()).toBe('停滞 45 天')
    expect(text('[data-testid=needs-column-more-discovered]')).toBe('还有 11 项，在列表中查看')
  })

  it('switches to the list, remembers the choice, and starts there next time', async () => {
    await render()
    await click('[data-testid=needs-view-list]')
    expect(calls('list_needs')).toHaveLength(1)
    expect(window.localStorage.getItem(VIEW_STORAGE_KEY)).toBe('list')
    expect(document.querySelector('[data-testid=needs-board]')).toBeNull()
    expect(Array.from(document.querySelectorAll('[data-testid=needs-row-title]')).map((e) => e.textContent)).toEqual([
      '电梯导轨异响',
      '曳引机能耗优化',
      '控制柜散热',
    ])
    const headers = Array.from(document.querySelectorAll('[data-testid=needs-table] th')).map((th) =>
      th.textContent?.trim(),
    )
    expect(headers).toEqual(['需求名称', '企业', '类型', '阶段', '紧急程度', '阶段日期', '对接专员', '操作'])
    expect(q('[data-testid=needs-row-enterprise]').getAttribute('href')).toContain('/enterprises/ent-1')
    expect(text('[data-testid=needs-table]')).toContain('停滞')

    wrapper!.unmount()
    invokeMock.mockClear()
    await render()
    expect(calls('list_needs')).toHaveLength(1)
    expect(calls('needs_board')).toHaveLength(0)
  })

  it('sends the search and the filters to list_needs', async () => {
    window.localStorage.setItem(VIEW_STORAGE_KEY, 'list')
    await render()
    expect(calls('list_needs')[0]).toEqual({
      query: {
        page: 1,
        pageSize: 20,
        search: null,
        stages: [],
        enterpriseId: null,
        needType: null,
        urgency: null,
        expertId: null,
        stale: false,
        origins: null,
        sort: 'stageChangedOn',
        order: 'desc',
      },
    })
    await click('[data-testid=needs-type-option-process_improvement]')
    await click('[data-testid=needs-urgency-option-high]')
    await click('[data-testid=needs-filter-stage-option-matched]')
    q<HTMLInputElement>('[data-testid=needs-filter-stale] input').click()
    await settle()
    const input = q<HTMLInputElement>('[data-testid=needs-search] input')
    input.value = '导轨'
    input.dispatchEvent(new Event('input'))
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS)
    await settle()
    const last = calls('list_needs').at(-1)!.query as NeedQuery
    expect(last).toMatchObject({
      page: 1,
      search: '导轨',
      needType: 'process_improvement',
      urgency: 'high',
      stages: ['matched'],
      stale: true,
    })
  })

  it('opens with 仅看停滞 on when the link asks for it (查看全部 on the 工作台)', async () => {
    await render('/needs?stale=true')
    const board = calls('needs_board')
    expect(board).toHaveLength(1)
    expect(board[0]).toMatchObject({ query: { stale: true } })
    expect(q<HTMLInputElement>('[data-testid=needs-filter-stale] input').checked).toBe(true)
  })

  it('on the board, the filters reload the board, not the list', async () => {
    await render()
    q<HTMLInputElement>('[data-testid=needs-filter-stale] input').click()
    await settle()
    expect(calls('needs_board').at(-1)).toMatchObject({ query: { stale: true } })
    expect(calls('list_needs')).toHaveLength(0)
  })

  it('a card dropped on the next column opens the stage dialog with that target, and asks for the refined problem first', async () => {
    await render()
    await drag('n1', 'refined')
    expect(q('[data-testid=needs-stage-dialog]')).toBeTruthy()
    expect(calls('get_need').at(-1)).toEqual({ id: 'n1' })
    expect(selectedLabel('needs-stage-to')).toBe('凝练')
    // 挖掘 → 凝练 needs the refined problem, which n1 lacks: it says so and offers 编辑.
    expect(text('[data-testid=needs-stage-needs-refined]')).toContain('改为“凝练”前需要先填写凝练问题')
    expect(q<HTMLButtonElement>('[data-testid=needs-stage-save]').disabled).toBe(true)
    await click('[data-testid=needs-stage-edit]')
    expect(q('[data-testid=needs-dialog]')).toBeTruthy()
    expect(calls('get_need').at(-1)).toEqual({ id: 'n1' })
    expect(calls('change_need_stage')).toHaveLength(0)
  })

  it('sends the move with the date and note, then reloads the board', async () => {
    handlers.get_need = (args) =>
      needOf(
        ROWS.find((r) => r.id === args.id)!,
        { refinedProblem: '导轨接头处振动' },
      )
    await render()
    await drag('n1', 'refined')
    const note = q<HTMLTextAreaElement>('[data-testid=needs-stage-note] textarea')
    note.value = '与企业技术负责人确认'
    note.dispatchEvent(new Event('input'))
    await click('[data-testid=needs-stage-save]')
    expect(calls('change_need_stage')).toEqual([
      {
        id: 'n1',
        expectedRevision: 3,
        input: { to: 'refined', changedOn: today(), note: '与企业技术负责人确认', newMatch: null },
      },
    ])
    expect(calls('needs_board')).toHaveLength(2)
    expect(wrapper!.findComponent(StageChangeDialog).props('modelValue')).toBe(false)
  })

  it('shows the core’s refusal of an illegal move beside the target and leaves the card where it was', async () => {
    handlers.change_need_stage = () => {
      throw ILLEGAL_MOVE
    }
    await render()
    await drag('n1', 'solved')
    expect(selectedLabel('needs-stage-to')).toBe('已解决')
    expect(text('[data-testid=needs-stage-option-solved]')).toContain('不符合流程')
    await click('[data-testid=needs-stage-save]')
    expect(calls('change_need_stage')).toHaveLength(1)
    expect(calls('change_need_stage')[0]).toMatchObject({ id: 'n1', input: { to: 'solved' } })
    expect(text('[data-testid=needs-stage-item-to] .el-form-item__error')).toBe(ILLEGAL_MOVE.fields[0]!.message)
    expect(calls('needs_board')).toHaveLength(1)
    expect(q('[data-testid=needs-column-discovered] [data-need-id=n1]')).toBeTruthy()
    expect(document.querySelector('[data-testid=needs-column-solved] [data-need-id=n1]')).toBeNull()
  })

  it('moving to 对接 shows the ranked suggestions with reasons and points, and sends the picked expert as newMatch', async () => {
    await render()
    await drag('n2', 'matched')
    expect(calls('suggest_experts')).toEqual([{ needId: 'n2', limit: 10 }])
    const first = q('[data-testid=needs-suggestion][data-expert-id=x1]')
    expect(first.textContent).toContain('李娜')
    expect(first.querySelector('[data-testid=needs-suggestion-score]')?.textContent?.trim()).toBe('55 分')
    const reasons = Array.from(first.querySelectorAll('[data-testid=needs-suggestion-reason]')).map((r) =>
      r.textContent?.replace(/\s+/g, ''),
    )
    expect(reasons).toEqual(['专业领域“机械工程”与需求相符+30', '同在湖州市+15', '在办需求1项+10'])

    // Without a pick, 对接 is refused here before anything is sent.
    await click('[data-testid=needs-stage-save]')
    expect(calls('change_need_stage')).toHaveLength(0)
    expect(text('[data-testid=needs-suggestions-problem]')).toBe('请选择一名对接专员')

    await click('[data-testid=needs-suggestion][data-expert-id=x1]')
    q<HTMLInputElement>('[data-testid=needs-match-method-assigned] input').click()
    await settle()
    await click('[data-testid=needs-stage-save]')
    expect(calls('change_need_stage')).toEqual([
      {
        id: 'n2',
        expectedRevision: 3,
        input: {
          to: 'matched',
          changedOn: today(),
          note: null,
          newMatch: { expertId: 'x1', method: 'assigned', matchedOn: null, notes: null },
        },
      },
    ])
  })

  it('offers 移动到 for the allowed stages in a card’s menu', async () => {
    await render()
    // A card's menu exists only while open; n2 is at 凝练: back to 挖掘, on to 对接, or 搁置.
    expect(document.querySelector('[data-testid^=needs-card-move-]')).toBeNull()
    await click('[data-testid=needs-card][data-need-id=n2] [data-testid=needs-card-menu]')
    expect(router.currentRoute.value.query.open).toBeUndefined()
    const menu = Array.from(document.querySelectorAll('[data-testid^=needs-card-move-]')).map((i) =>
      i.getAttribute('data-testid'),
    )
    expect(menu).toEqual(['needs-card-move-discovered', 'needs-card-move-matched', 'needs-card-move-shelved'])
    await click('[data-testid=needs-card-move-shelved]')
    expect(selectedLabel('needs-stage-to')).toBe('搁置')
    expect(calls('get_need').at(-1)).toEqual({ id: 'n2' })
  })

  it('opens the need named in the route (?open=) with its wording, refined statement, experts and history', async () => {
    handlers.get_need = () =>
      needOf(ROW_STALE, {
        matches: [
          {
            id: 'm1',
            needId: 'n3',
            expertId: 'x1',
            expertName: '李娜',
            method: 'claimed',
            matchedOn: '2026-01-03',
            notes: null,
            createdAt: '2026-01-03T00:00:00Z',
            revision: 1,
          },
        ],
      })
    await render('/needs?open=n3')
    expect(calls('get_need')).toEqual([{ id: 'n3' }])
    expect(q<HTMLElement>('[data-testid=needs-drawer-original]').textContent).toBe('导轨运行时有  异响，\n客户投诉多。')
    expect(text('[data-testid=needs-drawer-refinedProblem]')).toBe('导轨接头处振动')
    expect(text('[data-testid=needs-drawer-budget]')).toBe('12.50 万元')
    expect(text('[data-testid=needs-drawer-match-row]')).toContain('李娜')
    expect(text('[data-testid=needs-drawer-match-row]')).toContain('认领')
    const events = Array.from(document.querySelectorAll('[data-testid=needs-drawer-event]')).map((e) =>
      e.textContent?.replace(/\s+/g, ' ').trim(),
    )
    expect(events[0]).toContain('挖掘 → 对接')
    expect(events[0]).toContain('已与企业确认')
    expect(events[1]).toContain('登记为“挖掘”')
    const moves = Array.from(document.querySelectorAll('[data-testid^=needs-drawer-move-]')).map((b) =>
      b.getAttribute('data-testid'),
    )
    expect(moves).toEqual(['needs-drawer-move-refined', 'needs-drawer-move-solving', 'needs-drawer-move-shelved'])

    await click('[data-testid=needs-drawer-move-solving]')
    expect(selectedLabel('needs-stage-to')).toBe('解决中')
  })

  it('a click on a card opens the drawer and puts the need in the route', async () => {
    await render()
    await click('[data-testid=needs-card][data-need-id=n2]')
    expect(router.currentRoute.value.query.open).toBe('n2')
    expect(calls('get_need')).toEqual([{ id: 'n2' }])
    expect(text('[data-testid=needs-drawer-stage]')).toBe('凝练')
  })

  it('shows the need’s change history from the drawer', async () => {
    handlers.record_history = () => [
      { at: '2026-01-02T03:04:05Z', actor: 'li', action: 'create', before: null, after: { title: '导轨异响' } },
    ]
    await render('/needs?open=n1')
    await click('[data-testid=needs-drawer-history]')
    expect(calls('record_history')).toEqual([{ entity: 'need', id: 'n1' }])
  })

  it('merges the need into another need of the same enterprise', async () => {
    handlers.merge_needs = (args) => needOf(ROWS.find((r) => r.id === args.survivorId)!)
    await render('/needs?open=n1')
    await click('[data-testid=needs-drawer-merge]')
    const candidates = calls('list_needs')
    expect(candidates).toHaveLength(1)
    expect(candidates[0]!.query).toMatchObject({ enterpriseId: 'ent-1', stages: [], pageSize: 100 })
    expect(document.querySelector('[data-testid=needs-merge-option-n1]')).toBeNull()
    await click('[data-testid=needs-merge-option-n2]')
    const note = q<HTMLTextAreaElement>('[data-testid=needs-merge-note] textarea')
    note.value = '与走访登记的需求重复'
    note.dispatchEvent(new Event('input'))
    await click('[data-testid=needs-merge-save]')
    expect(calls('merge_needs')).toEqual([{ duplicateId: 'n1', survivorId: 'n2', note: '与走访登记的需求重复' }])
    expect(router.currentRoute.value.query.open).toBe('n2')
  })

  it('matches an expert from the drawer without a stage change, and takes a match back', async () => {
    const matched = {
      id: 'm9',
      needId: 'n2',
      expertId: 'x2',
      expertName: '王强',
      method: 'recommended' as const,
      matchedOn: today(),
      notes: null,
      createdAt: '2026-01-03T00:00:00Z',
      revision: 1,
    }
    handlers.match_expert = () => matched
    handlers.unmatch_expert = () => null
    await render('/needs?open=n2')
    await click('[data-testid=needs-drawer-match]')
    await click('[data-testid=needs-match-dialog] [data-testid=needs-suggestion][data-expert-id=x2]')
    await click('[data-testid=needs-match-save]')
    expect(calls('match_expert')).toEqual([
      { needId: 'n2', input: { expertId: 'x2', method: 'recommended', matchedOn: today(), notes: null } },
    ])
    expect(calls('change_need_stage')).toHaveLength(0)

    handlers.get_need = () => needOf(ROW_REFINED, { matches: [matched] })
    await wrapper!.findComponent({ name: 'NeedDrawer' }).vm.$.exposed!.reload()
    await settle()
    await click('[data-testid=needs-drawer-unmatch]')
    await click('.el-message-box__btns .el-button--primary')
    expect(calls('unmatch_expert')).toEqual([{ matchId: 'm9' }])
  })
})
