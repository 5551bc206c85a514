/**
 * The typed bridge to the Rust side: the only module that calls `invoke`. Every failure is rethrown as an
 * {@link ApiError}. Types are generated from Rust (ts-rs) into ./bindings and re-exported here, so views import
 * types only from `@/api`.
 */
import { invoke, type InvokeArgs } from '@tauri-apps/api/core'
import type { AppInfo } from './bindings/AppInfo'
import type { Batch } from './bindings/Batch'
import type { Education } from './bindings/Education'
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
import type { ServiceForm } from './bindings/ServiceForm'
import type { SortOrder } from './bindings/SortOrder'
import { toApiError } from './error'

export { ApiError, INTERNAL_ERROR_CODE, localizedFieldMessage, toApiError } from './error'
export type {
  AppInfo,
  Batch,
  Education,
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
