//! The merge of exchange packages (docs/EXCHANGE.md, "Merge rules"): new records with their ids, updates from the
//! same origin, conflicts from edits on both sides and their decision, tombstones and deletions to the recycle bin,
//! matches across origins (credit code, ID number, name + phone, name), the refusal of the ledger's own package,
//! undo, and the statistics of a ledger that merged two sample ledgers.
//!
//! The packages are real ones: exported by the coordinators' ledgers (`Ledger::export_package`) and opened
//! (`open_package`) as the app and the CLI do.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use ledger_core::clock::Clock;
use ledger_core::data_folder::backup::BackupPolicy;
use ledger_core::exchange::{open_package, ExportPackageOptions, OpenedPackage};
use ledger_core::model::*;
use ledger_core::sample::{generate, Scale, FIXED_AS_OF};
use ledger_core::{CoreError, Ledger};

use crate::common::{self, rows};

const DAY: (i32, u32, u32) = (2026, 6, 15);

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(DAY.0, DAY.1, DAY.2).unwrap()
}

/// A ledger in a data folder of its own under `dir` (`dir/<stem>/<name>`), on the fixed clock, no backup at opening.
pub fn open(dir: &Path, name: &str) -> Ledger {
    let policy = BackupPolicy { clock: Clock::fixed_on(day()), daily_at_open: false, ..Default::default() };
    let folder = dir.join(name.trim_end_matches(".sqlite3"));
    std::fs::create_dir_all(&folder).unwrap();
    Ledger::open_with(&folder.join(name), policy).unwrap()
}

/// The next package of `ledger` (the first is full, later ones the changes since), written to `dir/packages/` and
/// opened.
pub fn package(ledger: &Ledger, dir: &Path, name: &str) -> OpenedPackage {
    let folder = dir.join("packages");
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join(name);
    ledger.export_package(&path, &ExportPackageOptions { full: false, password: None }).unwrap();
    open_package(&path, None).unwrap()
}

fn merge(ledger: &Ledger, package: &OpenedPackage) -> MergeReport {
    ledger.merge_package(package, &mut |_, _| {}, &AtomicBool::new(false)).unwrap()
}

fn named(ledger: &Ledger, unit: &str) {
    ledger.save_report_settings(&ReportSettings { reporting_unit: unit.into(), reporter: "填报人".into() }).unwrap();
}

fn kind(report: &MergeReport, table: &str) -> MergeCounts {
    report.kinds.iter().find(|k| k.kind == table).map(|k| k.counts).unwrap_or_default()
}

fn value(ledger: &Ledger, sql: &str) -> rusqlite::types::Value {
    ledger.database().read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?)).unwrap()
}

fn text(ledger: &Ledger, sql: &str) -> Option<String> {
    match value(ledger, sql) {
        rusqlite::types::Value::Text(t) => Some(t),
        _ => None,
    }
}

/// Every row of the record tables and the merge's own tables, as text: to show a merge changed nothing.
fn dump(ledger: &Ledger) -> Vec<String> {
    let tables = ledger_core::exchange::RECORD_TABLES.iter().chain(&[
        "origins",
        "merged_records",
        "exchange_merges",
        "exchange_merge_items",
        "exchange_conflicts",
        "audit_log",
    ]);
    let mut out = Vec::new();
    ledger
        .database()
        .read(|c| {
            for table in tables {
                let mut stmt = c.prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))?;
                let n = stmt.column_count();
                let mut q = stmt.query([])?;
                while let Some(r) = q.next()? {
                    let row: Vec<String> =
                        (0..n).map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap())).collect();
                    out.push(format!("{table}: {}", row.join("|")));
                }
            }
            Ok(())
        })
        .unwrap();
    out
}

/// A coordinator's small ledger: one unit, one batch, an expert, an enterprise with a contact, a visit and a
/// service record.
struct Coordinator {
    ledger: Ledger,
    expert: String,
    enterprise: String,
    visit: String,
    service: String,
}

