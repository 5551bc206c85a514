//! The TypeScript types in ui/src/api/bindings/ are generated from the Rust types by ts-rs, with `index.ts`
//! re-exporting every one of them (the UI imports its types from there). This test fails when they drift; run it
//! with `UPDATE_TS_BINDINGS=1` (or `cargo xtask bindings`) to write them again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ledger_core::exchange::{ExportPackageReport, LedgerIdentity, PackageExport, PackageScope};
use ledger_core::model::*;
use ledger_core::storage::integrity::IntegrityReport;
use ledger_core::{AppInfo, ErrorCode, ErrorPayload, FieldError};
use ts_rs::{Config, TS};

/// Every type that crosses to the UI, with its generated text.
fn generated(cfg: &Config) -> BTreeMap<PathBuf, (String, Vec<PathBuf>)> {
    let mut out = BTreeMap::new();
    macro_rules! add {
        ($($t:ty),+ $(,)?) => {$(
            out.insert(
                <$t as TS>::output_path().expect("exportable type"),
                (
                    <$t as TS>::export_to_string(cfg).expect("ts-rs renders the type"),
                    <$t as TS>::dependencies(cfg).into_iter().map(|d| d.output_path).collect(),
                ),
            );
        )+};
    }
    add!(
        AppInfo,
        AssessmentAdjustment,
        AssessmentAdjustmentInput,
        AssessmentExportKind,
        AssessmentExportRequest,
        AssessmentItem,
        AssessmentNotesInput,
        AssessmentPeriod,
        AssessmentPeriodInput,
        AssessmentRecordKind,
        AssessmentRule,
        AssessmentScheme,
        AssessmentSheet,
        AssessmentSource,
        AssessmentTier,
        ExpertAssessment,
        ExpertScore,
        Grade,
        GradeCount,
        GradeThresholds,
        GradeWording,
        ItemRecords,
        ItemScore,
        SatisfactionWeights,
        StoredAssessmentResult,
        DuplicatePolicy,
        ErrorPolicy,
        ImportColumn,
        ExportPackageReport,
        PackageExport,
        LedgerIdentity,
        PackageScope,
        MergeConflict,
        MergeCounts,
        MergeKindCounts,
        MergeOrigin,
        MergeRecord,
        MergeReport,
        ConflictResolution,
        CellCorrection,
        ImportCorrection,
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
        Page<PreviewRow>,
        PreviewQuery,
        PreviewRow,
        RowStatus,
        ExportColumn,
        ExportFormat,
        ExportKind,
        ExportProgress,
        ExportReport,
        ExportRequest,
        Paper,
        ExpertStatistics,
        MonthStatistics,
        NeedFigures,
        OrganizationStatistics,
        PeriodKind,
        RegionStatistics,
        ReportFilter,
        ReportPeriod,
        ReportSettings,
        Review,
        ReviewDecision,
        ReviewInput,
        ReviewKind,
        ReviewQueueQuery,
        ReviewQueueRow,
        ReviewSettings,
        ReviewStatus,
        ReviewTarget,
        Page<ReviewQueueRow>,
        StageCount,
        Statistics,
        VisitFigures,
        ExpertSuggestion,
        MatchInput,
        MatchReason,
        MatchReasonKind,
        Need,
        NeedBoard,
        NeedBoardColumn,
        NeedInput,
        NeedMatch,
        NeedQuery,
        NeedRow,
        NeedSortKey,
        NeedStageEvent,
        Page<NeedRow>,
        StageChangeInput,
        Assignment,
        AssignmentInput,
        AssignmentTargets,
        AssignmentTargetsInput,
        TargetFigure,
        TargetPeriod,
        BatchEndPlan,
        BatchEndPairing,
        BatchEndExpert,
        Attachment,
        AttachmentOwnerKind,
        EvidenceKind,
        Event,
        EventFigures,
        EventInput,
        EventParty,
        EventQuery,
        EventRow,
        EventType,
        EventTypeFigures,
        EvidenceMarks,
        FormKind,
        FormsRequest,
        AuditEntry,
        BackupEntry,
        StartupStatus,
        BackupNotice,
        BackupReason,
        Batch,
        BatchInput,
        Dashboard,
        Contact,
        ContactInput,
        Education,
        Enterprise,
        EnterpriseInput,
        EnterpriseOverview,
        EnterpriseQuery,
        EnterpriseRow,
        EnterpriseSortKey,
        EnterpriseSize,
        ErrorCode,
        Evaluation,
        EvaluationSummary,
        ErrorPayload,
        Expert,
        ExpertInput,
        ExpertOverview,
        ExpertQuery,
        ExpertRow,
        ExpertSortKey,
        ExpertStatus,
        ExpertTitle,
        FieldError,
        FileLeft,
        FollowUpItem,
        Gender,
        HealedAttachment,
        IdleExpertItem,
        IntegrityReport,
        MatchMethod,
        MonthFigures,
        MoveReport,
        MovedFile,
        NeedSource,
        NeedSummary,
        NeedStage,
        NeedType,
        Organization,
        OriginSummary,
        OrganizationInput,
        OrganizationKind,
        OutcomeTotals,
        Page<ExpertRow>,
        PurgeReport,
        ReconcileReport,
        RecordKind,
        RecycleBinRow,
        Satisfaction,
        Referrers,
        RestoreReport,
        SaveOutcome<Enterprise>,
        ServiceForm,
        ServiceRecord,
        ServiceRecordInput,
        ServiceRecordTemplate,
        ServiceRecordQuery,
        ServiceRecordRow,
        ServiceRecordSortKey,
        ServiceRecordSummary,
        ServiceType,
        SortOrder,
        StaleNeedItem,
        Urgency,
        FollowUpCloseInput,
        FollowUpClosure,
        FollowUpFilter,
        Visit,
        VisitInput,
        VisitMode,
        VisitParticipant,
        VisitQuery,
        VisitRow,
        VisitSortKey,
        VisitSummary,
        Workload,
    );
    out
}

