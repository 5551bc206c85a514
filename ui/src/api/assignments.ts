/** Commands on pairings of an expert with an enterprise (派驻). */
import type { Assignment, AssignmentInput } from './bindings'
import { call } from './call'

/** Pairs an expert with an enterprise; overlapping pairings are refused with code "duplicate" (field startDate). */
export function createAssignment(input: AssignmentInput): Promise<Assignment> {
  return call<Assignment>('create_assignment', { input })
}

/** Ends a pairing on `endDate` (`YYYY-MM-DD`). */
export function endAssignment(id: string, endDate: string): Promise<Assignment> {
  return call<Assignment>('end_assignment', { id, endDate })
}

/** The pairings of an expert. */
export function listAssignmentsOfExpert(expertId: string): Promise<Assignment[]> {
  return call<Assignment[]>('list_assignments_of_expert', { expertId })
}

/** The pairings of an enterprise. */
export function listAssignmentsOfEnterprise(enterpriseId: string): Promise<Assignment[]> {
  return call<Assignment[]>('list_assignments_of_enterprise', { enterpriseId })
}
