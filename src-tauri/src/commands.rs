//! The commands the UI invokes. Each is a one-line adapter over [`ledger_core::Ledger`]; they are `async` so the
//! database work runs on a worker thread (see [`AppState::run`]). Every command that receives a path from the
//! webview checks it first with [`paths::check_user_path`] (through [`checked`]): export_file, reveal_export,
//! save_import_rejects, save_import_template, import_preview, export_package, preview_packages, backup_now (a folder), restore_backup,
//! recover_from_backup and move_data_folder. open_attachment and attachment_bytes take an id; the core finds the file.

use std::path::PathBuf;

use ledger_core::data_folder::paths::{self, PathUse};
use ledger_core::exchange::export::PACKAGE_EXTENSION;
use ledger_core::exchange::{ExportPackageOptions, ExportPackageReport, LedgerIdentity, PackageExport};
use ledger_core::model::{
    Assignment, AssignmentInput, Attachment, AttachmentOwnerKind, AuditEntry, BackupEntry, BackupNotice, Batch,
    BatchEndPlan, BatchInput, ConflictResolution, Dashboard, Enterprise, EnterpriseInput, EnterpriseOverview,
    EnterpriseQuery, EnterpriseRow, Event, EventInput, EventQuery, EventRow, EvidenceKind, Expert, ExpertInput,
    ExpertOverview, ExpertQuery, ExpertRow, ExpertSuggestion, ExportColumn, ExportKind, ExportReport, ExportRequest,
    FollowUpCloseInput, FormsRequest, ImportPreview, ImportRecord, ImportReport, ImportRequest, MatchInput,
    MergeConflict, MergeRecord, MoveReport, Need, NeedBoard, NeedInput, NeedMatch, NeedQuery, NeedRow, Organization,
    OrganizationInput, OutcomeTotals, Page, PreviewQuery, PreviewRow, PurgeReport, ReconcileReport, RecordKind,
    RecycleBinRow, Referrers, ReportFilter, ReportSettings, RestoreReport, SaveOutcome, ServiceRecord,
    ServiceRecordInput, ServiceRecordQuery, ServiceRecordRow, StageChangeInput, StartupStatus, Statistics,
    TargetPeriod, Visit, VisitInput, VisitQuery, VisitRow,
};
use ledger_core::storage::crypto::Secret;
use ledger_core::storage::integrity::IntegrityReport;
use ledger_core::{AppInfo, CoreError, ErrorPayload};
use tauri::ipc::{Request, Response};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use crate::exchange::{self, ExchangeJobs, OpenConflict, PackageOutcome, PackageSource};
use crate::exports::{self, ExportJobs};
use crate::imports::ImportJobs;
use crate::lock::LockStatus;
use crate::state::AppState;
use crate::upload;

type CmdResult<T> = Result<T, ErrorPayload>;

/// The extensions of the files a restore reads: backup archives and database files.
const LEDGER_FILE_EXTENSIONS: &[&str] = &["zip", "sqlite3", "db"];
/// The extensions of the files an import reads.
const IMPORT_EXTENSIONS: &[&str] = &["xlsx", "xls", "csv"];

/// `path` from the webview, checked against the data folder in use ([`paths::check_user_path`]).
fn checked(state: &AppState, path: &str, expected: &[&str], usage: PathUse) -> CmdResult<PathBuf> {
    paths::check_user_path(path, expected, &state.data_dir(), usage).map_err(|e| ErrorPayload::from(&e))
}

/// Version, data folder, database file and schema version, for the 设置 page.
#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    state.run(|l| l.app_info()).await
}

/// A page of the expert list.
#[tauri::command]
pub async fn list_experts(state: State<'_, AppState>, query: ExpertQuery) -> CmdResult<Page<ExpertRow>> {
    state.run(move |l| l.list_experts(&query)).await
}

/// Validates and saves a new expert.
#[tauri::command]
pub async fn create_expert(state: State<'_, AppState>, input: ExpertInput) -> CmdResult<Expert> {
    state.run(move |l| l.create_expert(&input)).await
}

/// The dispatching organisations, for pickers.
#[tauri::command]
pub async fn list_organizations(state: State<'_, AppState>) -> CmdResult<Vec<Organization>> {
    state.run(|l| l.list_organizations()).await
}

/// The batches, for pickers.
#[tauri::command]
pub async fn list_batches(state: State<'_, AppState>) -> CmdResult<Vec<Batch>> {
    state.run(|l| l.list_batches()).await
}

/// Saves a new dispatching organisation.
#[tauri::command]
pub async fn create_organization(state: State<'_, AppState>, input: OrganizationInput) -> CmdResult<Organization> {
    state.run(move |l| l.create_organization(&input)).await
}

/// Saves an edited dispatching organisation; refused when someone saved it since `expected_revision` was read.
#[tauri::command]
pub async fn update_organization(
    state: State<'_, AppState>,
    id: String,
    expected_revision: i32,
    input: OrganizationInput,
) -> CmdResult<Organization> {
    state.run(move |l| l.update_organization(&id, expected_revision, &input)).await
}

/// Deletes a dispatching organisation no expert points at.
#[tauri::command]
pub async fn delete_organization(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.run(move |l| l.delete_organization(&id)).await
}

/// Saves a new batch.
#[tauri::command]
pub async fn create_batch(state: State<'_, AppState>, input: BatchInput) -> CmdResult<Batch> {
    state.run(move |l| l.create_batch(&input)).await
}

/// Saves an edited batch; refused when someone saved it since `expected_revision` was read.
#[tauri::command]
pub async fn update_batch(
    state: State<'_, AppState>,
    id: String,
    expected_revision: i32,
    input: BatchInput,
) -> CmdResult<Batch> {
    state.run(move |l| l.update_batch(&id, expected_revision, &input)).await
}

/// Deletes a batch no expert or assignment points at.
#[tauri::command]
pub async fn delete_batch(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.run(move |l| l.delete_batch(&id)).await
}