fn coordinator(dir: &Path, name: &str, unit: &str, credit: u32, id_card: Option<&str>) -> Coordinator {
    let ledger = open(dir, name);
    named(&ledger, unit);
    let org = ledger
        .create_organization(&OrganizationInput {
            name: "浙江大学".into(),
            kind: Some(OrganizationKind::University),
            ..Default::default()
        })
        .unwrap();
    let mut input = common::expert("王伟", Some("13800000001"));
    input.organization_id = Some(org.id.clone());
    input.id_card = id_card.map(Into::into);
    let expert = ledger.create_expert(&input).unwrap();
    let mut e = common::enterprise("宁波某某科技有限公司", credit);
    e.contacts = vec![ContactInput { name: "李四".into(), is_primary: true, ..Default::default() }];
    let enterprise = ledger.create_enterprise(&e).unwrap().record;
    let visit = ledger
        .create_visit(&VisitInput {
            visit_date: "2026-05-10".into(),
            enterprise_id: enterprise.id.clone(),
            expert_ids: vec![expert.id.clone()],
            mode: Some(VisitMode::OnSite),
            purpose: Some("了解需求".into()),
            ..Default::default()
        })
        .unwrap();
    let service = ledger
        .create_service_record(&ServiceRecordInput {
            expert_id: Some(expert.id.clone()),
            enterprise_id: Some(enterprise.id.clone()),
            start_date: Some("2026-05-11".into()),
            end_date: Some("2026-05-12".into()),
            service_days: 2.0,
            service_type: Some(ServiceType::Consulting),
            content: "工艺改进咨询".into(),
            ..Default::default()
        })
        .unwrap();
    Coordinator { expert: expert.id, enterprise: enterprise.id, visit: visit.id, service: service.id, ledger }
}

#[test]
fn a_package_comes_in_with_its_ids_and_merging_it_again_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let a = coordinator(dir.path(), "a.sqlite3", "甲县科技局", 1, None);
    a.ledger.add_attachment(AttachmentOwnerKind::Visit, &a.visit, "现场照片.jpg", b"photo").unwrap();
    let superior = open(dir.path(), "s.sqlite3");
    let pkg = package(&a.ledger, dir.path(), "a1.stlx");

    let preview = superior.preview_merge(&pkg).unwrap();
    assert!(!preview.written);
    assert_eq!(preview.totals.new, 8, "{preview:?}");
    assert_eq!(rows(&superior, "experts"), 0, "a preview writes nothing");

    let report = merge(&superior, &pkg);
    assert!(report.written && report.merge_id.is_some());
    assert_eq!((report.totals, report.origin.name.as_str()), (preview.totals, "甲县科技局"));
    assert_eq!(kind(&report, "visit_experts").new, 1);
    assert_eq!(superior.get_expert(&a.expert).unwrap().name, "王伟");
    assert_eq!(superior.get_visit(&a.visit).unwrap().experts[0].id, a.expert);
    assert_eq!(superior.get_service_record(&a.service).unwrap().stamps.revision, 1);
    let attachments = superior.list_attachments(AttachmentOwnerKind::Visit, &a.visit).unwrap();
    assert_eq!(superior.attachment_bytes(&attachments[0].id).unwrap(), b"photo");
    assert_eq!(text(&superior, "SELECT name FROM origins").as_deref(), Some("甲县科技局"));
    let search = EnterpriseQuery { search: Some("某某科技".into()), ..Default::default() };
    assert_eq!(superior.list_enterprises(&search).unwrap().total, 1, "the search index has the merged enterprise");
    assert!(superior.check_integrity().unwrap().ok);

    let before = dump(&superior);
    let again = merge(&superior, &pkg);
    assert!(!again.written && again.merge_id.is_none());
    assert_eq!(again.totals.unchanged, report.totals.new);
    assert_eq!(dump(&superior), before, "the same package twice changes nothing");
    assert_eq!(superior.list_merges().unwrap().len(), 1);
}

/// A valid resident ID number with serial `n` (check digit computed).
fn id_card(n: u32) -> String {
    let first: String = format!("11010519491231{n:03}");
    let bytes: [u8; 17] = first.as_bytes().try_into().unwrap();
    format!("{first}{}", ledger_core::validate::id_card::check_char(&bytes))
}

fn expert_input(ledger: &Ledger, id: &str, phone: &str) -> ExpertInput {
    let e = ledger.get_expert(id).unwrap();
    let mut input = common::expert(&e.name, Some(phone));
    input.organization_id = e.organization_id.clone();
    input.id_card = e.id_card.clone();
    input
}

fn service_input(ledger: &Ledger, id: &str, content: &str, days: f64) -> (i32, ServiceRecordInput) {
    let r = ledger.get_service_record(id).unwrap();
    let input = ServiceRecordInput {
        expert_id: Some(r.expert_id.clone()),
        enterprise_id: Some(r.enterprise_id.clone()),
        start_date: Some(r.start_date.clone()),
        end_date: Some(r.end_date.clone()),
        service_days: days,
        service_type: Some(r.service_type),
        content: content.into(),
        ..Default::default()
    };
    (r.stamps.revision, input)
}

