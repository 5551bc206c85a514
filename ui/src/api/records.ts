/**
 * Commands on a record of any kind: what points at it, deleting it into the recycle bin (回收站), restoring or
 * purging it, and its change history.
 */
import type { AuditEntry, Page, PurgeReport, RecordKind, RecycleBinRow, Referrers } from './bindings'
import { call } from './call'

/** One page of the recycle bin (deleted experts and enterprises). */
export function listRecycleBin(page: number, pageSize: number): Promise<Page<RecycleBinRow>> {
  return call<Page<RecycleBinRow>>('list_recycle_bin', { page, pageSize })
}

/** Takes a record back out of the recycle bin. */
export function restoreRecord(kind: RecordKind, id: string): Promise<void> {
  return call<void>('restore_record', { kind, id })
}

/** Deletes a record in the recycle bin for good; fails with "has_references" while something points at it. */
export function purgeRecord(kind: RecordKind, id: string): Promise<PurgeReport> {
  return call<PurgeReport>('purge_record', { kind, id })
}

/** What points at a record of any kind (shown before deleting it). */
export function referrersOfRecord(kind: RecordKind, id: string): Promise<Referrers> {
  return call<Referrers>('referrers_of_record', { kind, id })
}

/** Moves a record of any kind to the recycle bin; rejects with "has_references" unless `confirm` when others point at it. */
export function deleteRecord(kind: RecordKind, id: string, confirm: boolean): Promise<Referrers> {
  return call<Referrers>('delete_record', { kind, id, confirm })
}

/** The kinds of record that have a change history. */
export type HistoryEntity = 'expert' | 'enterprise' | 'assignment' | 'visit' | 'event' | 'need' | 'service_record'

/** Every change of a record, newest first. */
export function recordHistory(entity: HistoryEntity, id: string): Promise<AuditEntry[]> {
  return call<AuditEntry[]>('record_history', { entity, id })
}