/// One expert, unmasked, for the edit form.
#[tauri::command]
pub async fn get_expert(state: State<'_, AppState>, id: String) -> CmdResult<Expert> {
    state.run(move |l| l.get_expert(&id)).await
}

/// Saves an edited expert; refused when someone saved it since `expected_revision` was read.
#[tauri::command]
pub async fn update_expert(
    state: State<'_, AppState>,
    id: String,
    expected_revision: i32,
    input: ExpertInput,
) -> CmdResult<Expert> {
    state.run(move |l| l.update_expert(&id, expected_revision, &input)).await
}

/// A page of the enterprise list.
#[tauri::command]
pub async fn list_enterprises(state: State<'_, AppState>, query: EnterpriseQuery) -> CmdResult<Page<EnterpriseRow>> {
    state.run(move |l| l.list_enterprises(&query)).await
}

/// One enterprise with its contacts.
#[tauri::command]
pub async fn get_enterprise(state: State<'_, AppState>, id: String) -> CmdResult<Enterprise> {
    state.run(move |l| l.get_enterprise(&id)).await
}

/// Validates and saves a new enterprise; warnings (a similar name) come back with the record.
#[tauri::command]
pub async fn create_enterprise(
    state: State<'_, AppState>,
    input: EnterpriseInput,
) -> CmdResult<SaveOutcome<Enterprise>> {
    state.run(move |l| l.create_enterprise(&input)).await
}

/// Saves an edited enterprise; refused when someone saved it since `expected_revision` was read.
#[tauri::command]
pub async fn update_enterprise(
    state: State<'_, AppState>,
    id: String,
    expected_revision: i32,
    input: EnterpriseInput,
) -> CmdResult<SaveOutcome<Enterprise>> {
    state.run(move |l| l.update_enterprise(&id, expected_revision, &input)).await
}

/// What points at an expert (to confirm a delete).
#[tauri::command]
pub async fn referrers_of_expert(state: State<'_, AppState>, id: String) -> CmdResult<Referrers> {
    state.run(move |l| l.referrers_of_expert(&id)).await
}

/// What points at an enterprise (to confirm a delete).
#[tauri::command]
pub async fn referrers_of_enterprise(state: State<'_, AppState>, id: String) -> CmdResult<Referrers> {
    state.run(move |l| l.referrers_of_enterprise(&id)).await
}

/// Moves an expert to the recycle bin; `confirm` must be true when records point at it.
#[tauri::command]
pub async fn delete_expert(state: State<'_, AppState>, id: String, confirm: bool) -> CmdResult<Referrers> {
    state.run(move |l| l.delete_expert(&id, confirm)).await
}

/// Moves an enterprise to the recycle bin; `confirm` must be true when records point at it.
#[tauri::command]
pub async fn delete_enterprise(state: State<'_, AppState>, id: String, confirm: bool) -> CmdResult<Referrers> {
    state.run(move |l| l.delete_enterprise(&id, confirm)).await
}

/// Brings a record back from the recycle bin.
#[tauri::command]
pub async fn restore_record(state: State<'_, AppState>, kind: RecordKind, id: String) -> CmdResult<()> {
    state.run(move |l| l.restore(kind, &id)).await
}

/// Removes a record from the recycle bin for good (the UI confirms first), with its attachment files; reports files
/// that could not be removed.
#[tauri::command]
pub async fn purge_record(state: State<'_, AppState>, kind: RecordKind, id: String) -> CmdResult<PurgeReport> {
    state.run(move |l| l.purge(kind, &id)).await
}

/// What points at a record of any kind, shown before deleting it.
#[tauri::command]
pub async fn referrers_of_record(state: State<'_, AppState>, kind: RecordKind, id: String) -> CmdResult<Referrers> {
    state.run(move |l| l.referrers_of_record(kind, &id)).await
}

/// Moves a record of any kind to the recycle bin; `confirm` must be true when records point at it.
#[tauri::command]
pub async fn delete_record(
    state: State<'_, AppState>,
    kind: RecordKind,
    id: String,
    confirm: bool,
) -> CmdResult<Referrers> {
    state.run(move |l| l.delete_record(kind, &id, confirm)).await
}

/// A page of the recycle bin.
#[tauri::command]
pub async fn list_recycle_bin(state: State<'_, AppState>, page: u32, page_size: u32) -> CmdResult<Page<RecycleBinRow>> {
    state.run(move |l| l.list_recycle_bin(page, page_size)).await
}

/// The change history of one record, newest first.
#[tauri::command]
pub async fn record_history(state: State<'_, AppState>, entity: String, id: String) -> CmdResult<Vec<AuditEntry>> {
    state.run(move |l| l.record_history(&entity, &id)).await
}

/// Pairs an expert with an enterprise.
#[tauri::command]
pub async fn create_assignment(state: State<'_, AppState>, input: AssignmentInput) -> CmdResult<Assignment> {
    state.run(move |l| l.create_assignment(&input)).await
}

/// Saves an edited pairing (dates, batch, 三方协议, targets, notes); refused when someone saved it since
/// `expected_revision` was read.
#[tauri::command]
pub async fn update_assignment(
    state: State<'_, AppState>,
    id: String,
    expected_revision: i32,
    input: AssignmentInput,
) -> CmdResult<Assignment> {
    state.run(move |l| l.update_assignment(&id, expected_revision, &input)).await
}

/// One pairing with its names.
#[tauri::command]
pub async fn get_assignment(state: State<'_, AppState>, id: String) -> CmdResult<Assignment> {
    state.run(move |l| l.get_assignment(&id)).await
}

/// Completion of a pairing's targets per calendar year and for the whole pairing.
#[tauri::command]
pub async fn assignment_completion(state: State<'_, AppState>, id: String) -> CmdResult<Vec<TargetPeriod>> {
    state.run(move |l| l.assignment_completion(&id)).await
}