#[test]
fn a_higher_revision_updates_the_copy_and_edits_on_both_sides_are_conflicts_decided_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let a = coordinator(dir.path(), "a.sqlite3", "甲县科技局", 1, None);
    let superior = open(dir.path(), "s.sqlite3");
    merge(&superior, &package(&a.ledger, dir.path(), "a1.stlx"));

    let revision = a.ledger.get_expert(&a.expert).unwrap().stamps.revision;
    a.ledger.update_expert(&a.expert, revision, &expert_input(&a.ledger, &a.expert, "13900000002")).unwrap();
    let report = merge(&superior, &package(&a.ledger, dir.path(), "a2.stlx"));
    assert_eq!(kind(&report, "experts").updated, 1, "{report:?}");
    assert_eq!(report.totals.updated, 1);
    let copy = superior.get_expert(&a.expert).unwrap();
    assert_eq!((copy.phone.as_deref(), copy.stamps.revision), (Some("13900000002"), 2));

    // Both sides edit the service record.
    let (rev, input) = service_input(&superior, &a.service, "上级核实后的内容", 2.0);
    superior.update_service_record(&a.service, rev, &input).unwrap();
    let (rev, input) = service_input(&a.ledger, &a.service, "专员补充的内容", 1.5);
    a.ledger.update_service_record(&a.service, rev, &input).unwrap();
    let pkg3 = package(&a.ledger, dir.path(), "a3.stlx");
    let report = merge(&superior, &pkg3);
    assert_eq!(kind(&report, "service_records").conflicts, 1, "{report:?}");
    let mut fields: Vec<&str> = report.conflicts.iter().map(|c| c.field.as_str()).collect();
    fields.sort();
    assert_eq!(fields, ["content", "service_days"]);
    let kept = superior.get_service_record(&a.service).unwrap();
    assert_eq!(kept.content.as_deref(), Some("上级核实后的内容"), "the local value stays until someone decides");

    let open_conflicts = superior.list_conflicts().unwrap();
    assert_eq!(open_conflicts.len(), 2);
    assert!(open_conflicts.iter().all(|c| c.kind == "service_records" && c.origin.name == "甲县科技局"));
    let content = open_conflicts.iter().find(|c| c.field == "content").unwrap();
    assert_eq!(content.local, serde_json::json!("上级核实后的内容"));
    assert_eq!(content.incoming, serde_json::json!("专员补充的内容"));
    superior.resolve_conflict(&content.id, ConflictResolution::TakeIncoming).unwrap();
    let days = open_conflicts.iter().find(|c| c.field == "service_days").unwrap();
    superior.resolve_conflict(&days.id, ConflictResolution::KeepLocal).unwrap();
    let decided = superior.get_service_record(&a.service).unwrap();
    assert_eq!((decided.content.as_deref(), decided.service_days), (Some("专员补充的内容"), 2.0));
    assert_eq!(decided.stamps.revision, kept.stamps.revision + 1);
    assert!(superior.list_conflicts().unwrap().is_empty());
    let err = superior.resolve_conflict(&days.id, ConflictResolution::TakeIncoming).unwrap_err();
    assert_eq!(err.code(), "not_found", "a conflict is decided once");

    // The same package again: nothing new to decide.
    assert!(!merge(&superior, &pkg3).written);
    assert!(superior.list_conflicts().unwrap().is_empty());
}

#[test]
fn a_deletion_or_a_tombstone_moves_the_copy_to_the_recycle_bin_unless_it_was_edited_here() {
    let dir = tempfile::tempdir().unwrap();
    let a = coordinator(dir.path(), "a.sqlite3", "甲县科技局", 1, None);
    let superior = open(dir.path(), "s.sqlite3");
    merge(&superior, &package(&a.ledger, dir.path(), "a1.stlx"));

    a.ledger.delete_record(RecordKind::ServiceRecord, &a.service, true).unwrap();
    let report = merge(&superior, &package(&a.ledger, dir.path(), "a2.stlx"));
    assert_eq!(kind(&report, "service_records").updated, 1);
    let sql = format!("SELECT deleted_at FROM service_records WHERE id = '{}'", a.service);
    assert!(text(&superior, &sql).is_some(), "in the recycle bin, not removed");

    // A second visit; the superior edits the first; then the origin purges both.
    let second = a
        .ledger
        .create_visit(&VisitInput {
            visit_date: "2026-05-20".into(),
            enterprise_id: a.enterprise.clone(),
            expert_ids: vec![a.expert.clone()],
            mode: Some(VisitMode::Phone),
            ..Default::default()
        })
        .unwrap()
        .id;
    merge(&superior, &package(&a.ledger, dir.path(), "a3.stlx"));
    let visit = superior.get_visit(&a.visit).unwrap();
    let input = VisitInput {
        visit_date: visit.visit_date.clone(),
        enterprise_id: visit.enterprise_id.clone(),
        expert_ids: vec![a.expert.clone()],
        mode: Some(visit.mode),
        purpose: Some("上级补充的目的".into()),
        ..Default::default()
    };
    superior.update_visit(&a.visit, visit.stamps.revision, &input).unwrap();
    for id in [&a.visit, &second] {
        a.ledger.delete_record(RecordKind::Visit, id, true).unwrap();
        a.ledger.purge(RecordKind::Visit, id).unwrap();
    }
    let pkg = package(&a.ledger, dir.path(), "a4.stlx");
    assert_eq!(pkg.manifest().counts["tombstones"], 2);
    let report = merge(&superior, &pkg);
    assert_eq!((kind(&report, "visits").updated, kind(&report, "visits").conflicts), (1, 1), "{report:?}");
    assert!(text(&superior, &format!("SELECT deleted_at FROM visits WHERE id = '{second}'")).is_some());
    assert!(text(&superior, &format!("SELECT deleted_at FROM visits WHERE id = '{}'", a.visit)).is_none());
    let conflict = &superior.list_conflicts().unwrap()[0];
    assert_eq!((conflict.kind.as_str(), conflict.field.as_str()), ("visits", "deleted_at"));
    assert_eq!(rows(&superior, "visits"), 2, "nothing is physically deleted");
}