/// Files of the bindings folder written by another generator (the app crate's list of commands): this test keeps
/// them, re-exports them from the index, and leaves checking their content to their own generator.
const GENERATED_ELSEWHERE: &[&str] = &["Command.ts"];

/// The barrel file of the bindings folder.
const INDEX: &str = "index.ts";

/// `index.ts`: one `export type` line per generated file, in file-name order.
fn index(types: &BTreeMap<PathBuf, (String, Vec<PathBuf>)>) -> String {
    let mut names: Vec<String> = types.keys().map(|p| p.display().to_string()).collect();
    names.extend(GENERATED_ELSEWHERE.iter().map(|n| (*n).to_owned()));
    names.sort();
    let mut text = String::from(
        "// This file was generated by src-tauri/core/tests/integration/ts_bindings.rs. Do not edit this file manually.\n",
    );
    for name in names {
        let stem = name.trim_end_matches(".ts");
        text.push_str(&format!("export type {{ {stem} }} from './{stem}'\n"));
    }
    text
}

fn bindings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/api/bindings")
}

#[test]
fn typescript_bindings_match_the_rust_types() {
    let cfg = Config::new();
    let types = generated(&cfg);
    for (path, (_, deps)) in &types {
        for dep in deps {
            assert!(
                types.contains_key(dep),
                "{} uses {}, which is missing from the list in this test",
                path.display(),
                dep.display()
            );
        }
    }
    let dir = bindings_dir();
    let mut files: BTreeMap<PathBuf, String> =
        types.iter().map(|(path, (text, _))| (path.clone(), text.clone())).collect();
    files.insert(PathBuf::from(INDEX), index(&types));
    let elsewhere = |name: &Path| GENERATED_ELSEWHERE.iter().any(|n| name == Path::new(n));
    if std::env::var_os("UPDATE_TS_BINDINGS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let keep = path.file_name().is_some_and(|n| elsewhere(Path::new(n)));
            if path.extension().is_some_and(|e| e == "ts") && !keep {
                std::fs::remove_file(path).unwrap();
            }
        }
        for (path, text) in &files {
            std::fs::write(dir.join(path), text).unwrap();
        }
        return;
    }
    let mut drift = Vec::new();
    for (path, text) in &files {
        match std::fs::read_to_string(dir.join(path)) {
            Ok(on_disk) if on_disk == *text => {}
            Ok(_) => drift.push(format!("{} differs", path.display())),
            Err(_) => drift.push(format!("{} is missing", path.display())),
        }
    }
    for entry in std::fs::read_dir(&dir).expect("ui/src/api/bindings exists") {
        let name = PathBuf::from(entry.unwrap().file_name());
        if name.extension().is_some_and(|e| e == "ts") && !files.contains_key(&name) && !elsewhere(&name) {
            drift.push(format!("{} is no longer generated from any Rust type", name.display()));
        }
    }
    assert!(
        drift.is_empty(),
        "TypeScript bindings drifted from the Rust types ({}); run `cargo xtask bindings` and commit the result",
        drift.join(", ")
    );
}