/// What 结束批次 would change (nothing written).
#[tauri::command]
pub async fn preview_batch_end(
    state: State<'_, AppState>,
    batch_id: String,
    end_date: String,
) -> CmdResult<BatchEndPlan> {
    state.run(move |l| l.preview_batch_end(&batch_id, &end_date)).await
}

/// 结束批次: ends the batch's open pairings and sets the experts left without one to 期满.
#[tauri::command]
pub async fn end_batch(state: State<'_, AppState>, batch_id: String, end_date: String) -> CmdResult<BatchEndPlan> {
    state.run(move |l| l.end_batch(&batch_id, &end_date)).await
}

/// Ends a pairing on a date.
#[tauri::command]
pub async fn end_assignment(state: State<'_, AppState>, id: String, end_date: String) -> CmdResult<Assignment> {
    state.run(move |l| l.end_assignment(&id, &end_date)).await
}

/// The pairings of an expert.
#[tauri::command]
pub async fn list_assignments_of_expert(state: State<'_, AppState>, expert_id: String) -> CmdResult<Vec<Assignment>> {
    state.run(move |l| l.list_assignments_of_expert(&expert_id)).await
}

/// The pairings of an enterprise.
#[tauri::command]
pub async fn list_assignments_of_enterprise(
    state: State<'_, AppState>,
    enterprise_id: String,
) -> CmdResult<Vec<Assignment>> {
    state.run(move |l| l.list_assignments_of_enterprise(&enterprise_id)).await
}

/// The expert detail page: profile (身份证号 masked), pairings, visits, needs, service records, workload, outcomes.
#[tauri::command]
pub async fn expert_overview(state: State<'_, AppState>, id: String) -> CmdResult<ExpertOverview> {
    state.run(move |l| l.expert_overview(&id)).await
}

/// The enterprise detail page: profile with contacts, pairings, visits, needs, service records, outcomes.
#[tauri::command]
pub async fn enterprise_overview(state: State<'_, AppState>, id: String) -> CmdResult<EnterpriseOverview> {
    state.run(move |l| l.enterprise_overview(&id)).await
}

/// Validates and saves a new visit with its participants.
#[tauri::command]
pub async fn create_visit(state: State<'_, AppState>, input: VisitInput) -> CmdResult<Visit> {
    state.run(move |l| l.create_visit(&input)).await
}

/// Saves an edited visit; refused when someone saved it since `expected_revision` was read.
#[tauri::command]
pub async fn update_visit(
    state: State<'_, AppState>,
    id: String,
    expected_revision: i32,
    input: VisitInput,
) -> CmdResult<Visit> {
    state.run(move |l| l.update_visit(&id, expected_revision, &input)).await
}

/// One visit with its participants.
#[tauri::command]
pub async fn get_visit(state: State<'_, AppState>, id: String) -> CmdResult<Visit> {
    state.run(move |l| l.get_visit(&id)).await
}

/// A page of the visit list.
#[tauri::command]
pub async fn list_visits(state: State<'_, AppState>, query: VisitQuery) -> CmdResult<Page<VisitRow>> {
    state.run(move |l| l.list_visits(&query)).await
}

/// Validates and saves a new 活动 with its enterprises and experts.
#[tauri::command]
pub async fn create_event(state: State<'_, AppState>, input: EventInput) -> CmdResult<Event> {
    state.run(move |l| l.create_event(&input)).await
}

/// Saves an edited 活动; refused when someone saved it since `expected_revision` was read.
#[tauri::command]
pub async fn update_event(
    state: State<'_, AppState>,
    id: String,
    expected_revision: i32,
    input: EventInput,
) -> CmdResult<Event> {
    state.run(move |l| l.update_event(&id, expected_revision, &input)).await
}

/// One 活动 with its enterprises and experts.
#[tauri::command]
pub async fn get_event(state: State<'_, AppState>, id: String) -> CmdResult<Event> {
    state.run(move |l| l.get_event(&id)).await
}

/// A page of the 活动 list.
#[tauri::command]
pub async fn list_events(state: State<'_, AppState>, query: EventQuery) -> CmdResult<Page<EventRow>> {
    state.run(move |l| l.list_events(&query)).await
}

/// 关闭跟进: closes a visit's follow-up with a note (已跟进), without a later visit.
#[tauri::command]
pub async fn close_follow_up(state: State<'_, AppState>, input: FollowUpCloseInput) -> CmdResult<Visit> {
    state.run(move |l| l.close_follow_up(&input)).await
}

/// Reopens a follow-up closed by mistake; refused when the visit changed since `expected_revision` was read.
#[tauri::command]
pub async fn reopen_follow_up(state: State<'_, AppState>, id: String, expected_revision: i32) -> CmdResult<Visit> {
    state.run(move |l| l.reopen_follow_up(&id, expected_revision)).await
}

/// Copies an uploaded file into the data folder as an attachment of a visit or service record (see [`upload`]).
#[tauri::command]
pub async fn add_attachment(state: State<'_, AppState>, request: Request<'_>) -> CmdResult<Attachment> {
    let u = upload::decode(&request).map_err(|e| ErrorPayload::from(&e))?;
    state.run(move |l| l.add_attachment_as(u.owner_kind, &u.owner_id, &u.file_name, &u.bytes, u.evidence_kind)).await
}

/// Marks an attachment as evidence (服务确认书/走访记录表, 现场照片) or clears its mark (`null`).
#[tauri::command]
pub async fn set_attachment_evidence(
    state: State<'_, AppState>,
    id: String,
    evidence_kind: Option<EvidenceKind>,
) -> CmdResult<Attachment> {
    state.run(move |l| l.set_attachment_evidence(&id, evidence_kind)).await
}

/// The attachments of a visit or service record.
#[tauri::command]
pub async fn list_attachments(
    state: State<'_, AppState>,
    owner_kind: AttachmentOwnerKind,
    owner_id: String,
) -> CmdResult<Vec<Attachment>> {
    state.run(move |l| l.list_attachments(owner_kind, &owner_id)).await
}