#[test]
fn one_enterprise_expert_and_unit_across_two_origins_with_both_origins_records_pointing_at_them() {
    let dir = tempfile::tempdir().unwrap();
    let id = id_card(7);
    let a = coordinator(dir.path(), "a.sqlite3", "甲县科技局", 7, Some(&id));
    let b = coordinator(dir.path(), "b.sqlite3", "乙县科技局", 7, Some(&id));
    common::exec(&b.ledger, &format!("UPDATE enterprises SET address = '乙县工业园' WHERE id = '{}'", b.enterprise));
    let superior = open(dir.path(), "s.sqlite3");
    merge(&superior, &package(&a.ledger, dir.path(), "a1.stlx"));
    let report = merge(&superior, &package(&b.ledger, dir.path(), "b1.stlx"));

    assert_eq!(kind(&report, "organizations").matched, 1, "{report:?}");
    assert_eq!(kind(&report, "experts").matched, 1);
    assert_eq!(kind(&report, "enterprises").conflicts, 1);
    assert_eq!(report.conflicts.len(), 1);
    assert_eq!(
        (report.conflicts[0].field.as_str(), report.conflicts[0].entity_id.as_str()),
        ("address", a.enterprise.as_str())
    );
    assert_eq!(
        (rows(&superior, "organizations"), rows(&superior, "experts"), rows(&superior, "enterprises")),
        (1, 1, 1)
    );
    assert_eq!((rows(&superior, "visits"), rows(&superior, "service_records")), (2, 2));
    let b_visit = superior.get_visit(&b.visit).unwrap();
    assert_eq!(
        (b_visit.enterprise_id.as_str(), b_visit.experts[0].id.as_str()),
        (a.enterprise.as_str(), a.expert.as_str())
    );
    let b_service = superior.get_service_record(&b.service).unwrap();
    assert_eq!(
        (b_service.enterprise_id.as_str(), b_service.expert_id.as_str()),
        (a.enterprise.as_str(), a.expert.as_str())
    );
    let primaries = value(&superior, "SELECT COUNT(*) FROM enterprise_contacts WHERE is_primary = 1");
    assert_eq!((rows(&superior, "enterprise_contacts"), primaries), (2, rusqlite::types::Value::Integer(1)));
    assert!(superior.check_integrity().unwrap().ok);

    // B's next package still points at the one enterprise.
    let revision = b.ledger.get_service_record(&b.service).unwrap().stamps.revision;
    let (_, input) = service_input(&b.ledger, &b.service, "乙县第二次服务", 2.0);
    b.ledger.update_service_record(&b.service, revision, &input).unwrap();
    let report = merge(&superior, &package(&b.ledger, dir.path(), "b2.stlx"));
    assert_eq!(kind(&report, "service_records").updated, 1, "{report:?}");
    assert_eq!(superior.get_service_record(&b.service).unwrap().enterprise_id, a.enterprise);
}

