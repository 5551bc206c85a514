/** Commands on visits (走访记录). Their attachments are in ./attachments. */
import type { Page, Visit, VisitInput, VisitQuery, VisitRow } from './bindings'
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