/// Moves an attachment to the recycle bin (its file stays until purged).
#[tauri::command]
pub async fn remove_attachment(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.run(move |l| l.remove_attachment(&id)).await
}

/// The bytes of a previewable image attachment, as a raw response (for thumbnails).
#[tauri::command]
pub async fn attachment_bytes(state: State<'_, AppState>, id: String) -> CmdResult<Response> {
    state.run(move |l| l.attachment_bytes(&id)).await.map(Response::new)
}

/// Opens an attachment with the system's viewer. The path comes from the core, which checks it lies inside the
/// data folder; the UI never names a path. In an encrypted ledger the viewer gets a decrypted copy in this session's
/// folder of the OS temp folder, removed when the app locks or closes (docs/SECURITY.md).
#[tauri::command]
pub async fn open_attachment<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, id: String) -> CmdResult<()> {
    let path = state.run(move |l| l.attachment_for_viewer(&id)).await?;
    app.opener().open_path(path.to_string_lossy(), None::<&str>).map_err(|e| {
        ErrorPayload::from(&CoreError::Io(std::io::Error::other(format!("无法打开附件 / cannot open the file: {e}"))))
    })
}

/// Validates and saves a new need (at 挖掘), on its own or found on a visit.
#[tauri::command]
pub async fn create_need(state: State<'_, AppState>, input: NeedInput) -> CmdResult<Need> {
    state.run(move |l| l.create_need(&input)).await
}

/// Saves an edited need (never its stage); refused when someone saved it since `expected_revision` was read.
#[tauri::command]
pub async fn update_need(
    state: State<'_, AppState>,
    id: String,
    expected_revision: i32,
    input: NeedInput,
) -> CmdResult<Need> {
    state.run(move |l| l.update_need(&id, expected_revision, &input)).await
}

/// One need with its matches and stage history.
#[tauri::command]
pub async fn get_need(state: State<'_, AppState>, id: String) -> CmdResult<Need> {
    state.run(move |l| l.get_need(&id)).await
}

/// A page of the need list.
#[tauri::command]
pub async fn list_needs(state: State<'_, AppState>, query: NeedQuery) -> CmdResult<Page<NeedRow>> {
    state.run(move |l| l.list_needs(&query)).await
}

/// The needs board: one column per stage with its count and first cards.
#[tauri::command]
pub async fn needs_board(state: State<'_, AppState>, query: NeedQuery, per_column: u32) -> CmdResult<NeedBoard> {
    state.run(move |l| l.needs_board(&query, per_column)).await
}

/// Moves a need to another stage (refused for an illegal jump), optionally matching an expert in the same step.
#[tauri::command]
pub async fn change_need_stage(
    state: State<'_, AppState>,
    id: String,
    expected_revision: i32,
    input: StageChangeInput,
) -> CmdResult<Need> {
    state.run(move |l| l.change_need_stage(&id, expected_revision, &input)).await
}

/// Merges a duplicate need into the survivor.
#[tauri::command]
pub async fn merge_needs(
    state: State<'_, AppState>,
    duplicate_id: String,
    survivor_id: String,
    note: Option<String>,
) -> CmdResult<Need> {
    state.run(move |l| l.merge_needs(&duplicate_id, &survivor_id, note.as_deref())).await
}

/// Experts ranked for a need, with the reasons.
#[tauri::command]
pub async fn suggest_experts(
    state: State<'_, AppState>,
    need_id: String,
    limit: u32,
) -> CmdResult<Vec<ExpertSuggestion>> {
    state.run(move |l| l.suggest_experts(&need_id, limit)).await
}

/// Matches an expert to a need (推荐/认领/指派).
#[tauri::command]
pub async fn match_expert(state: State<'_, AppState>, need_id: String, input: MatchInput) -> CmdResult<NeedMatch> {
    state.run(move |l| l.match_expert(&need_id, &input)).await
}

/// Removes an expert's match from a need.
#[tauri::command]
pub async fn unmatch_expert(state: State<'_, AppState>, match_id: String) -> CmdResult<()> {
    state.run(move |l| l.unmatch_expert(&match_id)).await
}

/// Validates and saves a new service record with its outcomes.
#[tauri::command]
pub async fn create_service_record(state: State<'_, AppState>, input: ServiceRecordInput) -> CmdResult<ServiceRecord> {
    state.run(move |l| l.create_service_record(&input)).await
}

/// Saves an edited service record; refused when someone saved it since `expected_revision` was read.
#[tauri::command]
pub async fn update_service_record(
    state: State<'_, AppState>,
    id: String,
    expected_revision: i32,
    input: ServiceRecordInput,
) -> CmdResult<ServiceRecord> {
    state.run(move |l| l.update_service_record(&id, expected_revision, &input)).await
}

/// One service record.
#[tauri::command]
pub async fn get_service_record(state: State<'_, AppState>, id: String) -> CmdResult<ServiceRecord> {
    state.run(move |l| l.get_service_record(&id)).await
}

/// A page of the service ledger.
#[tauri::command]
pub async fn list_service_records(
    state: State<'_, AppState>,
    query: ServiceRecordQuery,
) -> CmdResult<Page<ServiceRecordRow>> {
    state.run(move |l| l.list_service_records(&query)).await
}

/// Count, days and outcome sums of the service records a query selects.
#[tauri::command]
pub async fn service_totals(state: State<'_, AppState>, query: ServiceRecordQuery) -> CmdResult<OutcomeTotals> {
    state.run(move |l| l.service_totals(&query)).await
}

/// The pre-fill for "copy last": the latest record (of the expert, if given) as a form.
#[tauri::command]
pub async fn last_service_record_template(
    state: State<'_, AppState>,
    expert_id: Option<String>,
) -> CmdResult<Option<ledger_core::model::ServiceRecordTemplate>> {
    state.run(move |l| l.last_service_record_template(expert_id.as_deref())).await
}

