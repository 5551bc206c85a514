/** 审核: the review queue, decisions on one or many records, and 设置 → 审核. */
import type { Page, Review, ReviewInput, ReviewQueueQuery, ReviewQueueRow, ReviewSettings } from './bindings'
import { call } from './call'

/** One page of the review queue: visits and service records 待审核 or 退回, newest first. */
export function reviewQueue(query: ReviewQueueQuery): Promise<Page<ReviewQueueRow>> {
  return call<Page<ReviewQueueRow>>('review_queue', { query })
}

/** 通过 or 退回 the named records, all or nothing; 退回 needs an opinion (else "validation" on `opinion`). */
export function reviewRecords(input: ReviewInput): Promise<Review[]> {
  return call<Review[]>('review_records', { input })
}

/** 录入的记录需要审核 and the remembered 只统计已审核. */
export function reviewSettings(): Promise<ReviewSettings> {
  return call<ReviewSettings>('review_settings')
}

/** Saves 设置 → 审核 (audited when it changed). */
export function saveReviewSettings(settings: ReviewSettings): Promise<ReviewSettings> {
  return call<ReviewSettings>('save_review_settings', { settings })
}
