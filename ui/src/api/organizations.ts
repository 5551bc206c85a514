/** Commands on dispatching organisations (派出单位) and dispatch batches (批次). */
import type { Batch, BatchInput, Organization, OrganizationInput } from './bindings'
import { call } from './call'

/** Every dispatching organisation (派出单位). */
export function listOrganizations(): Promise<Organization[]> {
  return call<Organization[]>('list_organizations')
}

/** Every dispatch batch (批次). */
export function listBatches(): Promise<Batch[]> {
  return call<Batch[]>('list_batches')
}

/** Stores a new dispatching organisation; rejects with "validation" or "duplicate" (same name) and field errors. */
export function createOrganization(input: OrganizationInput): Promise<Organization> {
  return call<Organization>('create_organization', { input })
}

/** Saves an edited dispatching organisation; rejects with "conflict" when `expectedRevision` is stale. */
export function updateOrganization(
  id: string,
  expectedRevision: number,
  input: OrganizationInput,
): Promise<Organization> {
  return call<Organization>('update_organization', { id, expectedRevision, input })
}

/** Deletes a dispatching organisation; rejects with "has_references" while experts belong to it. */
export function deleteOrganization(id: string): Promise<void> {
  return call<void>('delete_organization', { id })
}

/** Stores a new batch; rejects with "validation" or "duplicate" (same name) and field errors. */
export function createBatch(input: BatchInput): Promise<Batch> {
  return call<Batch>('create_batch', { input })
}

/** Saves an edited batch; rejects with "conflict" when `expectedRevision` is stale. */
export function updateBatch(id: string, expectedRevision: number, input: BatchInput): Promise<Batch> {
  return call<Batch>('update_batch', { id, expectedRevision, input })
}

/** Deletes a batch; rejects with "has_references" while experts or assignments belong to it. */
export function deleteBatch(id: string): Promise<void> {
  return call<void>('delete_batch', { id })
}
