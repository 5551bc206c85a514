import { reactive, shallowRef } from 'vue'
import {
  reviewQueue,
  reviewRecords,
  type Page,
  type ReviewDecision,
  type ReviewQueueQuery,
  type ReviewQueueRow,
  type ReviewTarget,
} from '@/api'
import { useLatestLoad } from '@/composables/useLatestLoad'

/** Rows per page of the queue. */
export const QUEUE_PAGE_SIZE = 50

/** The queue's query with nothing filtered: 待审核 and 退回, visits and service records, newest first. */
export function defaultQueueQuery(): ReviewQueueQuery {
  return {
    page: 1,
    pageSize: QUEUE_PAGE_SIZE,
    kind: null,
    status: null,
    expertId: null,
    enterpriseId: null,
    dateFrom: null,
    dateTo: null,
  }
}

/** The records a decision names. */
export function targetsOf(rows: readonly ReviewQueueRow[]): ReviewTarget[] {
  return rows.map((r) => ({ kind: r.kind, id: r.id }))
}

/** Where a row's record opens: its list with the record's form (`?open=`). */
export function recordLink(row: Pick<ReviewQueueRow, 'kind' | 'id'>): string {
  const list = row.kind === 'visit' ? '/visits' : '/services'
  return `${list}?open=${encodeURIComponent(row.id)}`
}

/** A 退回 opinion as sent: trimmed, or null when there are no words (the core refuses a return without one). */
export function cleanOpinion(text: string): string | null {
  const trimmed = text.trim()
  return trimmed === '' ? null : trimmed
}

/** Whether a decision may be asked for these rows: 通过 any in the queue; 退回 only pending ones (a returned one is not returned twice). */
export function canDecide(rows: readonly ReviewQueueRow[], decision: ReviewDecision): boolean {
  if (rows.length === 0) return false
  return decision === 'approve' || rows.every((r) => r.reviewStatus === 'pending')
}

/**
 * State and actions of the review queue: the page of `review_queue` for the filters (a change goes back to page 1;
 * only the latest answer is shown), the rows chosen, and a decision on them (`review_records`, all or nothing) after
 * which the queue reloads and the choice is cleared.
 */
export function useReviewQueue() {
  const query = reactive<ReviewQueueQuery>(defaultQueueQuery())
  const page = shallowRef<Page<ReviewQueueRow> | null>(null)
  const selected = shallowRef<ReviewQueueRow[]>([])
  const deciding = shallowRef(false)
  const { loading, error, run } = useLatestLoad()

  async function load(): Promise<void> {
    const current = { ...query }
    await run(
      () => reviewQueue(current),
      (value) => {
        page.value = value
        selected.value = []
      },
    )
  }

  /** Sets a filter and reloads from page 1. */
  function setFilter<K extends Exclude<keyof ReviewQueueQuery, 'page' | 'pageSize'>>(
    key: K,
    value: ReviewQueueQuery[K],
  ): void {
    query[key] = value
    query.page = 1
    void load()
  }

  function setPage(n: number): void {
    query.page = n
    void load()
  }

  /** Decides on `rows`; resolves with how many, or rejects with the core's refusal (nothing written then). */
  async function decide(rows: readonly ReviewQueueRow[], decision: ReviewDecision, opinion: string | null = null) {
    deciding.value = true
    try {
      const saved = await reviewRecords({ targets: targetsOf(rows), decision, ...(opinion ? { opinion } : {}) })
      await load()
      return saved.length
    } finally {
      deciding.value = false
    }
  }

  return { query, page, selected, loading, error, deciding, load, setFilter, setPage, decide }
}
