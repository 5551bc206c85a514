import { invoke } from '@tauri-apps/api/core'
import { type VueWrapper } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { Dashboard, FollowUpCloseInput, Visit } from '@/api'
import { fakeClockPerTest, freshPagePerTest, q, routerAt, settle } from '@/test-utils/mount'
import { storedVisit } from '@/views/visits/__tests__/fixtures'
import DashboardView from '../DashboardView.vue'
import { noteToSend } from '../closeFollowUp'
import { dashboardFixture, page } from './fixtures'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const VISIT: Visit = storedVisit(
  {
    visitDate: '2026-02-20',
    enterpriseId: 'en1',
    expertIds: ['x1'],
    mode: 'phone',
    purpose: null,
    findings: null,
    nextStep: null,
    followUpDate: '2026-03-04',
    notes: null,
  },
  { id: 'v3', revision: 4 },
)

/** The home page before and after the overdue follow-up v3 is closed. */
function answer(refuse?: { code: string; message: string; messageEn: string; fields: unknown[] }): void {
  let closed = false
  invokeMock.mockImplementation(async (command: string, args?: unknown) => {
    switch (command) {
      case 'dashboard': {
        const d: Dashboard = dashboardFixture()
        return closed ? { ...d, followUpsOverdue: page([], 24) } : d
      }
      case 'get_visit':
        return VISIT
      case 'close_follow_up': {
        if (refuse) throw refuse
        closed = true
        const { input } = args as { input: FollowUpCloseInput }
        return { ...VISIT, revision: 5, followUpClosure: { closedOn: '2026-03-11', note: input.note, closedBy: '王' } }
      }
      default:
        throw new Error(`unexpected ${command}`)
    }
  })
}

function closeCalls(): FollowUpCloseInput[] {
  return invokeMock.mock.calls
    .filter(([c]) => c === 'close_follow_up')
    .map(([, a]) => (a as { input: FollowUpCloseInput }).input)
}

describe('关闭跟进 on the 工作台', () => {
  fakeClockPerTest()
  const view = freshPagePerTest(invokeMock)

  async function render(): Promise<VueWrapper> {
    const router = await routerAt('/')
    const w = view.mount(DashboardView, { router })
    await settle()
    return w
  }

  async function openDialog(w: VueWrapper): Promise<void> {
    await w.find('[data-testid=dashboard-overdue-close]').trigger('click')
    await settle()
    expect(invokeMock).toHaveBeenCalledWith('get_visit', { id: 'v3' })
  }

  it('closes with a quick note and the visit’s revision, then loads the home page again', async () => {
    answer()
    const w = await render()
    await openDialog(w)
    expect(q('[data-testid=close-follow-up-what]').textContent).toContain('德清智能装备有限公司')
    q('[data-testid=close-follow-up-quick-phone]').click()
    await settle()
    expect(q<HTMLTextAreaElement>('[data-testid=close-follow-up-form-note] textarea').value).toBe('电话回访')
    q('[data-testid=close-follow-up-save]').click()
    await settle()
    expect(closeCalls()).toEqual([{ visitId: 'v3', expectedRevision: 4, note: '电话回访' }])
    expect(invokeMock.mock.calls.filter(([c]) => c === 'dashboard')).toHaveLength(2)
    expect(w.find('[data-testid=dashboard-overdue-count]').text()).toBe('24')
  })

  it('asks for a note and sends nothing while it is blank; the core’s refusal shows beside the note', async () => {
    answer({
      code: 'validation',
      message: '输入有误',
      messageEn: 'Invalid',
      fields: [
        { field: 'note', message: '请填写跟进情况（如电话回访、无需跟进）', messageEn: 'Say how it was followed up' },
      ],
    })
    const w = await render()
    await openDialog(w)
    q('[data-testid=close-follow-up-save]').click()
    await settle(200)
    expect(closeCalls()).toEqual([])
    expect(q('[data-testid=close-follow-up-item-note]').textContent).toContain('请填写跟进情况')

    const area = q<HTMLTextAreaElement>('[data-testid=close-follow-up-form-note] textarea')
    area.value = '已电话联系'
    area.dispatchEvent(new Event('input'))
    await settle()
    q('[data-testid=close-follow-up-save]').click()
    await settle(200)
    expect(closeCalls()).toEqual([{ visitId: 'v3', expectedRevision: 4, note: '已电话联系' }])
    expect(q('[data-testid=close-follow-up-item-note]').textContent).toContain('请填写跟进情况（如电话回访、无需跟进）')
  })
})

describe('noteToSend', () => {
  it('trims the note and makes a blank one null', () => {
    expect(noteToSend('  电话回访 \n')).toBe('电话回访')
    expect(noteToSend(' \n ')).toBeNull()
  })
})
