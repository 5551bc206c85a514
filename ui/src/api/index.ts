/**
 * The typed bridge to the Rust side: the only module that calls `invoke`. Every failure is rethrown as an
 * {@link ApiError}. Types are generated from Rust (ts-rs) into ./bindings and re-exported here, so views import
 * types only from `@/api`.
 */
import { invoke, type InvokeArgs } from '@tauri-apps/api/core'
import type { AppInfo } from './bindings/AppInfo'
import type { Assignment } from './bindings/Assignment'
import type { AssignmentInput } from './bindings/AssignmentInput'
import type { AuditEntry } from './bindings/AuditEntry'
import type { Batch } from './bindings/Batch'
import type { Contact } from './bindings/Contact'
import type { ContactInput } from './bindings/ContactInput'
import type { Education } from './bindings/Education'
import type { Enterprise } from './bindings/Enterprise'
import type { EnterpriseInput } from './bindings/EnterpriseInput'
import type { EnterpriseQuery } from './bindings/EnterpriseQuery'
import type { EnterpriseRow } from './bindings/EnterpriseRow'
import type { EnterpriseSize } from './bindings/EnterpriseSize'
import type { EnterpriseSortKey } from './bindings/EnterpriseSortKey'
import type { ErrorPayload } from './bindings/ErrorPayload'
import type { Expert } from './bindings/Expert'
import type { ExpertInput } from './bindings/ExpertInput'
import type { ExpertQuery } from './bindings/ExpertQuery'
import type { ExpertRow } from './bindings/ExpertRow'
import type { ExpertSortKey } from './bindings/ExpertSortKey'
import type { ExpertStatus } from './bindings/ExpertStatus'
import type { ExpertTitle } from './bindings/ExpertTitle'
import type { FieldError } from './bindings/FieldError'
import type { Gender } from './bindings/Gender'
import type { Organization } from './bindings/Organization'
import type { OrganizationKind } from './bindings/OrganizationKind'
import type { Page } from './bindings/Page'
import type { RecordKind } from './bindings/RecordKind'
import type { RecycleBinRow } from './bindings/RecycleBinRow'
import type { Referrers } from './bindings/Referrers'
import type { SaveOutcome } from './bindings/SaveOutcome'
import type { ServiceForm } from './bindings/ServiceForm'
import type { SortOrder } from './bindings/SortOrder'
import { toApiError } from './error'

export { ApiError, INTERNAL_ERROR_CODE, localizedFieldMessage, toApiError } from './error'
export type {
  AppInfo,
  Assignment,
  AssignmentInput,
  AuditEntry,
  Batch,
  Contact,
  ContactInput,
  Education,
  Enterprise,
  EnterpriseInput,
  EnterpriseQuery,
  EnterpriseRow,
  EnterpriseSize,
  EnterpriseSortKey,
  ErrorPayload,
  Expert,
  ExpertInput,
  ExpertQuery,
  ExpertRow,
  ExpertSortKey,
  ExpertStatus,
  ExpertTitle,
  FieldError,
  Gender,
  Organization,
  OrganizationKind,
  Page,
  RecordKind,
  RecycleBinRow,
  Referrers,
  SaveOutcome,
  ServiceForm,
  SortOrder,
}

async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args)
  } catch (raw) {
    throw toApiError(raw)
  }
}

/** Version, data folder, database path and schema version of the running app. */
export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>('app_info')
}

/** One page of the expert list, filtered and sorted by the core. */
export function listExperts(query: ExpertQuery): Promise<Page<ExpertRow>> {
  return call<Page<ExpertRow>>('list_experts', { query })
}

/** Validates and stores a new expert; rejects with code "validation" or "duplicate" and field errors. */
export function createExpert(input: ExpertInput): Promise<Expert> {
  return call<Expert>('create_expert', { input })
}

/** Every dispatching organisation (派出单位). */
export function listOrganizations(): Promise<Organization[]> {
  return call<Organization[]>('list_organizations')
}

/** Every dispatch batch (批次). */
export function listBatches(): Promise<Batch[]> {
  return call<Batch[]>('list_batches')
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

/** One page of the enterprise list, filtered and sorted by the core. */
export function listEnterprises(query: EnterpriseQuery): Promise<Page<EnterpriseRow>> {
  return call<Page<EnterpriseRow>>('list_enterprises', { query })
}

/** One enterprise with its contacts. */
export function getEnterprise(id: string): Promise<Enterprise> {
  return call<Enterprise>('get_enterprise', { id })
}

/** Validates and stores a new enterprise; a similar name already on file comes back as a warning. */
export function createEnterprise(input: EnterpriseInput): Promise<SaveOutcome<Enterprise>> {
  return call<SaveOutcome<Enterprise>>('create_enterprise', { input })
}

/** Saves an edited enterprise; code "conflict" when `expectedRevision` is stale. */
export function updateEnterprise(
  id: string,
  expectedRevision: number,
  input: EnterpriseInput,
): Promise<SaveOutcome<Enterprise>> {
  return call<SaveOutcome<Enterprise>>('update_enterprise', { id, expectedRevision, input })
}

/** What points at an expert (service records, visits, …), shown before deleting it. */
export function referrersOfExpert(id: string): Promise<Referrers> {
  return call<Referrers>('referrers_of_expert', { id })
}

/** What points at an enterprise, shown before deleting it. */
export function referrersOfEnterprise(id: string): Promise<Referrers> {
  return call<Referrers>('referrers_of_enterprise', { id })
}

/** Moves an expert to the recycle bin; `confirm` must be true when something points at it (else "has_references"). */
export function deleteExpert(id: string, confirm: boolean): Promise<Referrers> {
  return call<Referrers>('delete_expert', { id, confirm })
}

/** Moves an enterprise to the recycle bin; `confirm` must be true when something points at it. */
export function deleteEnterprise(id: string, confirm: boolean): Promise<Referrers> {
  return call<Referrers>('delete_enterprise', { id, confirm })
}

/** One page of the recycle bin (deleted experts and enterprises). */
export function listRecycleBin(page: number, pageSize: number): Promise<Page<RecycleBinRow>> {
  return call<Page<RecycleBinRow>>('list_recycle_bin', { page, pageSize })
}

/** Takes a record back out of the recycle bin. */
export function restoreRecord(kind: RecordKind, id: string): Promise<void> {
  return call<void>('restore_record', { kind, id })
}

/** Deletes a record in the recycle bin for good; fails with "has_references" while something points at it. */
export function purgeRecord(kind: RecordKind, id: string): Promise<void> {
  return call<void>('purge_record', { kind, id })
}

/** The kinds of record that have a change history. */
export type HistoryEntity = 'expert' | 'enterprise' | 'assignment'

/** Every change of a record, newest first. */
export function recordHistory(entity: HistoryEntity, id: string): Promise<AuditEntry[]> {
  return call<AuditEntry[]>('record_history', { entity, id })
}

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
