/**
 * The typed bridge to the Rust side: the only module that calls `invoke`. Every failure is rethrown as an
 * {@link ApiError}. Types are generated from Rust (ts-rs) into ./bindings and re-exported here, so views import
 * types only from `@/api`.
 */
import { invoke, type InvokeArgs, type InvokeOptions } from '@tauri-apps/api/core'
import type { AppInfo } from './bindings/AppInfo'
import type { Assignment } from './bindings/Assignment'
import type { AssignmentInput } from './bindings/AssignmentInput'
import type { Attachment } from './bindings/Attachment'
import type { AttachmentOwnerKind } from './bindings/AttachmentOwnerKind'
import type { AuditEntry } from './bindings/AuditEntry'
import type { BackupEntry } from './bindings/BackupEntry'
import type { BackupNotice } from './bindings/BackupNotice'
import type { BackupReason } from './bindings/BackupReason'
import type { Batch } from './bindings/Batch'
import type { BatchInput } from './bindings/BatchInput'
import type { Contact } from './bindings/Contact'
import type { ContactInput } from './bindings/ContactInput'
import type { Dashboard } from './bindings/Dashboard'
import type { DuplicatePolicy } from './bindings/DuplicatePolicy'
import type { Education } from './bindings/Education'
import type { Enterprise } from './bindings/Enterprise'
import type { EnterpriseInput } from './bindings/EnterpriseInput'
import type { EnterpriseOverview } from './bindings/EnterpriseOverview'
import type { EnterpriseQuery } from './bindings/EnterpriseQuery'
import type { EnterpriseRow } from './bindings/EnterpriseRow'
import type { EnterpriseSize } from './bindings/EnterpriseSize'
import type { EnterpriseSortKey } from './bindings/EnterpriseSortKey'
import type { ErrorPayload } from './bindings/ErrorPayload'
import type { ErrorPolicy } from './bindings/ErrorPolicy'
import type { Expert } from './bindings/Expert'
import type { ExpertInput } from './bindings/ExpertInput'
import type { ExpertOverview } from './bindings/ExpertOverview'
import type { ExpertQuery } from './bindings/ExpertQuery'
import type { ExpertRow } from './bindings/ExpertRow'
import type { ExpertSortKey } from './bindings/ExpertSortKey'
import type { ExpertStatistics } from './bindings/ExpertStatistics'
import type { ExpertStatus } from './bindings/ExpertStatus'
import type { ExpertSuggestion } from './bindings/ExpertSuggestion'
import type { ExpertTitle } from './bindings/ExpertTitle'
import type { ExportColumn } from './bindings/ExportColumn'
import type { ExportFormat } from './bindings/ExportFormat'
import type { ExportKind } from './bindings/ExportKind'
import type { ExportProgress } from './bindings/ExportProgress'
import type { ExportReport } from './bindings/ExportReport'
import type { ExportRequest } from './bindings/ExportRequest'
import type { FieldError } from './bindings/FieldError'
import type { FileLeft } from './bindings/FileLeft'
import type { FollowUpItem } from './bindings/FollowUpItem'
import type { Gender } from './bindings/Gender'
import type { IdleExpertItem } from './bindings/IdleExpertItem'
import type { ImportColumn } from './bindings/ImportColumn'
import type { ImportCounts } from './bindings/ImportCounts'
import type { ImportField } from './bindings/ImportField'
import type { ImportIssue } from './bindings/ImportIssue'
import type { ImportKind } from './bindings/ImportKind'
import type { ImportPreview } from './bindings/ImportPreview'
import type { ImportProgress } from './bindings/ImportProgress'
import type { ImportRecord } from './bindings/ImportRecord'
import type { ImportReport } from './bindings/ImportReport'
import type { ImportRequest } from './bindings/ImportRequest'
import type { ImportSheet } from './bindings/ImportSheet'
import type { IntegrityReport } from './bindings/IntegrityReport'
import type { MatchInput } from './bindings/MatchInput'
import type { MatchMethod } from './bindings/MatchMethod'
import type { MatchReason } from './bindings/MatchReason'
import type { MatchReasonKind } from './bindings/MatchReasonKind'
import type { MonthFigures } from './bindings/MonthFigures'
import type { MonthStatistics } from './bindings/MonthStatistics'
import type { MoveReport } from './bindings/MoveReport'
import type { Need } from './bindings/Need'
import type { NeedBoard } from './bindings/NeedBoard'
import type { NeedBoardColumn } from './bindings/NeedBoardColumn'
import type { NeedFigures } from './bindings/NeedFigures'
import type { NeedInput } from './bindings/NeedInput'
import type { NeedMatch } from './bindings/NeedMatch'
import type { NeedQuery } from './bindings/NeedQuery'
import type { NeedRow } from './bindings/NeedRow'
import type { NeedSortKey } from './bindings/NeedSortKey'
import type { NeedSource } from './bindings/NeedSource'
import type { NeedStage } from './bindings/NeedStage'
import type { NeedStageEvent } from './bindings/NeedStageEvent'
import type { NeedSummary } from './bindings/NeedSummary'
import type { NeedType } from './bindings/NeedType'
import type { Organization } from './bindings/Organization'
import type { OrganizationInput } from './bindings/OrganizationInput'
import type { OrganizationKind } from './bindings/OrganizationKind'
import type { OrganizationStatistics } from './bindings/OrganizationStatistics'
import type { OutcomeTotals } from './bindings/OutcomeTotals'
import type { Page } from './bindings/Page'
import type { PeriodKind } from './bindings/PeriodKind'
import type { PreviewQuery } from './bindings/PreviewQuery'
import type { PreviewRow } from './bindings/PreviewRow'
import type { PurgeReport } from './bindings/PurgeReport'
import type { RecordKind } from './bindings/RecordKind'
import type { RecycleBinRow } from './bindings/RecycleBinRow'
import type { Referrers } from './bindings/Referrers'
import type { RegionStatistics } from './bindings/RegionStatistics'
import type { ReportFilter } from './bindings/ReportFilter'
import type { ReportPeriod } from './bindings/ReportPeriod'
import type { ReportSettings } from './bindings/ReportSettings'
import type { RestoreReport } from './bindings/RestoreReport'
import type { RowStatus } from './bindings/RowStatus'
import type { SaveOutcome } from './bindings/SaveOutcome'
import type { ServiceForm } from './bindings/ServiceForm'
import type { ServiceRecord } from './bindings/ServiceRecord'
import type { ServiceRecordInput } from './bindings/ServiceRecordInput'
import type { ServiceRecordTemplate } from './bindings/ServiceRecordTemplate'
import type { ServiceRecordQuery } from './bindings/ServiceRecordQuery'
import type { ServiceRecordRow } from './bindings/ServiceRecordRow'
import type { ServiceRecordSortKey } from './bindings/ServiceRecordSortKey'
import type { ServiceRecordSummary } from './bindings/ServiceRecordSummary'
import type { ServiceType } from './bindings/ServiceType'
import type { SortOrder } from './bindings/SortOrder'
import type { StageChangeInput } from './bindings/StageChangeInput'
import type { StageCount } from './bindings/StageCount'
import type { StaleNeedItem } from './bindings/StaleNeedItem'
import type { StartupStatus } from './bindings/StartupStatus'
import type { Statistics } from './bindings/Statistics'
import type { Urgency } from './bindings/Urgency'
import type { Visit } from './bindings/Visit'
import type { VisitFigures } from './bindings/VisitFigures'
import type { VisitInput } from './bindings/VisitInput'
import type { VisitMode } from './bindings/VisitMode'
import type { VisitParticipant } from './bindings/VisitParticipant'
import type { VisitQuery } from './bindings/VisitQuery'
import type { VisitRow } from './bindings/VisitRow'
import type { VisitSortKey } from './bindings/VisitSortKey'
import type { VisitSummary } from './bindings/VisitSummary'
import type { Workload } from './bindings/Workload'
import { toApiError } from './error'

