/** Commands on experts (科技专员). Dispatching organisations and batches are in ./organizations. */
import type { Expert, ExpertInput, ExpertOverview, ExpertQuery, ExpertRow, Page, Referrers } from './bindings'
import { call } from './call'

/** One page of the expert list, filtered and sorted by the core. */
export function listExperts(query: ExpertQuery): Promise<Page<ExpertRow>> {
  return call<Page<ExpertRow>>('list_experts', { query })
}

/** Validates and stores a new expert; rejects with code "validation" or "duplicate" and field errors. */
export function createExpert(input: ExpertInput): Promise<Expert> {
  return call<Expert>('create_expert', { input })
}

/** One expert as stored (the edit form loads it). */
export function getExpert(id: string): Promise<Expert> {
  return call<Expert>('get_expert', { id })
}

/**
 * Saves an edited expert; rejects with code "conflict" when `expectedRevision` is stale (someone else changed it),
 * or "validation"/"duplicate" with field errors.
 */
export function updateExpert(id: string, expectedRevision: number, input: ExpertInput): Promise<Expert> {
  return call<Expert>('update_expert', { id, expectedRevision, input })
}

/** The expert detail page (身份证号 masked): pairings, recent visits, needs and service records, workload, outcomes. */
export function expertOverview(id: string): Promise<ExpertOverview> {
  return call<ExpertOverview>('expert_overview', { id })
}

/** What points at an expert (service records, visits, …), shown before deleting it. */
export function referrersOfExpert(id: string): Promise<Referrers> {
  return call<Referrers>('referrers_of_expert', { id })
}

/** Moves an expert to the recycle bin; `confirm` must be true when something points at it (else "has_references"). */
export function deleteExpert(id: string, confirm: boolean): Promise<Referrers> {
  return call<Referrers>('delete_expert', { id, confirm })
}