#[test]
fn experts_match_by_id_number_else_by_name_and_phone() {
    let dir = tempfile::tempdir().unwrap();
    let a = coordinator(dir.path(), "a.sqlite3", "甲", 1, Some(&id_card(1)));
    let b = coordinator(dir.path(), "b.sqlite3", "乙", 2, Some(&id_card(2)));
    let c = coordinator(dir.path(), "c.sqlite3", "丙", 3, None);
    let superior = open(dir.path(), "s.sqlite3");
    merge(&superior, &package(&a.ledger, dir.path(), "a.stlx"));
    let report = merge(&superior, &package(&b.ledger, dir.path(), "b.stlx"));
    assert_eq!(kind(&report, "experts").new, 1, "two ID numbers are two people, whatever the name and phone");
    assert_eq!(rows(&superior, "experts"), 2);

    let d = coordinator(dir.path(), "d.sqlite3", "丁", 4, None);
    let superior = open(dir.path(), "s2.sqlite3");
    merge(&superior, &package(&c.ledger, dir.path(), "c.stlx"));
    let report = merge(&superior, &package(&d.ledger, dir.path(), "d.stlx"));
    assert_eq!(kind(&report, "experts").matched + kind(&report, "experts").conflicts, 1, "{report:?}");
    assert_eq!(rows(&superior, "experts"), 1);
    assert_eq!(superior.get_service_record(&d.service).unwrap().expert_id, c.expert);
}

#[test]
fn units_and_batches_match_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let a = coordinator(dir.path(), "a.sqlite3", "甲", 1, None);
    let b = coordinator(dir.path(), "b.sqlite3", "乙", 2, None);
    for l in [&a.ledger, &b.ledger] {
        l.create_batch(&BatchInput { name: "2026年第一批".into(), year: Some(2026), ..Default::default() }).unwrap();
    }
    let superior = open(dir.path(), "s.sqlite3");
    merge(&superior, &package(&a.ledger, dir.path(), "a.stlx"));
    let report = merge(&superior, &package(&b.ledger, dir.path(), "b.stlx"));
    assert_eq!((kind(&report, "organizations").matched, kind(&report, "batches").matched), (1, 1), "{report:?}");
    assert_eq!((rows(&superior, "organizations"), rows(&superior, "batches")), (1, 1));
}

#[test]
fn the_ledgers_own_package_is_refused_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let a = coordinator(dir.path(), "a.sqlite3", "甲", 1, None);
    let own = package(&a.ledger, dir.path(), "own.stlx");
    let before = dump(&a.ledger);
    let backups = std::fs::read_dir(dir.path().join("backups")).map(|d| d.count()).unwrap_or(0);
    let err = a.ledger.merge_package(&own, &mut |_, _| {}, &AtomicBool::new(false)).unwrap_err();
    assert!(matches!(err, CoreError::OwnPackage { .. }), "{err:?}");
    assert_eq!(err.code(), "own_package");
    assert!(err.message_zh().contains("这是本台账导出的交换包"));
    assert!(matches!(a.ledger.preview_merge(&own).unwrap_err(), CoreError::OwnPackage { .. }));
    assert_eq!(dump(&a.ledger), before);
    assert_eq!(std::fs::read_dir(dir.path().join("backups")).map(|d| d.count()).unwrap_or(0), backups, "no backup");
}

#[test]
fn a_merge_is_undone_as_a_whole_only_while_its_records_are_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let a = coordinator(dir.path(), "a.sqlite3", "甲", 1, None);
    a.ledger.add_attachment(AttachmentOwnerKind::ServiceRecord, &a.service, "确认单.pdf", b"%PDF-1.4").unwrap();
    let superior = open(dir.path(), "s.sqlite3");
    let pkg = package(&a.ledger, dir.path(), "a1.stlx");
    let first = merge(&superior, &pkg).merge_id.unwrap();

    let revision = a.ledger.get_expert(&a.expert).unwrap().stamps.revision;
    a.ledger.update_expert(&a.expert, revision, &expert_input(&a.ledger, &a.expert, "13900000002")).unwrap();
    let second = merge(&superior, &package(&a.ledger, dir.path(), "a2.stlx")).merge_id.unwrap();
    let err = superior.undo_merge(&first).unwrap_err();
    assert_eq!(err.code(), "unsupported", "the expert changed since the first merge: {err:?}");

    let undone = superior.undo_merge(&second).unwrap();
    assert!(undone.undone_at.is_some());
    assert_eq!(superior.get_expert(&a.expert).unwrap().phone.as_deref(), Some("13800000001"));
    let stored: String = text(&superior, "SELECT stored_path FROM attachments").unwrap();
    assert!(dir.path().join("s").join(&stored).exists());
    superior.undo_merge(&first).unwrap();
    for table in ledger_core::exchange::RECORD_TABLES {
        assert_eq!(rows(&superior, table), 0, "{table}");
    }
    assert_eq!(rows(&superior, "merged_records"), 0);
    assert!(!dir.path().join("s").join(&stored).exists(), "the merged attachment's file goes with its row");
    assert_eq!(superior.undo_merge(&first).unwrap_err().code(), "unsupported", "undone once");
    assert!(superior.check_integrity().unwrap().ok);

    // Undone, the package comes in again as new.
    assert_eq!(merge(&superior, &pkg).totals.new, 8);
}

