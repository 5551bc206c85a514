import { invoke } from '@tauri-apps/api/core'
import { describe, expect, it, vi } from 'vitest'
import type { Page, ReviewInput, ReviewQueueQuery, ReviewQueueRow } from '@/api'
import { freshPagePerTest, q, routerAt, settle, waitFor } from '@/test-utils/mount'
import ReviewView from '../ReviewView.vue'
import { canDecide, cleanOpinion, defaultQueueQuery, recordLink, targetsOf } from '../reviewQueue'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

function row(over: Partial<ReviewQueueRow>): ReviewQueueRow {
  return {
    kind: 'service_record',
    id: 's1',
    date: '2024-05-10',
    enterpriseId: 'n1',
    enterpriseName: '湖州电梯有限公司',
    expertNames: ['李娜'],
    summary: '现场测试曳引机噪声',
    serviceDays: 1.5,
    reviewStatus: 'pending',
    reviewOpinion: null,
    reviewedBy: null,
    reviewedAt: null,
    ...over,
  }
}

const ROWS = [
  row({}),
  row({ kind: 'visit', id: 'v1', date: '2024-05-06', serviceDays: null, expertNames: ['张三', '李四'] }),
  row({ id: 's2', date: '2024-04-01', reviewStatus: 'returned', reviewOpinion: '缺服务确认书' }),
]

/** Answers the queue with `rows` (the decision with one review each, or `refuse` when given). */
function route(rows: ReviewQueueRow[], refuse?: unknown): void {
  invokeMock.mockImplementation(async (command: string, args?: unknown) => {
    switch (command) {
      case 'review_queue':
        return { items: rows, total: rows.length, page: 1, pageSize: 50 } satisfies Page<ReviewQueueRow>
      case 'review_records': {
        if (refuse) throw refuse
        return (args as { input: ReviewInput }).input.targets.map(() => ({ reviewStatus: 'approved' }))
      }
      default:
        throw new Error(`unexpected command ${command}`)
    }
  })
}

const callsOf = (command: string) => invokeMock.mock.calls.filter(([c]) => c === command).map(([, a]) => a)
const exists = (testid: string) => document.querySelector(`[data-testid="${testid}"]`) !== null

describe('the review queue logic', () => {
  it('names the records of a decision and where each opens', () => {
    expect(targetsOf(ROWS)).toEqual([
      { kind: 'service_record', id: 's1' },
      { kind: 'visit', id: 'v1' },
      { kind: 'service_record', id: 's2' },
    ])
    expect(recordLink({ kind: 'visit', id: 'v1' })).toBe('/visits?open=v1')
    expect(recordLink({ kind: 'service_record', id: 'a b' })).toBe('/services?open=a%20b')
  })

  it('needs words to return, and returns only pending records', () => {
    expect(cleanOpinion('  ')).toBeNull()
    expect(cleanOpinion(' 缺确认书 ')).toBe('缺确认书')
    expect(canDecide([], 'approve')).toBe(false)
    expect(canDecide(ROWS, 'approve')).toBe(true)
    expect(canDecide(ROWS.slice(0, 2), 'return')).toBe(true)
    expect(canDecide(ROWS, 'return')).toBe(false)
  })

  it('starts unfiltered on the first page', () => {
    const query: ReviewQueueQuery = defaultQueueQuery()
    expect(query).toMatchObject({ page: 1, kind: null, status: null, expertId: null, dateFrom: null })
  })
})

describe('ReviewView', () => {
  const page = freshPagePerTest(invokeMock)

  async function render() {
    const w = page.mount(ReviewView, { router: await routerAt('/review') })
    await settle()
    return w
  }

  it('lists the queue and approves the chosen rows in one decision', async () => {
    route(ROWS)
    const w = await render()
    expect(callsOf('review_queue')).toEqual([{ query: defaultQueueQuery() }])
    expect(q('[data-testid=review-total]').textContent).toContain('3')
    expect(q('[data-testid=review-row-status-s2]').dataset.status).toBe('returned')
    expect(q('[data-testid=review-row-open-v1]').getAttribute('href')).toContain('/visits?open=v1')
    expect(q<HTMLButtonElement>('[data-testid=review-approve-selected]').disabled).toBe(true)

    const boxes = w.findAll('.el-table__body .el-checkbox input')
    await boxes[0]!.setValue(true)
    await boxes[1]!.setValue(true)
    await settle()
    expect(q('[data-testid=review-approve-selected]').textContent).toContain('2')
    await w.find('[data-testid=review-approve-selected]').trigger('click')
    await settle()
    expect(callsOf('review_records')).toEqual([
      {
        input: {
          targets: [
            { kind: 'service_record', id: 's1' },
            { kind: 'visit', id: 'v1' },
          ],
          decision: 'approve',
        },
      },
    ])
    expect(callsOf('review_queue')).toHaveLength(2)
  })

  it('returns a record only with an opinion, shown beside the field', async () => {
    route(ROWS)
    const w = await render()
    expect(exists('review-row-return-s2')).toBe(false)
    await w.find('[data-testid=review-row-return-s1]').trigger('click')
    await settle()
    await waitFor(() => exists('review-return-opinion'), 'the return dialog')
    q('[data-testid=review-return-confirm]').click()
    await settle()
    expect(q('[data-testid=review-return-error]').textContent).toContain('退回时请填写审核意见')
    expect(callsOf('review_records')).toEqual([])

    const box = q<HTMLTextAreaElement>(
      '[data-testid=review-return-opinion] textarea, textarea[data-testid=review-return-opinion]',
    )
    box.value = ' 缺服务确认书 '
    box.dispatchEvent(new Event('input'))
    await settle()
    q('[data-testid=review-return-confirm]').click()
    await settle()
    expect(callsOf('review_records')).toEqual([
      { input: { targets: [{ kind: 'service_record', id: 's1' }], decision: 'return', opinion: '缺服务确认书' } },
    ])
  })

  it('says why a decision was refused and keeps the queue as it was', async () => {
    route(ROWS, { code: 'not_found', message: '服务记录不存在', messageEn: 'not found', fields: [] })
    const w = await render()
    await w.find('[data-testid=review-row-approve-s1]').trigger('click')
    await settle()
    await waitFor(() => document.body.textContent?.includes('审核未完成') ?? false, 'the refusal message')
    expect(callsOf('review_queue')).toHaveLength(1)
  })

  it('sends the kind and status filters from page 1', async () => {
    route(ROWS)
    await render()
    q('[data-testid=review-filter-kind]').click()
    await settle()
    q('[data-testid=review-filter-kind-option-visit]').click()
    await settle()
    expect(callsOf('review_queue').at(-1)).toEqual({ query: { ...defaultQueueQuery(), kind: 'visit' } })
  })
})
