import { invoke } from '@tauri-apps/api/core'
import { describe, expect, it, vi } from 'vitest'
import type { AssessmentScheme } from '@/api'
import { click, fieldError, settleForm as settle, typeInto } from '@/test-utils/forms'
import { fakeClockPerTest, freshPagePerTest, q, routerAt, textOf } from '@/test-utils/mount'
import AssessmentView from '../AssessmentView.vue'
import SchemeEditor from '../SchemeEditor.vue'
import { defaultScheme, expertSheet, PERIOD, scoreRow, sheetOf } from './fixtures'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)
const page = freshPagePerTest(invokeMock)

const ROWS = [
  scoreRow('a', '王五', 92, 'excellent'),
  scoreRow('b', '李四', 80, 'good', { adjustments: 2 }),
  scoreRow('c', '张三', 70, 'pass'),
  scoreRow('d', '赵六', 30, 'fail'),
]

type Handler = (args: Record<string, unknown>) => unknown

/** Answers the commands with `handlers`; anything else is a failure naming the command. */
function route(handlers: Record<string, Handler>): void {
  invokeMock.mockImplementation(async (command: string, args?: unknown) => {
    const handler = handlers[command]
    if (!handler) throw new Error(`unexpected command ${command}`)
    return handler((args ?? {}) as Record<string, unknown>)
  })
}

function calls(command: string): Record<string, unknown>[] {
  return invokeMock.mock.calls.filter(([c]) => c === command).map(([, a]) => a as Record<string, unknown>)
}

/** The experts' names as the table lists them. */
function names(): string[] {
  return [...document.querySelectorAll('[data-testid=assessment-table] [data-testid^=assessment-open-]')].map(
    (a) => a.textContent?.trim() ?? '',
  )
}

/** Types a number into the el-input-number inside `testid` and leaves it. */
async function typeNumber(testid: string, value: string): Promise<void> {
  const input = q<HTMLInputElement>(`[data-testid="${testid}"] input`)
  input.value = value
  input.dispatchEvent(new Event('input'))
  input.dispatchEvent(new Event('change'))
  await settle()
}

/** The message under the form item with this (possibly bracketed) test id. */
function errorBeside(item: string): string | undefined {
  return document.querySelector(`[data-testid="${item}"] .el-form-item__error`)?.textContent?.trim()
}

describe('the 年度考核 page', () => {
  fakeClockPerTest()

  async function open() {
    route({
      list_assessment_periods: () => [PERIOD],
      assessment_sheet: () => sheetOf(ROWS),
      expert_assessment: (a) => expertSheet(ROWS.find((r) => r.expertId === a.expertId)!),
    })
    page.mount(AssessmentView, { router: await routerAt('/assessment') })
    await settle()
  }

  it('lists the period’s experts with each item, 无评价, and the share per grade', async () => {
    await open()

    expect(calls('assessment_sheet')).toEqual([{ periodId: 'p1' }])
    expect(textOf('assessment-period-range')).toBe('2025-01-01 至 2025-12-31')
    expect(names()).toEqual(['王五', '李四', '张三', '赵六'])
    expect(textOf('assessment-share-excellent')).toContain('优秀')
    expect(textOf('assessment-share-excellent')).toContain('1 人 · 25%')
    expect(textOf('assessment-share-fail')).toContain('1 人 · 25%')
    expect(q('[data-testid=assessment-table] [data-testid=assessment-item-satisfaction]').textContent).toContain(
      '无评价',
    )
    expect(q('[data-testid=assessment-table] [data-testid=assessment-adjustments]').textContent?.trim()).toBe('—')
  })

  it('sorts by a column header, then the other way', async () => {
    await open()

    const header = [...document.querySelectorAll<HTMLElement>('[data-testid=assessment-table] th')].find(
      (th) => th.textContent?.trim() === '总分',
    )!
    header.click()
    await settle()
    expect(names()).toEqual(['赵六', '张三', '李四', '王五'])
    header.click()
    await settle()
    expect(names()).toEqual(['王五', '李四', '张三', '赵六'])
  })

  it('opens a score sheet whose records open in their list, and checks an adjustment beside its fields', async () => {
    await open()
    await click('[data-testid=assessment-open-李四]')

    expect(calls('expert_assessment')).toEqual([{ periodId: 'p1', expertId: 'b' }])
    const links = document.querySelectorAll<HTMLAnchorElement>(
      '[data-testid=assessment-sheet-records-service_days] [data-testid=assessment-sheet-record]',
    )
    expect([...links].map((a) => a.getAttribute('href'))).toEqual(['/services?open=s1', '/services?open=s2'])
    expect(textOf('assessment-sheet-figure-satisfaction')).toBe('无评价')
    expect(textOf('assessment-sheet-limit')).toBe('合计限 ±10 分，现为 0 分')

    // Nothing filled: both fields say so, nothing is sent.
    await click('assessment-adjustment-add')
    expect(fieldError('assessment-adjustment-item-points')).toBe('请填写分值')
    expect(fieldError('assessment-adjustment-item-reason')).toBe('请填写加分或扣分的理由')
    expect(calls('add_assessment_adjustment')).toEqual([])

    // Over the limit.
    await typeNumber('assessment-adjustment-form-points', '12')
    await typeInto('assessment-adjustment-form-reason', '获市级表彰')
    await click('assessment-adjustment-add')
    expect(fieldError('assessment-adjustment-item-points')).toBe('加分/扣分合计应在 ±10 分以内（现为 0，加上后为 12）')
    expect(fieldError('assessment-adjustment-item-reason')).toBeUndefined()

    // The core's refusal goes beside its field.
    invokeMock.mockImplementationOnce(async () => {
      throw {
        code: 'validation',
        message: '有字段需要修改',
        messageEn: 'Fix the fields',
        fields: [{ field: 'reason', message: '理由太长', messageEn: 'Too long' }],
      }
    })
    await typeNumber('assessment-adjustment-form-points', '3')
    await click('assessment-adjustment-add')
    expect(calls('add_assessment_adjustment')).toEqual([
      { input: { periodId: 'p1', expertId: 'b', points: 3, reason: '获市级表彰' } },
    ])
    expect(fieldError('assessment-adjustment-item-reason')).toBe('理由太长')
  })
})