/// The 工作台 as of today.
#[tauri::command]
pub async fn dashboard(state: State<'_, AppState>) -> CmdResult<Dashboard> {
    state.run(|l| l.dashboard()).await
}

/// The statistics of a period and scope, for the 统计导出 page (the summary workbook reads the same figures).
#[tauri::command]
pub async fn statistics(state: State<'_, AppState>, filter: ReportFilter) -> CmdResult<Statistics> {
    state.run(move |l| l.statistics(&filter)).await
}

/// 填报单位 and 填报人, printed on every exported sheet.
#[tauri::command]
pub async fn report_settings(state: State<'_, AppState>) -> CmdResult<ReportSettings> {
    state.run(|l| l.report_settings()).await
}

/// The ledger's origins (来源): itself first, then every ledger whose packages were merged here.
#[tauri::command]
pub async fn list_origins(state: State<'_, AppState>) -> CmdResult<Vec<ledger_core::model::OriginSummary>> {
    state.run(|l| l.list_origins()).await
}

/// Saves 填报单位 and 填报人.
#[tauri::command]
pub async fn save_report_settings(state: State<'_, AppState>, settings: ReportSettings) -> CmdResult<ReportSettings> {
    state.run(move |l| l.save_report_settings(&settings)).await
}

/// 操作人, the name audit entries record ("" when none is set: the OS user).
#[tauri::command]
pub async fn operator_name(state: State<'_, AppState>) -> CmdResult<String> {
    state.run(|l| l.operator()).await
}

/// Saves 操作人 (blank: the OS user again); answers it as stored.
#[tauri::command]
pub async fn save_operator_name(state: State<'_, AppState>, name: String) -> CmdResult<String> {
    state.run(move |l| l.save_operator(&name)).await
}

/// A page of the review queue (待审核 and 退回 visits and service records).
#[tauri::command]
pub async fn review_queue(
    state: State<'_, AppState>,
    query: ledger_core::model::ReviewQueueQuery,
) -> CmdResult<ledger_core::model::Page<ledger_core::model::ReviewQueueRow>> {
    state.run(move |l| l.review_queue(&query)).await
}

/// 通过 or 退回 one or many records, all or nothing.
#[tauri::command]
pub async fn review_records(
    state: State<'_, AppState>,
    input: ledger_core::model::ReviewInput,
) -> CmdResult<Vec<ledger_core::model::Review>> {
    state.run(move |l| l.review_records(&input)).await
}

/// 设置 → 审核: 录入的记录需要审核 and the remembered 只统计已审核.
#[tauri::command]
pub async fn review_settings(state: State<'_, AppState>) -> CmdResult<ledger_core::model::ReviewSettings> {
    state.run(|l| l.review_settings()).await
}

/// Saves 设置 → 审核.
#[tauri::command]
pub async fn save_review_settings(
    state: State<'_, AppState>,
    settings: ledger_core::model::ReviewSettings,
) -> CmdResult<ledger_core::model::ReviewSettings> {
    state.run(move |l| l.save_review_settings(&settings)).await
}

/// The columns a ledger can export, for the column chooser.
#[tauri::command]
pub fn export_columns(kind: ExportKind) -> Vec<ExportColumn> {
    ledger_core::reporting::export::export_columns(kind)
}

/// Writes an export to `path` (chosen in the save dialog), emitting `export-progress` events for `job_id` until it
/// ends; [`cancel_export`] stops it, leaving no file.
#[tauri::command]
pub async fn export_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    jobs: State<'_, ExportJobs>,
    request: ExportRequest,
    path: String,
    job_id: String,
) -> CmdResult<ExportReport> {
    let out = checked(&state, &path, &[request.format.extension()], PathUse::Write)?;
    exports::run(app, &state, &jobs, request, out, job_id).await
}

/// Writes the 服务确认单 of service records or the 走访记录表 of visits (one sheet each) to `path` (chosen in the
/// save dialog), as an export: `export-progress` events for `job_id`, [`cancel_export`], [`reveal_export`].
#[tauri::command]
pub async fn export_forms<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    jobs: State<'_, ExportJobs>,
    request: FormsRequest,
    path: String,
    job_id: String,
) -> CmdResult<ExportReport> {
    let out = checked(&state, &path, &["xlsx"], PathUse::Write)?;
    exports::run_with(app, &state, &jobs, out, job_id, move |l, to, p| l.export_forms(&request, to, p)).await
}

/// Stops a running export (its file is not written).
#[tauri::command]
pub fn cancel_export(jobs: State<'_, ExportJobs>, job_id: String) {
    jobs.cancel(&job_id);
}

/// Shows a file this session exported in the system's file manager.
#[tauri::command]
pub fn reveal_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    jobs: State<'_, ExportJobs>,
    path: String,
) -> CmdResult<()> {
    let path = checked(&state, &path, &["xlsx", "csv", PACKAGE_EXTENSION], PathUse::Write)?;
    exports::reveal(&app, &jobs, &path)
}

/// Reads and judges a file to import; the preview is kept for the rows, the commit and the rejected rows.
#[tauri::command]
pub async fn import_preview(
    state: State<'_, AppState>,
    jobs: State<'_, ImportJobs>,
    request: ImportRequest,
) -> CmdResult<ImportPreview> {
    checked(&state, &request.path, IMPORT_EXTENSIONS, PathUse::Read)?;
    jobs.preview(&state, request).await
}

/// A page of a preview's rows, optionally of one status.
#[tauri::command]
pub fn import_rows(jobs: State<'_, ImportJobs>, id: String, query: PreviewQuery) -> CmdResult<Page<PreviewRow>> {
    jobs.rows(&id, &query)
}