#[test]
fn a_ledger_that_merged_two_sample_ledgers_counts_the_sum_of_the_parts_and_shared_enterprises_once() {
    let dir = tempfile::tempdir().unwrap();
    let parts: Vec<Ledger> = [(11_u64, "a.sqlite3", "甲"), (12, "b.sqlite3", "乙")]
        .iter()
        .map(|(seed, file, unit)| {
            let l = open(dir.path(), file);
            generate(l.database(), *seed, Scale::Small, FIXED_AS_OF).unwrap();
            named(&l, unit);
            l
        })
        .collect();
    // One enterprise of B takes the credit code of one of A's: the two become one at the superior.
    let shared: String = text(&parts[0], "SELECT credit_code FROM enterprises ORDER BY id LIMIT 1").unwrap();
    common::exec(&parts[1], &format!("UPDATE enterprises SET credit_code = '{shared}' WHERE id = (SELECT id FROM enterprises ORDER BY id LIMIT 1)"));
    let superior = open(dir.path(), "s.sqlite3");
    for (i, part) in parts.iter().enumerate() {
        merge(&superior, &package(part, dir.path(), &format!("p{i}.stlx")));
    }
    let filter = ReportFilter {
        period: "2020-01-01..2026-06-15".into(),
        region: None,
        organization_id: None,
        batch_id: None,
        origins: None,
        reviewed_only: None,
    };
    let s = superior.statistics(&filter).unwrap();
    let a = parts[0].statistics(&filter).unwrap();
    let b = parts[1].statistics(&filter).unwrap();
    assert_eq!(s.outcomes.records, a.outcomes.records + b.outcomes.records);
    assert_eq!(s.outcomes.service_days, a.outcomes.service_days + b.outcomes.service_days);
    let figures = |o: &OutcomeTotals| serde_json::to_value(o.outcomes).unwrap().as_object().unwrap().clone();
    for (key, total) in figures(&s.outcomes) {
        let part = |o: &OutcomeTotals| figures(o)[&key].as_f64().unwrap();
        assert_eq!(total.as_f64().unwrap(), part(&a.outcomes) + part(&b.outcomes), "{key}");
    }
    assert_eq!(s.visits.visits, a.visits.visits + b.visits.visits);
    assert_eq!(s.visits.person_visits, a.visits.person_visits + b.visits.person_visits);
    assert_eq!(s.experts_served, a.experts_served + b.experts_served);
    let both_served = |l: &Ledger| -> i64 {
        match value(l, &format!("SELECT COUNT(*) FROM service_records r JOIN enterprises e ON e.id = r.enterprise_id WHERE e.credit_code = '{shared}' AND r.deleted_at IS NULL")) {
            rusqlite::types::Value::Integer(n) => n,
            _ => 0,
        }
    };
    let shared_served = u32::from(both_served(&parts[0]) > 0 && both_served(&parts[1]) > 0);
    assert_eq!(s.enterprises_served, a.enterprises_served + b.enterprises_served - shared_served);
    assert_eq!(rows(&superior, "enterprises"), rows(&parts[0], "enterprises") + rows(&parts[1], "enterprises") - 1);
}

/// The files under a data folder's `attachments/`.
fn attachment_files(folder: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for year in std::fs::read_dir(folder.join("attachments")).into_iter().flatten().flatten() {
        out.extend(std::fs::read_dir(year.path()).unwrap().flatten().map(|f| f.path()));
    }
    out
}

#[test]
fn a_cancelled_merge_writes_nothing_not_even_a_file_and_a_merge_is_backed_up_first_with_its_progress_heard() {
    let dir = tempfile::tempdir().unwrap();
    let a = open(dir.path(), "a.sqlite3");
    generate(a.database(), 5, Scale::Small, FIXED_AS_OF).unwrap();
    let visit: String = text(&a, "SELECT id FROM visits LIMIT 1").unwrap();
    a.add_attachment(AttachmentOwnerKind::Visit, &visit, "现场照片.jpg", b"photo").unwrap();
    let superior = open(dir.path(), "s.sqlite3");
    let pkg = package(&a, dir.path(), "a1.stlx");
    let before = dump(&superior);

    let cancel = AtomicBool::new(false);
    let mut heard = Vec::new();
    let err = superior
        .merge_package(
            &pkg,
            &mut |done, total| {
                heard.push((done, total));
                if done >= 1000 {
                    cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            },
            &cancel,
        )
        .unwrap_err();
    assert_eq!(err.code(), "cancelled");
    assert_eq!(dump(&superior), before, "nothing written");
    assert!(attachment_files(&dir.path().join("s")).is_empty(), "no attachment file left");
    assert!(heard.len() >= 2 && heard[0].0 == 0, "{heard:?}");

    let backups = || {
        std::fs::read_dir(dir.path().join("s").join("backups"))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|f| f.file_name().to_string_lossy().contains("-import-"))
            .count()
    };
    let made = backups();
    let mut last = (0, 0);
    let report =
        superior.merge_package(&pkg, &mut |done, total| last = (done, total), &AtomicBool::new(false)).unwrap();
    assert!(report.written);
    assert_eq!(backups(), made + 1, "a backup before the merge");
    assert_eq!(last.0, last.1, "the last report is the whole package");
    assert_eq!(attachment_files(&dir.path().join("s")).len(), 1);
}

