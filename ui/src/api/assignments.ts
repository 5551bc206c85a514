/** Commands on pairings of an expert with an enterprise (派驻). */
import type { Assignment, AssignmentInput, BatchEndPlan, TargetPeriod } from './bindings'
import { call } from './call'

/** Pairs an expert with an enterprise; overlapping pairings are refused with code "duplicate" (field startDate). */
export function createAssignment(input: AssignmentInput): Promise<Assignment> {
  return call<Assignment>('create_assignment', { input })
}

/** Saves an edited pairing (not its expert or enterprise); a stale revision is refused with code "conflict". */
export function updateAssignment(id: string, expectedRevision: number, input: AssignmentInput): Promise<Assignment> {
  return call<Assignment>('update_assignment', { id, expectedRevision, input })
}

/** One pairing with its names. */
export function getAssignment(id: string): Promise<Assignment> {
  return call<Assignment>('get_assignment', { id })
}

/** Completion of a pairing's targets per calendar year, then for the whole pairing (label `all`). */
export function assignmentCompletion(id: string): Promise<TargetPeriod[]> {
  return call<TargetPeriod[]>('assignment_completion', { id })
}

/** Ends a pairing on `endDate` (`YYYY-MM-DD`). */
export function endAssignment(id: string, endDate: string): Promise<Assignment> {
  return call<Assignment>('end_assignment', { id, endDate })
}

/** What 结束批次 would change: the open pairings of the batch and the experts set to 期满 (nothing written). */
export function previewBatchEnd(batchId: string, endDate: string): Promise<BatchEndPlan> {
  return call<BatchEndPlan>('preview_batch_end', { batchId, endDate })
}

/** 结束批次: ends the batch's open pairings on `endDate` and sets the experts left without one to 期满. */
export function endBatch(batchId: string, endDate: string): Promise<BatchEndPlan> {
  return call<BatchEndPlan>('end_batch', { batchId, endDate })
}

/** The pairings of an expert. */
export function listAssignmentsOfExpert(expertId: string): Promise<Assignment[]> {
  return call<Assignment[]>('list_assignments_of_expert', { expertId })
}

/** The pairings of an enterprise. */
export function listAssignmentsOfEnterprise(enterpriseId: string): Promise<Assignment[]> {
  return call<Assignment[]>('list_assignments_of_enterprise', { enterpriseId })
}