/// Corrects one cell of a preview's row: the rows judged again at once, the corrected preview kept in its place.
#[tauri::command]
pub async fn correct_import_cell(
    state: State<'_, AppState>,
    jobs: State<'_, ImportJobs>,
    id: String,
    correction: ledger_core::model::CellCorrection,
) -> CmdResult<ledger_core::model::ImportCorrection> {
    jobs.correct(&state, id, correction).await
}

/// Writes a preview all or nothing, emitting `import-progress` events; [`cancel_import`] stops it, writing nothing.
#[tauri::command]
pub async fn import_commit<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    jobs: State<'_, ImportJobs>,
    id: String,
) -> CmdResult<ImportReport> {
    jobs.commit(app, &state, id).await
}

/// Stops a running import (nothing is written).
#[tauri::command]
pub fn cancel_import(jobs: State<'_, ImportJobs>, id: String) {
    jobs.cancel(&id);
}

/// Saves a preview's rejected rows, with a 原因 column, to `path` (chosen in the save dialog).
#[tauri::command]
pub async fn save_import_rejects(
    state: State<'_, AppState>,
    jobs: State<'_, ImportJobs>,
    id: String,
    path: String,
) -> CmdResult<u32> {
    let out = checked(&state, &path, &["xlsx"], PathUse::Write)?;
    jobs.save_rejected(&state, &id, out).await
}

/// Writes the blank import template of `kind` to `path` (chosen in the save dialog).
#[tauri::command]
pub async fn save_import_template(
    state: State<'_, AppState>,
    kind: ledger_core::model::ImportKind,
    path: String,
) -> CmdResult<()> {
    let out = checked(&state, &path, &["xlsx"], PathUse::Write)?;
    state.run(move |_| ledger_core::import::template::write_template(kind, &out)).await
}

/// The imports, newest first.
#[tauri::command]
pub async fn list_imports(state: State<'_, AppState>) -> CmdResult<Vec<ImportRecord>> {
    state.run(|l| l.list_imports()).await
}

/// Takes an import back as a whole while its records are unchanged since.
#[tauri::command]
pub async fn undo_import(state: State<'_, AppState>, id: String) -> CmdResult<ImportRecord> {
    state.run(move |l| l.undo_import(&id)).await
}

/// The ledger's identity for 汇总交换: its id and the 填报单位 its packages carry as 来源.
#[tauri::command]
pub async fn exchange_identity(state: State<'_, AppState>) -> CmdResult<LedgerIdentity> {
    state.run(|l| l.ledger_identity()).await
}

/// The packages this ledger wrote, newest first (导出交换包: the last one sent, what "changes since" follows).
#[tauri::command]
pub async fn package_exports(state: State<'_, AppState>) -> CmdResult<Vec<PackageExport>> {
    state.run(|l| l.package_exports()).await
}

/// Writes an exchange package (`.stlx`, chosen in the save dialog) as an export: `export-progress` events for
/// `job_id`, [`cancel_export`] stops it leaving no file, [`reveal_export`] shows it.
#[tauri::command]
pub async fn export_package<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    jobs: State<'_, ExportJobs>,
    path: String,
    full: bool,
    password: Option<String>,
    job_id: String,
) -> CmdResult<ExportPackageReport> {
    let out = checked(&state, &path, &[PACKAGE_EXTENSION], PathUse::Write)?;
    let options = ExportPackageOptions { full, password: password.map(Secret::new) };
    exports::run_with(app, &state, &jobs, out, job_id, move |l, to, p| l.export_package_with(to, &options, p)).await
}

/// Opens, checks and previews packages (each with its password when encrypted); what each would do, or why not.
#[tauri::command]
pub async fn preview_packages(
    state: State<'_, AppState>,
    jobs: State<'_, ExchangeJobs>,
    packages: Vec<PackageSource>,
) -> CmdResult<Vec<PackageOutcome>> {
    for package in &packages {
        checked(&state, &package.path, &[PACKAGE_EXTENSION], PathUse::Read)?;
    }
    jobs.preview(&state, packages).await
}

/// Merges previewed packages in order, each all or nothing, emitting `exchange-progress`; [`cancel_merge`] stops it.
#[tauri::command]
pub async fn merge_packages<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    jobs: State<'_, ExchangeJobs>,
    paths: Vec<String>,
    job_id: String,
) -> CmdResult<Vec<PackageOutcome>> {
    jobs.merge(app, &state, paths, job_id).await
}

/// Stops a running merge (the package being merged is not written).
#[tauri::command]
pub fn cancel_merge(jobs: State<'_, ExchangeJobs>, job_id: String) {
    jobs.cancel(&job_id);
}

/// The merges, newest first.
#[tauri::command]
pub async fn list_merges(state: State<'_, AppState>) -> CmdResult<Vec<MergeRecord>> {
    state.run(|l| l.list_merges()).await
}

/// Takes a merge back as a whole while what it wrote is unchanged since.
#[tauri::command]
pub async fn undo_merge(state: State<'_, AppState>, id: String) -> CmdResult<MergeRecord> {
    state.run(move |l| l.undo_merge(&id)).await
}

/// 待处理冲突: the open conflicts with their records' names.
#[tauri::command]
pub async fn list_conflicts(state: State<'_, AppState>) -> CmdResult<Vec<OpenConflict>> {
    state.run(exchange::open_conflicts).await
}

/// Decides conflicts (保留本地 / 采用来件), one after the other.
#[tauri::command]
pub async fn resolve_conflicts(
    state: State<'_, AppState>,
    ids: Vec<String>,
    resolution: ConflictResolution,
) -> CmdResult<Vec<MergeConflict>> {
    state.run(move |l| exchange::resolve_all(l, &ids, resolution)).await
}

/// Whether the ledger opened, and if not why, with the newest good backup to offer (the start-up screen).
#[tauri::command]
pub async fn startup_status(state: State<'_, AppState>) -> CmdResult<StartupStatus> {
    state.startup_status().await
}