#[test]
fn an_encrypted_superior_seals_the_merged_attachment_files() {
    use ledger_core::data_folder::password::PasswordOptions;
    use ledger_core::storage::crypto::{KdfParams, Secret};
    let dir = tempfile::tempdir().unwrap();
    let a = coordinator(dir.path(), "a.sqlite3", "甲", 1, None);
    a.ledger.add_attachment(AttachmentOwnerKind::Visit, &a.visit, "现场照片.jpg", b"plain photo bytes").unwrap();
    let pkg = package(&a.ledger, dir.path(), "a1.stlx");
    let path = dir.path().join("s").join("s.sqlite3");
    drop(open(dir.path(), "s.sqlite3"));
    let options = PasswordOptions {
        kdf: KdfParams::cheap_for_tests(),
        backups: BackupPolicy { daily_at_open: false, ..Default::default() },
        stop_after: None,
    };
    let secret = Secret::new("上级 password");
    Ledger::set_password_with(&path, &secret, &options).unwrap();
    let superior = Ledger::open_with_secret(&path, options.backups.clone(), Some(&secret)).unwrap();
    merge(&superior, &pkg);
    let files = attachment_files(&dir.path().join("s"));
    assert_eq!(files.len(), 1);
    let stored = std::fs::read(&files[0]).unwrap();
    assert!(stored.starts_with(ledger_core::storage::crypto::file::MAGIC), "sealed under the ledger's key");
    let id: String = text(&superior, "SELECT id FROM attachments").unwrap();
    assert_eq!(std::fs::read(superior.attachment_for_viewer(&id).unwrap()).unwrap(), b"plain photo bytes");
}

#[test]
fn what_a_ledger_merged_travels_on_in_its_own_changes_packages() {
    let dir = tempfile::tempdir().unwrap();
    let a = coordinator(dir.path(), "a.sqlite3", "甲县科技局", 1, None);
    let city = open(dir.path(), "city.sqlite3");
    named(&city, "某市科技局");
    let province = open(dir.path(), "province.sqlite3");
    merge(&city, &package(&a.ledger, dir.path(), "a1.stlx"));
    merge(&province, &package(&city, dir.path(), "city1.stlx"));
    assert_eq!(province.get_expert(&a.expert).unwrap().name, "王伟", "the record keeps its id on the way up");

    let revision = a.ledger.get_expert(&a.expert).unwrap().stamps.revision;
    a.ledger.update_expert(&a.expert, revision, &expert_input(&a.ledger, &a.expert, "13900000002")).unwrap();
    merge(&city, &package(&a.ledger, dir.path(), "a2.stlx"));
    let changes = package(&city, dir.path(), "city2.stlx");
    assert_eq!(changes.manifest().counts["experts"], 1, "{:?}", changes.manifest().counts);
    assert_eq!(changes.manifest().counts["service_records"], 0);
    let report = merge(&province, &changes);
    assert_eq!(kind(&report, "experts").updated, 1, "{report:?}");
    assert_eq!(province.get_expert(&a.expert).unwrap().phone.as_deref(), Some("13900000002"));
}

#[test]
fn a_merged_sample_ledger_is_undone_whole_with_its_needs_stage_events_and_matches() {
    let dir = tempfile::tempdir().unwrap();
    let a = open(dir.path(), "a.sqlite3");
    generate(a.database(), 21, Scale::Small, FIXED_AS_OF).unwrap();
    let superior = open(dir.path(), "s.sqlite3");
    let report = merge(&superior, &package(&a, dir.path(), "a1.stlx"));
    assert!(rows(&superior, "need_stage_events") > 0 && rows(&superior, "need_matches") > 0);
    assert_eq!(rows(&superior, "service_records"), rows(&a, "service_records"));
    superior.undo_merge(&report.merge_id.unwrap()).unwrap();
    for table in ledger_core::exchange::RECORD_TABLES {
        assert_eq!(rows(&superior, table), 0, "{table}");
    }
    assert!(superior.check_integrity().unwrap().ok);
}

