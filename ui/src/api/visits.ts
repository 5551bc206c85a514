/** Commands on visits (走访记录). Their attachments are in ./attachments. */
import type { FollowUpCloseInput, Page, Visit, VisitInput, VisitQuery, VisitRow } from './bindings'
import { call } from './call'

/** Validates and stores a new visit with its participating experts; rejects with "validation" and field errors. */
export function createVisit(input: VisitInput): Promise<Visit> {
  return call<Visit>('create_visit', { input })
}

/** Saves an edited visit; rejects with "conflict" when `expectedRevision` is stale. */
export function updateVisit(id: string, expectedRevision: number, input: VisitInput): Promise<Visit> {
  return call<Visit>('update_visit', { id, expectedRevision, input })
}

/** One visit with its participants. */
export function getVisit(id: string): Promise<Visit> {
  return call<Visit>('get_visit', { id })
}

/** One page of the visit list, filtered and sorted by the core. */
export function listVisits(query: VisitQuery): Promise<Page<VisitRow>> {
  return call<Page<VisitRow>>('list_visits', { query })
}

/** 关闭跟进: closes a visit's follow-up with a note (已跟进); rejects with "validation" on `note`, "conflict" when stale. */
export function closeFollowUp(input: FollowUpCloseInput): Promise<Visit> {
  return call<Visit>('close_follow_up', { input })
}

/** Reopens a follow-up closed by mistake; rejects with "conflict" when `expectedRevision` is stale. */
export function reopenFollowUp(id: string, expectedRevision: number): Promise<Visit> {
  return call<Visit>('reopen_follow_up', { id, expectedRevision })
}
