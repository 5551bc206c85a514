import { invoke } from '@tauri-apps/api/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ReviewSettings } from '@/api'
import ReviewedOnlySwitch from '@/components/ReviewedOnlySwitch.vue'
import ReviewSettingsPanel from '@/views/settings/ReviewSettingsPanel.vue'
import { buildFilter, NO_REGION } from '@/views/statistics/statistics'
import { freshPagePerTest, q, settle } from '@/test-utils/mount'
import { resetReviewSettings, useReviewSettings } from '../useReviewSettings'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

/** The ledger's stored settings, as the core keeps them. */
let stored: ReviewSettings

function route(failSave = false): void {
  invokeMock.mockImplementation(async (command: string, args?: unknown) => {
    switch (command) {
      case 'review_settings':
        return stored
      case 'save_review_settings':
        if (failSave) throw { code: 'io', message: '磁盘已满', messageEn: 'disk full', fields: [] }
        stored = (args as { settings: ReviewSettings }).settings
        return stored
      default:
        throw new Error(`unexpected command ${command}`)
    }
  })
}

describe('只统计已审核', () => {
  const page = freshPagePerTest(invokeMock)
  afterEach(() => resetReviewSettings())

  it('is read from the ledger once and shared', async () => {
    stored = { reviewEntered: true, reviewedOnly: true }
    route()
    const a = useReviewSettings()
    const b = useReviewSettings()
    await a.ready()
    expect(a.reviewedOnly.value).toBe(true)
    expect(b.reviewEntered.value).toBe(true)
    expect(invokeMock.mock.calls.filter(([c]) => c === 'review_settings')).toHaveLength(1)
  })

  it('is remembered when switched, and goes back when the save fails', async () => {
    stored = { reviewEntered: true, reviewedOnly: false }
    route()
    page.mount(ReviewedOnlySwitch, { props: { testid: 'switch' } })
    await settle()
    q('[data-testid=switch]').click()
    await settle()
    expect(stored).toEqual({ reviewEntered: true, reviewedOnly: true })
    expect(useReviewSettings().reviewedOnly.value).toBe(true)

    route(true)
    q('[data-testid=switch]').click()
    await settle()
    expect(useReviewSettings().reviewedOnly.value).toBe(true)
    expect(document.body.textContent).toContain('磁盘已满')
  })

  it('设置 → 审核 switches 录入的记录需要审核 and keeps 只统计已审核', async () => {
    stored = { reviewEntered: false, reviewedOnly: true }
    route()
    page.mount(ReviewSettingsPanel)
    await settle()
    expect(q('[data-testid=settings-reviewed-only]').classList).toContain('is-checked')
    q('[data-testid=settings-review-entered]').click()
    await settle()
    expect(stored).toEqual({ reviewEntered: true, reviewedOnly: true })
    expect(document.body.textContent).toContain('审核设置已保存')
  })

  it('goes into the report filter only when on', () => {
    const choice = {
      period: {
        kind: 'year' as const,
        year: '2024',
        quarter: 1,
        month: '2024-01',
        range: ['2024-01-01', '2024-12-31'] as [string, string],
      },
      region: { ...NO_REGION },
      organizationId: null,
      batchId: null,
      origins: null,
    }
    expect(buildFilter(choice)).not.toHaveProperty('reviewedOnly')
    expect(buildFilter(choice, false)).not.toHaveProperty('reviewedOnly')
    expect(buildFilter(choice, true)).toMatchObject({ period: '2024', reviewedOnly: true })
  })
})