export { ApiError, INTERNAL_ERROR_CODE, localizedFieldMessage, toApiError } from './error'
export {
  chooseFolder,
  chooseOpenPath,
  chooseSavePath,
  EXPORT_PROGRESS_EVENT,
  IMPORT_PROGRESS_EVENT,
  onExportProgress,
  onImportProgress,
} from './native'
export type { SaveFileFilter } from './native'
export type {
  AppInfo,
  Assignment,
  AssignmentInput,
  Attachment,
  AttachmentOwnerKind,
  AuditEntry,
  BackupEntry,
  BackupNotice,
  BackupReason,
  Batch,
  BatchInput,
  Contact,
  ContactInput,
  Dashboard,
  DuplicatePolicy,
  Education,
  Enterprise,
  EnterpriseInput,
  EnterpriseOverview,
  EnterpriseQuery,
  EnterpriseRow,
  EnterpriseSize,
  EnterpriseSortKey,
  ErrorPayload,
  ErrorPolicy,
  Expert,
  ExpertInput,
  ExpertOverview,
  ExpertQuery,
  ExpertRow,
  ExpertSortKey,
  ExpertStatistics,
  ExpertStatus,
  ExpertSuggestion,
  ExpertTitle,
  ExportColumn,
  ExportFormat,
  ExportKind,
  ExportProgress,
  ExportReport,
  ExportRequest,
  FieldError,
  FileLeft,
  FollowUpItem,
  Gender,
  IdleExpertItem,
  ImportColumn,
  ImportCounts,
  ImportField,
  ImportIssue,
  ImportKind,
  ImportPreview,
  ImportProgress,
  ImportRecord,
  ImportReport,
  ImportRequest,
  ImportSheet,
  IntegrityReport,
  MatchInput,
  MatchMethod,
  MatchReason,
  MatchReasonKind,
  MonthFigures,
  MonthStatistics,
  MoveReport,
  Need,
  NeedBoard,
  NeedBoardColumn,
  NeedFigures,
  NeedInput,
  NeedMatch,
  NeedQuery,
  NeedRow,
  NeedSortKey,
  NeedSource,
  NeedStage,
  NeedStageEvent,
  NeedSummary,
  NeedType,
  Organization,
  OrganizationInput,
  OrganizationKind,
  OrganizationStatistics,
  OutcomeTotals,
  Page,
  PeriodKind,
  PreviewQuery,
  PreviewRow,
  PurgeReport,
  RecordKind,
  RecycleBinRow,
  Referrers,
  RegionStatistics,
  ReportFilter,
  ReportPeriod,
  ReportSettings,
  RestoreReport,
  RowStatus,
  SaveOutcome,
  ServiceForm,
  ServiceRecord,
  ServiceRecordInput,
  ServiceRecordQuery,
  ServiceRecordRow,
  ServiceRecordSortKey,
  ServiceRecordSummary,
  ServiceType,
  SortOrder,
  StageChangeInput,
  StageCount,
  StaleNeedItem,
  StartupStatus,
  Statistics,
  Urgency,
  Visit,
  VisitFigures,
  VisitInput,
  VisitMode,
  VisitParticipant,
  VisitQuery,
  VisitRow,
  VisitSortKey,
  VisitSummary,
  Workload,
}

