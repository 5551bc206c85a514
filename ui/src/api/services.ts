/** Commands on service records (服务记录) and their totals. */
import type {
  OutcomeTotals,
  Page,
  ServiceRecord,
  ServiceRecordInput,
  ServiceRecordQuery,
  ServiceRecordRow,
} from './bindings'
import type { ServiceRecordTemplate } from './bindings/ServiceRecordTemplate'
import { call } from './call'

/** Validates and stores a new service record; amounts are 万元 text, stored as exact fen. */
export function createServiceRecord(input: ServiceRecordInput): Promise<ServiceRecord> {
  return call<ServiceRecord>('create_service_record', { input })
}

/** Saves an edited service record; rejects with "conflict" when `expectedRevision` is stale. */
export function updateServiceRecord(
  id: string,
  expectedRevision: number,
  input: ServiceRecordInput,
): Promise<ServiceRecord> {
  return call<ServiceRecord>('update_service_record', { id, expectedRevision, input })
}

/** One service record. */
export function getServiceRecord(id: string): Promise<ServiceRecord> {
  return call<ServiceRecord>('get_service_record', { id })
}

/** One page of the service ledger, filtered and sorted by the core. */
export function listServiceRecords(query: ServiceRecordQuery): Promise<Page<ServiceRecordRow>> {
  return call<Page<ServiceRecordRow>>('list_service_records', { query })
}

/** Count, days and outcome sums (exact fen) of the records the query selects. */
export function serviceTotals(query: ServiceRecordQuery): Promise<OutcomeTotals> {
  return call<OutcomeTotals>('service_totals', { query })
}

/** The "copy last" pre-fill: the latest record (of the expert, if given) as a form with its names, or null when there is none. */
export function lastServiceRecordTemplate(expertId: string | null): Promise<ServiceRecordTemplate | null> {
  return call<ServiceRecordTemplate | null>('last_service_record_template', { expertId })
}