/// Tries to open the ledger again after a busy, read-only or I/O problem at start-up; the new status.
#[tauri::command]
pub async fn retry_open(state: State<'_, AppState>) -> CmdResult<StartupStatus> {
    state.retry_open().await
}

/// The backups in the data folder, newest first.
#[tauri::command]
pub async fn list_backups(state: State<'_, AppState>) -> CmdResult<Vec<BackupEntry>> {
    state.run(|l| l.list_backups()).await
}

/// Backs up the database now: into the data folder's backups, or into `folder` (a USB stick …).
#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>, folder: Option<String>) -> CmdResult<BackupEntry> {
    let folder = folder.map(|f| checked(&state, &f, &[], PathUse::Write)).transpose()?;
    state.run(move |l| l.backup_now(folder.as_deref())).await
}

/// Restores the database from a backup or any ledger file, after backing up the current one. `secret`: the password
/// or recovery code of an encrypted backup under another key (asked for when the first try answers `locked`).
#[tauri::command]
pub async fn restore_backup(
    state: State<'_, AppState>,
    path: String,
    secret: Option<String>,
) -> CmdResult<RestoreReport> {
    let from = checked(&state, &path, LEDGER_FILE_EXTENSIONS, PathUse::ReadBackup)?;
    state.run(move |l| l.restore_backup_with(&from, secret.map(Secret::new).as_ref())).await
}

/// Replaces a database that could not be opened with a backup (the start-up screen). `secret`: the password or
/// recovery code of an encrypted backup (or of the encrypted ledger it replaces), asked for after `locked`.
#[tauri::command]
pub async fn recover_from_backup(
    state: State<'_, AppState>,
    path: String,
    secret: Option<String>,
) -> CmdResult<RestoreReport> {
    let from = checked(&state, &path, LEDGER_FILE_EXTENSIONS, PathUse::ReadBackup)?;
    state.recover(from, secret).await
}

/// The plain backups left from before the app password was set (empty for a plain ledger): 设置 asks about them.
#[tauri::command]
pub async fn plain_backups(state: State<'_, AppState>) -> CmdResult<Vec<BackupEntry>> {
    state.run(|l| l.plain_backups()).await
}

/// Re-encrypts (`encrypt`) or removes (`remove`) the plain backups of an encrypted ledger; answers those left plain.
#[tauri::command]
pub async fn settle_plain_backups(state: State<'_, AppState>, action: String) -> CmdResult<Vec<BackupEntry>> {
    state
        .run(move |l| match action.as_str() {
            "encrypt" => l.encrypt_plain_backups(),
            "remove" => l.remove_plain_backups().and_then(|_| l.plain_backups()),
            other => Err(CoreError::field(
                "action",
                format!("未知的处理方式：{other}"),
                format!("unknown action {other:?}: encrypt or remove"),
            )),
        })
        .await
}

/// Moves the data folder (database and attachments) to `to` and goes on there.
#[tauri::command]
pub async fn move_data_folder(state: State<'_, AppState>, to: String) -> CmdResult<MoveReport> {
    let to = checked(&state, &to, &[], PathUse::Write)?;
    state.move_data_folder(to).await
}

/// Warnings about backups since the last call (a backup skipped for lack of space …).
#[tauri::command]
pub async fn backup_notices(state: State<'_, AppState>) -> CmdResult<Vec<BackupNotice>> {
    state.run(|l| Ok(l.take_backup_notices())).await
}

/// The integrity check of the open database, with the orphaned attachment files of the data folder (数据检查).
#[tauri::command]
pub async fn check_integrity(state: State<'_, AppState>) -> CmdResult<IntegrityReport> {
    state.run(|l| l.check_integrity()).await
}

/// 整理孤立附件: a lost file put back in its attachment's place, every other orphaned file moved aside (never deleted).
#[tauri::command]
pub async fn reconcile_attachments(state: State<'_, AppState>) -> CmdResult<ReconcileReport> {
    state.run(|l| l.reconcile_attachments()).await
}

/// Whether a password is set and the app locked, the wait before the next try, the idle time (the lock screen, 设置).
#[tauri::command]
pub fn lock_status(state: State<'_, AppState>) -> LockStatus {
    state.lock_status()
}

/// Opens the locked ledger with the password or the recovery code.
#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, secret: String) -> CmdResult<()> {
    state.unlock(secret).await
}

/// Locks the app now (立即锁定); a ledger without a password stays open.
#[tauri::command]
pub fn lock_now(state: State<'_, AppState>) -> bool {
    state.lock()
}

/// The person is using the app (keys, mouse): the idle time starts again.
#[tauri::command]
pub fn report_activity(state: State<'_, AppState>) {
    state.guard().touch();
}

/// Sets the minutes without activity after which the app locks (`null` or 0: never).
#[tauri::command]
pub fn set_idle_lock(state: State<'_, AppState>, minutes: Option<u32>) -> CmdResult<()> {
    state.set_idle_lock(minutes)
}

/// Turns the app password on (the ledger is encrypted); answers the recovery code, shown once.
#[tauri::command]
pub async fn set_password(state: State<'_, AppState>, new_password: String) -> CmdResult<String> {
    state.set_password(new_password).await
}

/// Changes the app password after the current one or the recovery code (the ledger is re-keyed); answers the new
/// recovery code, shown once.
#[tauri::command]
pub async fn change_password(state: State<'_, AppState>, secret: String, new_password: String) -> CmdResult<String> {
    state.change_password(secret, new_password).await
}

/// Turns the app password off after the password or the recovery code (the ledger is decrypted).
#[tauri::command]
pub async fn remove_password(state: State<'_, AppState>, secret: String) -> CmdResult<()> {
    state.remove_password(secret).await
}

// 年度考核 (docs/ASSESSMENT.md).
use ledger_core::model::{
    AssessmentAdjustmentInput, AssessmentExportRequest, AssessmentNotesInput, AssessmentPeriod, AssessmentPeriodInput,
    AssessmentScheme, AssessmentSheet, ExpertAssessment,
};