async function call<T>(command: string, args?: InvokeArgs, options?: InvokeOptions): Promise<T> {
  try {
    return await (options ? invoke<T>(command, args, options) : invoke<T>(command, args))
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

/** Stores a new dispatching organisation; rejects with "validation" or "duplicate" (same name) and field errors. */
export function createOrganization(input: OrganizationInput): Promise<Organization> {
  return call<Organization>('create_organization', { input })
}

/** Saves an edited dispatching organisation; rejects with "conflict" when `expectedRevision` is stale. */
export function updateOrganization(id: string, expectedRevision: number, input: OrganizationInput): Promise<Organization> {
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

/** The expert detail page (身份证号 masked): pairings, recent visits, needs and service records, workload, outcomes. */
export function expertOverview(id: string): Promise<ExpertOverview> {
  return call<ExpertOverview>('expert_overview', { id })
}

/** The enterprise detail page: contacts, pairings, recent visits, needs and service records, outcomes. */
export function enterpriseOverview(id: string): Promise<EnterpriseOverview> {
  return call<EnterpriseOverview>('enterprise_overview', { id })
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
export type HistoryEntity = 'expert' | 'enterprise' | 'assignment' | 'visit' | 'need' | 'service_record'

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

/**
 * Copies a file into the data folder as an attachment of a visit or service record. The bytes travel as the raw
 * request body; the owner and the (percent-encoded) file name as headers.
 */
export async function addAttachment(ownerKind: AttachmentOwnerKind, ownerId: string, file: File): Promise<Attachment> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  return call<Attachment>('add_attachment', bytes, {
    headers: { 'x-owner-kind': ownerKind, 'x-owner-id': ownerId, 'x-file-name': encodeURIComponent(file.name) },
  })
}

/** The attachments of a visit or service record, oldest first. */
export function listAttachments(ownerKind: AttachmentOwnerKind, ownerId: string): Promise<Attachment[]> {
  return call<Attachment[]>('list_attachments', { ownerKind, ownerId })
}

/** Moves an attachment to the recycle bin. */
export function removeAttachment(id: string): Promise<void> {
  return call<void>('remove_attachment', { id })
}

/** The bytes of a previewable image attachment (for a thumbnail). */
export function attachmentBytes(id: string): Promise<ArrayBuffer> {
  return call<ArrayBuffer>('attachment_bytes', { id })
}

/** Opens an attachment in the system's viewer. */
export function openAttachment(id: string): Promise<void> {
  return call<void>('open_attachment', { id })
}

/** Validates and stores a new need at 挖掘 (found on a visit when `visitId` is set); rejects with field errors. */
export function createNeed(input: NeedInput): Promise<Need> {
  return call<Need>('create_need', { input })
}

/** Saves an edited need (never its stage); rejects with "conflict" when `expectedRevision` is stale. */
export function updateNeed(id: string, expectedRevision: number, input: NeedInput): Promise<Need> {
  return call<Need>('update_need', { id, expectedRevision, input })
}

/** One need with its matched experts and stage history. */
export function getNeed(id: string): Promise<Need> {
  return call<Need>('get_need', { id })
}

/** One page of the need list, filtered and sorted by the core. */
export function listNeeds(query: NeedQuery): Promise<Page<NeedRow>> {
  return call<Page<NeedRow>>('list_needs', { query })
}

/** The needs board: a column per stage with its count and its first `perColumn` cards. */
export function needsBoard(query: NeedQuery, perColumn: number): Promise<NeedBoard> {
  return call<NeedBoard>('needs_board', { query, perColumn })
}

/**
 * Moves a need to another stage; an illegal jump rejects with "validation" on field `to`, naming the allowed
 * stages. `input.newMatch` matches an expert in the same step (moving to 对接 needs one).
 */
export function changeNeedStage(id: string, expectedRevision: number, input: StageChangeInput): Promise<Need> {
  return call<Need>('change_need_stage', { id, expectedRevision, input })
}

/** Merges a duplicate need into the survivor; returns the survivor. */
export function mergeNeeds(duplicateId: string, survivorId: string, note: string | null): Promise<Need> {
  return call<Need>('merge_needs', { duplicateId, survivorId, note })
}

/** Experts ranked for a need, each with the reasons and points. */
export function suggestExperts(needId: string, limit: number): Promise<ExpertSuggestion[]> {
  return call<ExpertSuggestion[]>('suggest_experts', { needId, limit })
}

/** Matches an expert to a need (推荐/认领/指派). */
export function matchExpert(needId: string, input: MatchInput): Promise<NeedMatch> {
  return call<NeedMatch>('match_expert', { needId, input })
}

/** Removes one expert's match from a need. */
export function unmatchExpert(matchId: string): Promise<void> {
  return call<void>('unmatch_expert', { matchId })
}

/** Validates and stores a new service record; amounts are 万元 text, stored as exact fen. */
export function createServiceRecord(input: ServiceRecordInput): Promise<ServiceRecord> {
  return call<ServiceRecord>('create_service_record', { input })
}

/** Saves an edited service record; rejects with "conflict" when `expectedRevision` is stale. */
export function updateServiceRecord(id: string, expectedRevision: number, input: ServiceRecordInput): Promise<ServiceRecord> {
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

/** The "copy last" pre-fill: the latest record (of the expert, if given) as a form, or null when there is none. */
export function lastServiceRecordTemplate(expertId: string | null): Promise<ServiceRecordTemplate | null> {
  return call<ServiceRecordTemplate | null>('last_service_record_template', { expertId })
}

/** The 工作台 as of today: follow-ups, stale needs, idle experts, this month against last. */
export function dashboard(): Promise<Dashboard> {
  return call<Dashboard>('dashboard')
}

/** 统计: everything the statistics engine computes for a period and scope (the 统计导出 page and the summary workbook). */
export function statistics(filter: ReportFilter): Promise<Statistics> {
  return call<Statistics>('statistics', { filter })
}

/** 填报单位 and 填报人, printed on every exported sheet. */
export function reportSettings(): Promise<ReportSettings> {
  return call<ReportSettings>('report_settings')
}

/** Saves 填报单位 and 填报人; rejects with "validation" and field errors. Returns what was stored (normalised). */
export function saveReportSettings(settings: ReportSettings): Promise<ReportSettings> {
  return call<ReportSettings>('save_report_settings', { settings })
}

/** The columns a ledger can export, in their default order (none for the summary). */
export function exportColumns(kind: ExportKind): Promise<ExportColumn[]> {
  return call<ExportColumn[]>('export_columns', { kind })
}

/**
 * Writes a workbook (or CSV) to `path`. While it runs the shell emits `export-progress` events carrying `jobId`
 * (see {@link onExportProgress}); {@link cancelExport} with the same id stops it, and it then rejects with code
 * "cancelled" leaving no file behind.
 */
export function exportFile(request: ExportRequest, path: string, jobId: string): Promise<ExportReport> {
  return call<ExportReport>('export_file', { request, path, jobId })
}

/** Asks the running export `jobId` to stop. */
export function cancelExport(jobId: string): Promise<void> {
  return call<void>('cancel_export', { jobId })
}

/** Shows a file exported this session (the `path` given to {@link exportFile}) in the system's file manager. */
export function revealExport(path: string): Promise<void> {
  return call<void>('reveal_export', { path })
}

/**
 * Reads and judges a file to import (导入): its sheets, header row, columns with the field each fills, and the count
 * of rows per status. The shell keeps the preview by its `id` for {@link importRows}, {@link importCommit} and
 * {@link saveImportRejects}; call again with `request.mapping`, other policies or another sheet to re-judge. A file
 * that cannot be read, or a mapping naming a field twice, rejects with field errors.
 */
export function importPreview(request: ImportRequest): Promise<ImportPreview> {
  return call<ImportPreview>('import_preview', { request })
}

/** One page of a preview's rows, optionally only those of one status. */
export function importRows(id: string, query: PreviewQuery): Promise<Page<PreviewRow>> {
  return call<Page<PreviewRow>>('import_rows', { id, query })
}

/**
 * Writes a preview all or nothing, the rows judged again against the database as it is now. While it runs the shell
 * emits `import-progress` events carrying the preview's `id` (see {@link onImportProgress}); {@link cancelImport}
 * stops it, and it then rejects with code "cancelled" having written nothing. `written` is false when nothing was
 * written: no row to write, or rows in error under the policy `stop`.
 */
export function importCommit(id: string): Promise<ImportReport> {
  return call<ImportReport>('import_commit', { id })
}

/** Asks the running import of preview `id` to stop. */
export function cancelImport(id: string): Promise<void> {
  return call<void>('cancel_import', { id })
}

/** Saves a preview's rejected rows, with a 原因 column, as an .xlsx at `path`; resolves to the number of rows. */
export function saveImportRejects(id: string, path: string): Promise<number> {
  return call<number>('save_import_rejects', { id, path })
}

/** The imports done, newest first. */
export function listImports(): Promise<ImportRecord[]> {
  return call<ImportRecord[]>('list_imports')
}

/**
 * Takes an import back as a whole: the records it added are removed and those it updated get their earlier values.
 * Rejects when any of them was changed or deleted since, or when it was undone already.
 */
export function undoImport(id: string): Promise<ImportRecord> {
  return call<ImportRecord>('undo_import', { id })
}

/**
 * Whether the ledger opened at start-up and, when it did not (a damaged file, a file from a newer version …), why,
 * with the newest backup that passes its check. Answers even when the ledger could not be opened.
 */
export function startupStatus(): Promise<StartupStatus> {
  return call<StartupStatus>('startup_status')
}

/** The automatic and manual backups in the data folder's `backups/`, newest first. */
export function listBackups(): Promise<BackupEntry[]> {
  return call<BackupEntry[]>('list_backups')
}

/**
 * Backs up the database now: into the data folder's `backups/` when `folder` is null, else into `folder` (a USB
 * stick …). Rejects with "insufficient_space" when the disk is nearly full.
 */
export function backupNow(folder: string | null): Promise<BackupEntry> {
  return call<BackupEntry>('backup_now', { folder })
}

/**
 * Replaces the open ledger's data with the backup (or any ledger file) at `path`, after checking the file and backing
 * up the current database (`safetyBackup`). Every page's data changes: reload the window afterwards.
 */
export function restoreBackup(path: string): Promise<RestoreReport> {
  return call<RestoreReport>('restore_backup', { path })
}

/**
 * Puts the backup at `path` in place of a database that could not be opened (the start-up screen); the file that
 * failed is kept aside. Reload the window afterwards.
 */
export function recoverFromBackup(path: string): Promise<RestoreReport> {
  return call<RestoreReport>('recover_from_backup', { path })
}

/**
 * Copies the data folder (database and attachments, each checked) to the folder `to` and goes on there; the old
 * folder is left as it was. Refused when the data folder is set by LEDGER_DATA_DIR.
 */
export function moveDataFolder(to: string): Promise<MoveReport> {
  return call<MoveReport>('move_data_folder', { to })
}

/** Backups that were due but not made (the disk nearly full …) since the last call; each is given out once. */
export function backupNotices(): Promise<BackupNotice[]> {
  return call<BackupNotice[]>('backup_notices')
}