describe('设置 → 考核办法', () => {
  fakeClockPerTest()

  let saved: AssessmentScheme | null = null

  async function open(stored: AssessmentScheme) {
    saved = null
    route({
      assessment_scheme: () => stored,
      default_assessment_scheme: () => defaultScheme(),
      save_assessment_scheme: (a) => {
        saved = a.scheme as AssessmentScheme
        return a.scheme
      },
    })
    page.mount(SchemeEditor)
    await settle()
  }

  it('shows each mistake beside its field and saves nothing', async () => {
    await open(defaultScheme())

    await typeNumber('assessment-scheme-threshold-good', '95')
    await typeNumber('assessment-scheme-cap-0', '0')
    // Emptied, a number is a mistake too (not the value it held).
    await typeNumber('assessment-scheme-ppu-1', '')
    await click('assessment-scheme-save')

    expect(errorBeside('assessment-scheme-item-thresholds')).toBe('分数线应从高到低排列')
    expect(errorBeside('assessment-scheme-item-items[0].rule.cap')).toBe('应大于 0 且不超过 100')
    expect(errorBeside('assessment-scheme-item-items[0].rule.pointsPerUnit')).toBeUndefined()
    expect(errorBeside('assessment-scheme-item-items[1].rule.pointsPerUnit')).toBe('应大于 0 且不超过 100')
    expect(saved).toBeNull()
  })

  it('恢复默认 puts the shipped scheme in the form, and 保存 sends it', async () => {
    const changed = defaultScheme()
    changed.wording = 'competent'
    changed.adjustmentLimit = 5
    changed.excellentCapPercent = 30
    changed.items = changed.items.slice(0, 2)
    await open(changed)

    expect(q<HTMLInputElement>('[data-testid=assessment-scheme-adjustment-limit] input').value).toBe('5')
    expect(document.querySelectorAll('[data-testid^=assessment-scheme-entry-]')).toHaveLength(2)
    expect(q('[data-testid=assessment-scheme-item-thresholds]').textContent).toContain('称职 ≥')

    await click('assessment-scheme-restore')
    expect(calls('default_assessment_scheme')).toHaveLength(1)
    expect(q<HTMLInputElement>('[data-testid=assessment-scheme-adjustment-limit] input').value).toBe('10')
    expect(document.querySelectorAll('[data-testid^=assessment-scheme-entry-]')).toHaveLength(5)
    expect(document.querySelector('[data-testid=assessment-scheme-excellent-cap]')).toBeNull()
    expect(q('[data-testid=assessment-scheme-item-thresholds]').textContent).toContain('良好 ≥')

    await click('assessment-scheme-save')
    expect(saved).toEqual(defaultScheme())
    expect([...document.querySelectorAll('.el-message')].map((m) => m.textContent).join()).toContain(
      '已有考核期间保留各自的办法',
    )
  })

  it('shows the core’s refusal beside the field it names', async () => {
    await open(defaultScheme())
    invokeMock.mockImplementationOnce(async () => {
      throw {
        code: 'validation',
        message: '有字段需要修改',
        messageEn: 'Fix the fields',
        fields: [{ field: 'items[1].rule.cap', message: '上限过高', messageEn: 'Too high' }],
      }
    })
    await click('assessment-scheme-save')
    expect(errorBeside('assessment-scheme-item-items[1].rule.cap')).toBe('上限过高')
  })
})