/// 设置 → 考核办法: the scheme in 设置 (the default when none was saved).
#[tauri::command]
pub async fn assessment_scheme(state: State<'_, AppState>) -> CmdResult<AssessmentScheme> {
    state.run(|l| l.assessment_scheme()).await
}

/// The shipped default scheme (恢复默认).
#[tauri::command]
pub async fn default_assessment_scheme(state: State<'_, AppState>) -> CmdResult<AssessmentScheme> {
    state.run(|l| Ok(l.default_assessment_scheme())).await
}

/// Validates and saves the scheme in 设置; periods keep their own copy.
#[tauri::command]
pub async fn save_assessment_scheme(
    state: State<'_, AppState>,
    scheme: AssessmentScheme,
) -> CmdResult<AssessmentScheme> {
    state.run(move |l| l.save_assessment_scheme(&scheme)).await
}

/// The assessment periods, the latest first.
#[tauri::command]
pub async fn list_assessment_periods(state: State<'_, AppState>) -> CmdResult<Vec<AssessmentPeriod>> {
    state.run(|l| l.list_assessment_periods()).await
}

/// Creates a period with a copy of the scheme in 设置.
#[tauri::command]
pub async fn create_assessment_period(
    state: State<'_, AppState>,
    input: AssessmentPeriodInput,
) -> CmdResult<AssessmentPeriod> {
    state.run(move |l| l.create_assessment_period(&input)).await
}

/// Renames a period or changes its days; refused when someone saved it since `expected_revision` was read.
#[tauri::command]
pub async fn update_assessment_period(
    state: State<'_, AppState>,
    id: String,
    expected_revision: i32,
    input: AssessmentPeriodInput,
) -> CmdResult<AssessmentPeriod> {
    state.run(move |l| l.update_assessment_period(&id, expected_revision, &input)).await
}

/// Deletes a period with its adjustments, notes and results.
#[tauri::command]
pub async fn delete_assessment_period(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.run(move |l| l.delete_assessment_period(&id)).await
}

/// The 年度考核 page: every expert of the period with figures, points, total and grade.
#[tauri::command]
pub async fn assessment_sheet(state: State<'_, AppState>, period_id: String) -> CmdResult<AssessmentSheet> {
    state.run(move |l| l.assessment_sheet(&period_id)).await
}

/// One expert's score sheet, with the records behind each item.
#[tauri::command]
pub async fn expert_assessment(
    state: State<'_, AppState>,
    period_id: String,
    expert_id: String,
) -> CmdResult<ExpertAssessment> {
    state.run(move |l| l.expert_assessment(&period_id, &expert_id)).await
}

/// Adds a 加分/扣分 entry; answers the expert's score sheet.
#[tauri::command]
pub async fn add_assessment_adjustment(
    state: State<'_, AppState>,
    input: AssessmentAdjustmentInput,
) -> CmdResult<ExpertAssessment> {
    state.run(move |l| l.add_assessment_adjustment(&input)).await
}

/// Removes a 加分/扣分 entry; answers the expert's score sheet.
#[tauri::command]
pub async fn remove_assessment_adjustment(state: State<'_, AppState>, id: String) -> CmdResult<ExpertAssessment> {
    state.run(move |l| l.remove_assessment_adjustment(&id)).await
}

/// Saves 自评 and 派出单位意见; answers the expert's score sheet.
#[tauri::command]
pub async fn save_assessment_notes(
    state: State<'_, AppState>,
    input: AssessmentNotesInput,
) -> CmdResult<ExpertAssessment> {
    state.run(move |l| l.save_assessment_notes(&input)).await
}

/// 定档: stores the final result of one expert (or of every expert when `expert_id` is null); answers the sheet.
#[tauri::command]
pub async fn grade_assessment(
    state: State<'_, AppState>,
    period_id: String,
    expert_id: Option<String>,
) -> CmdResult<AssessmentSheet> {
    state.run(move |l| l.grade_assessment(&period_id, expert_id.as_deref())).await
}

/// Writes 年度考核汇总表 or the 考核表 (`.xlsx`, chosen in the save dialog) as an export: `export-progress` events for
/// `job_id`, [`cancel_export`] stops it leaving no file, [`reveal_export`] shows it.
#[tauri::command]
pub async fn export_assessment<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    jobs: State<'_, ExportJobs>,
    request: AssessmentExportRequest,
    path: String,
    job_id: String,
) -> CmdResult<ExportReport> {
    let out = checked(&state, &path, &["xlsx"], PathUse::Write)?;
    exports::run_with(app, &state, &jobs, out, job_id, move |l, to, p| l.export_assessment(&request, to, p)).await
}

/// Whether the demo ledger (示例数据) is open in place of the person's own.
#[tauri::command]
pub fn demo_status(state: State<'_, AppState>) -> bool {
    state.is_demo()
}

/// 先看看示例数据: opens the demo ledger (its own folder, the small sample as of today on first use); refused while an
/// export, import or merge runs.
#[tauri::command]
pub async fn open_demo_ledger(
    state: State<'_, AppState>,
    exports: State<'_, ExportJobs>,
    imports: State<'_, ImportJobs>,
    exchange: State<'_, ExchangeJobs>,
) -> CmdResult<()> {
    state.open_demo(exports.is_idle() && imports.is_idle() && exchange.is_idle()).await
}

/// 返回我的台账: closes the demo ledger and opens the person's own again; refused while an export, import or merge runs.
#[tauri::command]
pub async fn close_demo_ledger(
    state: State<'_, AppState>,
    exports: State<'_, ExportJobs>,
    imports: State<'_, ImportJobs>,
    exchange: State<'_, ExchangeJobs>,
) -> CmdResult<()> {
    state.close_demo(exports.is_idle() && imports.is_idle() && exchange.is_idle()).await
}