#[test]
fn an_undo_is_refused_with_nothing_changed_while_a_record_added_since_points_at_a_merged_one() {
    let dir = tempfile::tempdir().unwrap();
    let a = coordinator(dir.path(), "a.sqlite3", "甲", 1, None);
    let superior = open(dir.path(), "s.sqlite3");
    let merged = merge(&superior, &package(&a.ledger, dir.path(), "a1.stlx")).merge_id.unwrap();
    superior
        .create_visit(&VisitInput {
            visit_date: "2026-06-01".into(),
            enterprise_id: a.enterprise.clone(),
            expert_ids: vec![a.expert.clone()],
            mode: Some(VisitMode::Online),
            ..Default::default()
        })
        .unwrap();
    let before = dump(&superior);
    let err = superior.undo_merge(&merged).unwrap_err();
    assert_eq!(err.code(), "unsupported", "{err:?}");
    assert!(err.message_zh().contains("不能整体撤销"));
    assert_eq!(dump(&superior), before);
}

/// The coordinator's visit with a follow-up date (2026-05-20, overdue on the fixed day).
fn with_follow_up(a: &Coordinator) -> Visit {
    let v = a.ledger.get_visit(&a.visit).unwrap();
    let input = VisitInput {
        visit_date: v.visit_date.clone(),
        enterprise_id: v.enterprise_id.clone(),
        expert_ids: vec![a.expert.clone()],
        mode: Some(v.mode),
        purpose: v.purpose.clone(),
        follow_up_date: Some("2026-05-20".into()),
        ..Default::default()
    };
    a.ledger.update_visit(&a.visit, v.stamps.revision, &input).unwrap()
}

fn close_follow_up(ledger: &Ledger, visit: &str, note: &str) -> Visit {
    let revision = ledger.get_visit(visit).unwrap().stamps.revision;
    ledger
        .close_follow_up(&FollowUpCloseInput { visit_id: visit.into(), expected_revision: revision, note: note.into() })
        .unwrap()
}

#[test]
fn a_follow_up_closed_with_a_note_travels_in_a_changes_package_and_closures_on_both_sides_are_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let a = coordinator(dir.path(), "a.sqlite3", "甲县科技局", 1, None);
    with_follow_up(&a);
    let superior = open(dir.path(), "s.sqlite3");
    merge(&superior, &package(&a.ledger, dir.path(), "a1.stlx"));
    assert_eq!(superior.dashboard().unwrap().follow_ups_overdue.total, 1, "overdue at the superior too");

    let closed = close_follow_up(&a.ledger, &a.visit, "电话回访");
    let pkg = package(&a.ledger, dir.path(), "a2.stlx");
    assert_eq!(pkg.manifest().counts.get("visits"), Some(&1), "the closure is a change of the visit");
    let report = merge(&superior, &pkg);
    assert_eq!(kind(&report, "visits").updated, 1, "{report:?}");
    let copy = superior.get_visit(&a.visit).unwrap();
    assert_eq!(copy.follow_up_closure, closed.follow_up_closure, "the note, the day and who closed it");
    assert_eq!(superior.dashboard().unwrap().follow_ups_overdue.total, 0);
    let overdue = VisitQuery { follow_up: Some(FollowUpFilter::Overdue), ..Default::default() };
    assert_eq!(superior.list_visits(&overdue).unwrap().total, 0, "the superior's list agrees");

    // The superior reopens it; the coordinator reopens and closes it with another note: each differing field of
    // the closure waits in 待处理冲突, the local value kept.
    superior.reopen_follow_up(&a.visit, copy.stamps.revision).unwrap();
    let reopened = a.ledger.reopen_follow_up(&a.visit, closed.stamps.revision).unwrap();
    close_follow_up(&a.ledger, &reopened.id, "无需跟进");
    let report = merge(&superior, &package(&a.ledger, dir.path(), "a3.stlx"));
    let mut fields: Vec<&str> = report.conflicts.iter().map(|c| c.field.as_str()).collect();
    fields.sort();
    assert_eq!(fields, ["follow_up_closed_by", "follow_up_closed_on", "follow_up_note"], "{report:?}");
    assert!(superior.get_visit(&a.visit).unwrap().follow_up_closure.is_none(), "the local value stays");
    let note = superior.list_conflicts().unwrap().into_iter().find(|c| c.field == "follow_up_note").unwrap();
    assert_eq!(note.incoming, serde_json::json!("无需跟进"));
    superior.resolve_conflict(&note.id, ConflictResolution::TakeIncoming).unwrap();
    assert_eq!(text(&superior, "SELECT follow_up_note FROM visits").as_deref(), Some("无需跟进"));
}
