//! 交换包: the package a ledger exports (docs/EXCHANGE.md) — every kind of record, attachments with their files and
//! the need stage history travel row for row, from a plain and from an encrypted ledger; the reader refuses what is
//! not a package, a damaged one and a newer one, an encrypted one without (or with the wrong) password; the first
//! package is full, the next holds only what changed, with what it points at and the tombstones of what was purged;
//! a write that fails or is refused leaves no file and no record of a package.

use crate::common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ledger_core::clock::Clock;
use ledger_core::data_folder::backup::BackupPolicy;
use ledger_core::data_folder::password::PasswordOptions;
use ledger_core::exchange::canonical::{blob_sum, TableShape};
use ledger_core::exchange::export::{ExportPackageOptions, ExportPackageReport};
use ledger_core::exchange::{open_package, OpenedPackage, PackageScope, RECORD_TABLES};
use ledger_core::model::*;
use ledger_core::sample::{self, Scale};
use ledger_core::storage::crypto::{KdfParams, Secret};
use ledger_core::storage::migrations::LATEST_VERSION;
use ledger_core::{CoreError, ErrorCode, Ledger};
use rusqlite::types::Value;
use rusqlite::Connection;

const PASSWORD: &str = "交换 password 2026";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 18).unwrap()
}

fn policy() -> BackupPolicy {
    BackupPolicy { clock: Clock::fixed_on(day()), daily_at_open: false, ..BackupPolicy::default() }
}

fn open(path: &Path, secret: Option<&str>) -> Ledger {
    Ledger::open_with_secret(path, policy(), secret.map(Secret::new).as_ref()).unwrap()
}

fn plain() -> ExportPackageOptions {
    ExportPackageOptions::default()
}

fn with_password(password: &str) -> ExportPackageOptions {
    ExportPackageOptions { full: false, password: Some(Secret::new(password)) }
}

/// The ids of the records [`fill`] made.
struct Filled {
    expert: String,
    enterprise: String,
    visit: String,
    need: String,
    service: String,
    photo: Vec<u8>,
    scan: Vec<u8>,
}

fn photo(n: u8) -> Vec<u8> {
    let mut bytes = PNG.to_vec();
    bytes.extend(format!("现场照片 {n} ").repeat(40).into_bytes());
    bytes
}

/// One record of every kind, through the ledger's own operations: a unit and a batch, two experts, an enterprise
/// with two contacts, a pairing, a visit with both experts, a need moved to 对接 (stage history and a match), a
/// service record on it, and an attachment on the visit and on the record.
fn fill(ledger: &Ledger, n: u32) -> Filled {
    let org = ledger
        .create_organization(&OrganizationInput {
            name: format!("浙江工业大学{n}"),
            kind: Some(OrganizationKind::University),
            ..Default::default()
        })
        .unwrap();
    let batch = ledger
        .create_batch(&BatchInput { name: format!("2026年第{n}批"), year: Some(2026), ..Default::default() })
        .unwrap();
    let wang = ledger
        .create_expert(&ExpertInput {
            organization_id: Some(org.id.clone()),
            batch_id: Some(batch.id.clone()),
            id_card: Some("110101199003077774".into()),
            ..common::expert(&format!("王建国{n}"), Some(&format!("1380000{n:04}")))
        })
        .unwrap();
    let li = ledger.create_expert(&common::expert(&format!("李晓梅{n}"), None)).unwrap();
    let firm = ledger
        .create_enterprise(&EnterpriseInput {
            contacts: vec![
                ContactInput {
                    name: "陈经理".into(),
                    phone: Some("13900001111".into()),
                    is_primary: true,
                    ..Default::default()
                },
                ContactInput { name: "周工".into(), ..Default::default() },
            ],
            ..common::enterprise(&format!("宁波甬达精密模具有限公司{n}"), 7000 + n)
        })
        .unwrap()
        .record;
    ledger
        .create_assignment(&AssignmentInput {
            expert_id: wang.id.clone(),
            enterprise_id: firm.id.clone(),
            batch_id: Some(batch.id.clone()),
            start_date: "2026-01-05".into(),
            ..Default::default()
        })
        .unwrap();
    let visit = ledger
        .create_visit(&VisitInput {
            visit_date: "2026-03-02".into(),
            enterprise_id: firm.id.clone(),
            expert_ids: vec![wang.id.clone(), li.id.clone()],
            mode: Some(VisitMode::OnSite),
            ..Default::default()
        })
        .unwrap();
    let need = ledger
        .create_need(&NeedInput {
            enterprise_id: firm.id.clone(),
            visit_id: Some(visit.id.clone()),
            title: "模具钢热处理变形".into(),
            need_type: Some(NeedType::TechBreakthrough),
            refined_problem: Some("热处理后变形超差".into()),
            ..Default::default()
        })
        .unwrap();
    let need = ledger.change_need_stage(
        &need.id,
        need.stamps.revision,
        &StageChangeInput { to: Some(NeedStage::Refined), ..Default::default() },
    );
    let need = need.unwrap();
    let need = ledger
        .change_need_stage(
            &need.id,
            need.stamps.revision,
            &StageChangeInput {
                to: Some(NeedStage::Matched),
                new_match: Some(MatchInput {
                    expert_id: wang.id.clone(),
                    method: Some(MatchMethod::Assigned),
                    ..Default::default()
                }),
                note: Some("指派王工".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let service = ledger
        .create_service_record(&ServiceRecordInput {
            expert_id: Some(wang.id.clone()),
            enterprise_id: Some(firm.id.clone()),
            need_id: Some(need.id.clone()),
            start_date: Some("2026-03-03".into()),
            end_date: Some("2026-03-04".into()),
            service_days: 1.5,
            service_type: Some(ServiceType::TechBreakthrough),
            content: "现场调试热处理炉温曲线".into(),
            outcomes: OutcomesInput { contract_amount: "12.5".into(), ..Default::default() },
            ..Default::default()
        })
        .unwrap();
    let photo = photo(n as u8);
    let scan = format!("%PDF-1.4 服务确认单 {n}").into_bytes();
    ledger.add_attachment(AttachmentOwnerKind::Visit, &visit.id, "现场.png", &photo).unwrap();
    ledger.add_attachment(AttachmentOwnerKind::ServiceRecord, &service.id, "确认单.pdf", &scan).unwrap();
    Filled { expert: wang.id, enterprise: firm.id, visit: visit.id, need: need.id, service: service.id, photo, scan }
}

/// The rows of `schema.table` in primary-key order, the columns of the ledger's table only.
fn table_rows(conn: &Connection, schema: &str, table: &str) -> Vec<Vec<Value>> {
    let shape = TableShape::read(conn, "main", table).unwrap().unwrap();
    let sql = format!("SELECT {} FROM {schema}.{table} {}", shape.column_list(), shape.order_by());
    let mut stmt = conn.prepare(&sql).unwrap();
    let width = shape.columns.len();
    stmt.query_map([], |r| (0..width).map(|i| r.get::<_, Value>(i)).collect()).unwrap().map(Result::unwrap).collect()
}

/// Runs `f` on the ledger's reader with the package attached as `pkg`.
fn with_attached<T>(ledger: &Ledger, package: &OpenedPackage, f: impl FnOnce(&Connection) -> T) -> T {
    ledger
        .database()
        .read(|c| {
            package.attach(c, "pkg")?;
            let value = f(c);
            package.detach(c, "pkg")?;
            Ok(value)
        })
        .unwrap()
}

/// Every record table of the package equals the ledger's, row for row; the attachments' content is their file.
fn assert_same_as_ledger(ledger: &Ledger, package: &OpenedPackage, files: &[&[u8]]) {
    with_attached(ledger, package, |c| {
        for table in RECORD_TABLES {
            let ledger_rows = table_rows(c, "main", table);
            assert!(!ledger_rows.is_empty(), "{table} has rows to compare");
            assert_eq!(table_rows(c, "pkg", table), ledger_rows, "{table}");
            assert_eq!(package.manifest().counts[*table], ledger_rows.len() as i64, "{table}");
        }
        let mut stmt = c.prepare("SELECT sha256, content FROM pkg.attachments ORDER BY id").unwrap();
        let carried: Vec<(String, Vec<u8>)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
        for file in files {
            assert!(carried.iter().any(|(sum, content)| content == file && *sum == blob_sum(file)), "a file travels");
        }
        assert!(carried.iter().all(|(sum, content)| *sum == blob_sum(content)));
    });
}

fn exported(ledger: &Ledger, out: &Path, options: &ExportPackageOptions) -> ExportPackageReport {
    ledger.export_package(out, options).unwrap_or_else(|e| panic!("export: {e:?}"))
}

fn code(e: &CoreError) -> ErrorCode {
    e.code()
}

fn exports(ledger: &Ledger) -> i64 {
    common::rows(ledger, "exchange_exports")
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

struct Setup {
    _dir: tempfile::TempDir,
    data: PathBuf,
    out: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    Setup { data, out, _dir: dir }
}

#[test]
fn a_plain_ledger_travels_whole_with_its_files_and_stage_history() {
    let s = setup();
    let ledger = open(&s.data.join("ledger.sqlite3"), None);
    sample::generate(ledger.database(), 7, Scale::Small, sample::FIXED_AS_OF).unwrap();
    let filled = fill(&ledger, 1);
    ledger
        .save_report_settings(&ReportSettings {
            reporting_unit: "宁波市科技局".into(), reporter: "张三".into()
        })
        .unwrap();
    let out = s.out.join("宁波 2026-03.stlx");
    let report = exported(&ledger, &out, &plain());
    assert_eq!((report.package_seq, report.scope, report.since_seq), (1, PackageScope::Full, None));
    assert!(!report.encrypted && report.missing_files.is_empty());
    assert_eq!(report.bytes, std::fs::metadata(&out).unwrap().len());
    assert!(std::fs::read(&out).unwrap().starts_with(b"SQLite format 3\0"), "a plain package");
    assert_eq!(names(&s.out), ["宁波 2026-03.stlx"], "nothing beside it");

    let package = open_package(&out, None).unwrap();
    let m = package.manifest();
    let identity = ledger.ledger_identity().unwrap();
    assert_eq!(
        (m.origin_id.as_str(), m.origin_name.as_str(), m.reporter.as_str()),
        (identity.id.as_str(), "宁波市科技局", "张三")
    );
    assert_eq!((m.format_version, m.schema_version, m.package_seq), (1, LATEST_VERSION, 1));
    assert_eq!(m.content_hash, report.content_hash);
    assert_eq!(m.counts, report.counts);
    assert_eq!(m.counts["tombstones"], 0);
    assert!(m.created_at.starts_with("2026-03-18"), "{}", m.created_at);
    assert_same_as_ledger(&ledger, &package, &[&filled.photo, &filled.scan]);
    with_attached(&ledger, &package, |c| {
        let events: i64 = c
            .query_row("SELECT COUNT(*) FROM pkg.need_stage_events WHERE need_id = ?1", [&filled.need], |r| r.get(0))
            .unwrap();
        assert_eq!(events, 3, "created, refined, matched");
        let id_card: String =
            c.query_row("SELECT id_card FROM pkg.experts WHERE id = ?1", [&filled.expert], |r| r.get(0)).unwrap();
        assert_eq!(id_card, "110101199003077774", "personal fields travel as stored");
        let derived: i64 = c
            .query_row(
                "SELECT COUNT(*) FROM pkg.sqlite_master WHERE name LIKE '%fts%' OR name LIKE '%totals%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(derived, 0, "derived tables never travel");
        let generated: i64 = c
            .query_row(
                "SELECT COUNT(*) FROM pragma_table_info('enterprises', 'pkg') WHERE name = 'name_key'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(generated, 0, "a generated column is derived too");
    });
    let recorded: (i64, String, String, String) = ledger
        .database()
        .read(|c| {
            Ok(c.query_row("SELECT seq, scope, content_hash, file_name FROM exchange_exports", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?)
        })
        .unwrap();
    assert_eq!(recorded, (1, "full".to_owned(), report.content_hash.clone(), "宁波 2026-03.stlx".to_owned()));
}

fn password_options() -> PasswordOptions {
    PasswordOptions { kdf: KdfParams::cheap_for_tests(), backups: policy(), stop_after: None }
}

#[test]
fn an_encrypted_ledger_exports_only_an_encrypted_package_which_opens_with_its_password_alone() {
    let s = setup();
    let path = s.data.join("ledger.sqlite3");
    drop(open(&path, None));
    Ledger::set_password_with(&path, &Secret::new(PASSWORD), &password_options()).unwrap();
    let ledger = open(&path, Some(PASSWORD));
    let filled = fill(&ledger, 2);
    let out = s.out.join("加密.stlx");

    let refused = ledger.export_package(&out, &plain()).unwrap_err();
    assert_eq!(code(&refused), ErrorCode::Validation);
    assert_eq!(refused.fields()[0].field, "packagePassword");
    assert!(names(&s.out).is_empty(), "nothing written");
    assert_eq!(exports(&ledger), 0);

    let report = exported(&ledger, &out, &with_password("包的口令"));
    assert!(report.encrypted);
    let bytes = std::fs::read(&out).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3\0"));
    assert!(!bytes.windows(PNG.len()).any(|w| w == PNG), "the files are not in the clear");
    assert_eq!(code(&open_package(&out, None).unwrap_err()), ErrorCode::Locked);
    assert_eq!(code(&open_package(&out, Some(&Secret::new(PASSWORD))).unwrap_err()), ErrorCode::WrongPassword);
    let package = open_package(&out, Some(&Secret::new("包的口令"))).unwrap();
    assert!(package.is_encrypted());
    assert_same_as_ledger(&ledger, &package, &[&filled.photo, &filled.scan]);

    // Any SQLCipher 4 tool opens it with the passphrase alone (here: a bare connection, SQLCipher's defaults).
    let bare = Connection::open(&out).unwrap();
    bare.pragma_update(None, "key", "包的口令").unwrap();
    let experts: i64 = bare.query_row("SELECT COUNT(*) FROM experts", [], |r| r.get(0)).unwrap();
    assert_eq!(experts, 2);
}

#[test]
fn a_plain_ledger_may_encrypt_its_package() {
    let s = setup();
    let ledger = open(&s.data.join("ledger.sqlite3"), None);
    let filled = fill(&ledger, 3);
    let out = s.out.join("p.stlx");
    exported(&ledger, &out, &with_password("口令"));
    let package = open_package(&out, Some(&Secret::new("口令"))).unwrap();
    assert_same_as_ledger(&ledger, &package, &[&filled.photo, &filled.scan]);
    let empty = ledger.export_package(&s.out.join("q.stlx"), &with_password("")).unwrap_err();
    assert_eq!(empty.fields()[0].field, "packagePassword");
}

/// A package written by a small ledger, for the reader's refusals.
fn one_package(s: &Setup) -> (Ledger, PathBuf) {
    let ledger = open(&s.data.join("ledger.sqlite3"), None);
    fill(&ledger, 4);
    let out = s.out.join("one.stlx");
    exported(&ledger, &out, &plain());
    (ledger, out)
}

fn edit(package: &Path, sql: &str) {
    let conn = Connection::open(package).unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn a_package_changed_after_it_was_written_is_damaged() {
    let s = setup();
    let (_ledger, out) = one_package(&s);
    for (what, sql) in [
        ("a value", "UPDATE experts SET name = '张冒' WHERE rowid = 1"),
        ("a file", "UPDATE attachments SET content = x'00' WHERE rowid = 1"),
        ("a row more", "INSERT INTO tombstones VALUES ('experts', 'x', '2026-01-01')"),
        ("the counts", "UPDATE manifest SET value = '{}' WHERE key = 'counts'"),
        ("a key", "DELETE FROM manifest WHERE key = 'origin_id'"),
        ("a table", "DROP TABLE need_matches"),
        ("the manifest", "DROP TABLE manifest"),
    ] {
        let copy = s.out.join("copy.stlx");
        std::fs::copy(&out, &copy).unwrap();
        edit(&copy, sql);
        let before = std::fs::read(&copy).unwrap();
        let e = open_package(&copy, None).unwrap_err();
        assert_eq!(code(&e), ErrorCode::DamagedPackage, "{what}: {e:?}");
        assert_eq!(std::fs::read(&copy).unwrap(), before, "{what}: the reader wrote nothing");
    }
}

#[test]
fn what_is_not_a_package_is_refused_as_such() {
    let s = setup();
    let (ledger, out) = one_package(&s);
    let ledger_file = ledger.database().path().unwrap().to_owned();
    let text = s.out.join("notes.stlx");
    std::fs::write(&text, "这不是交换包\n").unwrap();
    let empty = s.out.join("empty.stlx");
    std::fs::write(&empty, b"").unwrap();
    let other = s.out.join("other.stlx");
    Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
    let block = s.out.join("block.stlx");
    std::fs::write(&block, vec![7u8; 8192]).unwrap();
    for (what, file) in
        [("a ledger", &ledger_file), ("a text file", &text), ("an empty file", &empty), ("SQLite", &other)]
    {
        let e = open_package(file, None).unwrap_err();
        assert_eq!(code(&e), ErrorCode::NotAPackage, "{what}: {e:?}");
        assert!(e.message_zh().contains("不是交换包"), "{}", e.message_zh());
    }
    // Whole pages of noise could be an encrypted package: without a password it is locked, with one, not opened.
    assert_eq!(code(&open_package(&block, None).unwrap_err()), ErrorCode::Locked);
    assert_eq!(code(&open_package(&block, Some(&Secret::new("x"))).unwrap_err()), ErrorCode::WrongPassword);

    let bytes = std::fs::read(&out).unwrap();
    let truncated = s.out.join("truncated.stlx");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let e = open_package(&truncated, None).unwrap_err();
    assert_eq!(code(&e), ErrorCode::DamagedPackage, "{e:?}");
    let header_only = s.out.join("header.stlx");
    std::fs::write(&header_only, &bytes[..50]).unwrap();
    assert_eq!(code(&open_package(&header_only, None).unwrap_err()), ErrorCode::NotAPackage);
}

#[test]
fn a_package_of_a_newer_format_or_schema_is_refused_with_its_message() {
    let s = setup();
    let (_ledger, out) = one_package(&s);
    let newer_format = s.out.join("format.stlx");
    std::fs::copy(&out, &newer_format).unwrap();
    edit(&newer_format, "PRAGMA user_version = 2");
    let newer_schema = s.out.join("schema.stlx");
    std::fs::copy(&out, &newer_schema).unwrap();
    edit(&newer_schema, &format!("UPDATE manifest SET value = '{}' WHERE key = 'schema_version'", LATEST_VERSION + 1));
    for file in [&newer_format, &newer_schema] {
        let e = open_package(file, None).unwrap_err();
        assert_eq!(code(&e), ErrorCode::NewerPackage, "{e:?}");
        assert!(e.message_zh().contains("来自更新版本的交换包，请先升级本程序"), "{}", e.message_zh());
    }
}

/// The ids of `table` in the package.
fn ids(package: &OpenedPackage, table: &str, column: &str) -> Vec<String> {
    let conn = package.connection().unwrap();
    let mut stmt = conn.prepare(&format!("SELECT {column} FROM {table} ORDER BY 1")).unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

#[test]
fn the_next_package_holds_what_changed_with_what_it_points_at_and_the_tombstones() {
    let s = setup();
    let ledger = open(&s.data.join("ledger.sqlite3"), None);
    let a = fill(&ledger, 5);
    let b = fill(&ledger, 6);
    let first = exported(&ledger, &s.out.join("1.stlx"), &plain());
    assert_eq!(first.scope, PackageScope::Full);

    // Changed since: one expert of b edited; a visit of b purged (with its attachment); a new service record for
    // a's expert and enterprise; a contact edit on a's enterprise.
    let expert = ledger.get_expert(&b.expert).unwrap();
    let mut input = common::expert(&expert.name, expert.phone.as_deref());
    input.organization_id = expert.organization_id.clone();
    input.batch_id = expert.batch_id.clone();
    input.position = Some("教授".into());
    ledger.update_expert(&b.expert, expert.stamps.revision, &input).unwrap();
    let need_b = ledger.get_need(&b.need).unwrap();
    ledger
        .change_need_stage(
            &b.need,
            need_b.stamps.revision,
            &StageChangeInput { to: Some(NeedStage::Solving), ..Default::default() },
        )
        .unwrap();
    ledger.delete_record(RecordKind::ServiceRecord, &b.service, true).unwrap();
    ledger.purge(RecordKind::ServiceRecord, &b.service).unwrap();
    let added = ledger
        .create_service_record(&ServiceRecordInput {
            expert_id: Some(a.expert.clone()),
            enterprise_id: Some(a.enterprise.clone()),
            start_date: Some("2026-03-10".into()),
            end_date: Some("2026-03-10".into()),
            service_days: 1.0,
            service_type: Some(ServiceType::Consulting),
            content: "政策咨询".into(),
            ..Default::default()
        })
        .unwrap();

    let second = exported(&ledger, &s.out.join("2.stlx"), &plain());
    assert_eq!((second.package_seq, second.scope, second.since_seq), (2, PackageScope::Changes, Some(1)));
    let package = open_package(&s.out.join("2.stlx"), None).unwrap();
    assert_eq!(package.manifest().scope, PackageScope::Changes);

    let b_expert = ledger.get_expert(&b.expert).unwrap();
    let a_expert = ledger.get_expert(&a.expert).unwrap();
    let experts = ids(&package, "experts", "id");
    assert_eq!(experts.len(), 3, "the edited expert, the one the new record names, b's other visitor");
    assert!(experts.contains(&a.expert) && experts.contains(&b.expert));
    assert_eq!(ids(&package, "service_records", "id"), [added.id]);
    let mut enterprises = vec![a.enterprise.clone(), b.enterprise.clone()];
    enterprises.sort();
    assert_eq!(ids(&package, "enterprises", "id"), enterprises, "the enterprises of the record and of the need");
    assert_eq!(ids(&package, "enterprise_contacts", "enterprise_id").len(), 4, "each enterprise with its contacts");
    assert_eq!(ids(&package, "needs", "id"), [b.need.as_str()]);
    assert_eq!(ids(&package, "need_stage_events", "need_id").len(), 4, "the need with its whole stage history");
    assert_eq!(ids(&package, "need_matches", "need_id"), [b.need.as_str()]);
    assert_eq!(ids(&package, "visits", "id"), [b.visit.as_str()], "the visit the need was found on");
    assert_eq!(ids(&package, "visit_experts", "visit_id").len(), 2, "with its experts");
    let mut units = vec![a_expert.organization_id.clone().unwrap(), b_expert.organization_id.clone().unwrap()];
    units.sort();
    assert_eq!(ids(&package, "organizations", "id"), units, "the experts' units");
    assert!(ids(&package, "assignments", "id").is_empty(), "no pairing changed");
    assert!(ids(&package, "attachments", "id").is_empty(), "no attachment changed but the purged one");
    let tombstones = ids(&package, "tombstones", "entity || ' ' || id");
    assert_eq!(tombstones.len(), 2, "{tombstones:?}");
    assert!(tombstones.contains(&format!("service_records {}", b.service)), "{tombstones:?}");
    assert!(tombstones.iter().any(|t| t.starts_with("attachments ")), "{tombstones:?}");
    assert_eq!(package.manifest().counts["tombstones"], 2);
    // No dangling reference: every id a row points at is in the package.
    let conn = package.connection().unwrap();
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    for (table, column, parent) in [
        ("experts", "organization_id", "organizations"),
        ("experts", "batch_id", "batches"),
        ("visit_experts", "expert_id", "experts"),
        ("need_matches", "expert_id", "experts"),
        ("needs", "visit_id", "visits"),
        ("needs", "enterprise_id", "enterprises"),
        ("service_records", "expert_id", "experts"),
        ("visits", "enterprise_id", "enterprises"),
    ] {
        let dangling: i64 = conn
            .query_row(
                &format!("SELECT COUNT(*) FROM {table} WHERE {column} IS NOT NULL AND {column} NOT IN (SELECT id FROM {parent})"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(dangling, 0, "{table}.{column}");
    }

    // Nothing changed since: the third package is empty, and a full one can be asked for at any time.
    let third = exported(&ledger, &s.out.join("3.stlx"), &plain());
    assert_eq!((third.package_seq, third.since_seq), (3, Some(2)));
    assert!(third.counts.values().all(|n| *n == 0), "{:?}", third.counts);
    let full = exported(&ledger, &s.out.join("4.stlx"), &ExportPackageOptions { full: true, password: None });
    assert_eq!((full.package_seq, full.scope, full.counts["experts"]), (4, PackageScope::Full, 4));
    let history = ledger.package_exports().unwrap();
    let seen: Vec<_> = history.iter().map(|p| (p.seq, p.scope, p.since_seq, p.file_name.as_str())).collect();
    assert_eq!(
        seen,
        [
            (4, PackageScope::Full, None, "4.stlx"),
            (3, PackageScope::Changes, Some(2), "3.stlx"),
            (2, PackageScope::Changes, Some(1), "2.stlx"),
            (1, PackageScope::Full, None, "1.stlx"),
        ]
    );
    assert_eq!(
        (history[2].counts.clone(), history[2].content_hash.as_str()),
        (second.counts, second.content_hash.as_str())
    );
    assert!(history.iter().all(|p| p.created_at.starts_with("2026-03-18")));
}

#[test]
fn a_unit_deleted_for_good_travels_as_a_tombstone() {
    let s = setup();
    let ledger = open(&s.data.join("ledger.sqlite3"), None);
    fill(&ledger, 8);
    exported(&ledger, &s.out.join("1.stlx"), &plain());
    let unit = ledger.list_organizations().unwrap()[0].clone();
    assert!(ledger.delete_organization(&unit.id).is_err(), "an expert belongs to it");
    let spare = ledger
        .create_organization(&OrganizationInput {
            name: "空单位".into(),
            kind: Some(OrganizationKind::Other),
            ..Default::default()
        })
        .unwrap();
    exported(&ledger, &s.out.join("2.stlx"), &plain());
    ledger.delete_organization(&spare.id).unwrap();
    exported(&ledger, &s.out.join("3.stlx"), &plain());
    let package = open_package(&s.out.join("3.stlx"), None).unwrap();
    assert_eq!(ids(&package, "tombstones", "entity || ' ' || id"), [format!("organizations {}", spare.id)]);
    assert!(ids(&package, "organizations", "id").is_empty());
}

#[test]
fn a_failed_write_leaves_no_file_and_does_not_advance_the_mark() {
    let s = setup();
    let ledger = open(&s.data.join("ledger.sqlite3"), None);
    let a = fill(&ledger, 9);
    exported(&ledger, &s.out.join("1.stlx"), &plain());
    ledger.delete_record(RecordKind::ServiceRecord, &a.service, true).unwrap();

    // The target is a folder: everything is written, then the rename fails.
    let blocked = s.out.join("2.stlx");
    std::fs::create_dir(&blocked).unwrap();
    std::fs::write(blocked.join("keep"), b"x").unwrap();
    assert!(ledger.export_package(&blocked, &plain()).is_err());
    assert_eq!(exports(&ledger), 1, "no record of the failed package");
    assert_eq!(names(&s.out), ["1.stlx", "2.stlx"], "no partial file left");
    assert_eq!(names(&blocked), ["keep"]);

    // Refused before anything is written: wrong extension, a place inside the data folder.
    for refused in [s.out.join("2.zip"), s.data.join("2.stlx")] {
        let e = ledger.export_package(&refused, &plain()).unwrap_err();
        assert_eq!(e.fields()[0].field, "path", "{e:?}");
        assert!(!refused.exists());
    }
    assert_eq!(exports(&ledger), 1);

    let next = exported(&ledger, &s.out.join("2b.stlx"), &plain());
    assert_eq!((next.package_seq, next.since_seq), (2, Some(1)));
    assert_eq!(next.counts["service_records"], 1, "the change is still there to send");
}

#[test]
fn cancelling_writes_nothing() {
    let s = setup();
    let ledger = open(&s.data.join("ledger.sqlite3"), None);
    sample::generate(ledger.database(), 3, Scale::Small, sample::FIXED_AS_OF).unwrap();
    let out = s.out.join("c.stlx");
    let mut calls = 0;
    let e = ledger
        .export_package_with(&out, &plain(), &mut |done, total| {
            calls += 1;
            assert!(done <= total);
            done < 2_000
        })
        .unwrap_err();
    assert_eq!(code(&e), ErrorCode::Cancelled);
    assert!(calls >= 2);
    assert!(names(&s.out).is_empty());
    assert_eq!(exports(&ledger), 0);
}

#[test]
fn an_import_travels_as_its_records_and_its_undo_as_their_tombstones() {
    let s = setup();
    let ledger = open(&s.data.join("ledger.sqlite3"), None);
    fill(&ledger, 10);
    exported(&ledger, &s.out.join("1.stlx"), &plain());
    let roster = s.out.join("花名册.csv");
    std::fs::write(
        &roster,
        "姓名,职称,手机号码,派出单位\r\n张伟,教授,13800138001,宁波大学\r\n李娜,高级工程师,13800138002,宁波大学\r\n",
    )
    .unwrap();
    let request = ImportRequest {
        path: roster.to_string_lossy().into_owned(),
        kind: ImportKind::Experts,
        ..ImportRequest::default()
    };
    let plan = ledger.import_preview(&request).unwrap();
    let report = ledger.import_commit(&plan, &mut |_, _| {}, &std::sync::atomic::AtomicBool::new(false)).unwrap();
    assert_eq!(report.imported, 2);
    std::fs::remove_file(&roster).unwrap();

    exported(&ledger, &s.out.join("2.stlx"), &plain());
    let second = open_package(&s.out.join("2.stlx"), None).unwrap();
    let names = ids(&second, "experts", "name");
    assert_eq!(names, ["张伟", "李娜"], "the imported experts, named by the import's items");
    assert_eq!(ids(&second, "organizations", "name"), ["宁波大学"], "and the unit the import made");

    ledger.undo_import(report.import_id.as_deref().unwrap()).unwrap();
    exported(&ledger, &s.out.join("3.stlx"), &plain());
    let third = open_package(&s.out.join("3.stlx"), None).unwrap();
    assert!(ids(&third, "experts", "id").is_empty());
    let tombstones = ids(&third, "tombstones", "entity");
    assert_eq!(tombstones, ["experts", "experts", "organizations"], "the undone import's records are gone for good");
}

#[test]
fn a_plain_package_attaches_to_an_encrypted_ledger_and_an_encrypted_one_to_a_plain_ledger() {
    let s = setup();
    let plain_ledger = open(&s.data.join("ledger.sqlite3"), None);
    fill(&plain_ledger, 11);
    let plain_out = s.out.join("plain.stlx");
    exported(&plain_ledger, &plain_out, &plain());
    let locked_out = s.out.join("locked.stlx");
    exported(&plain_ledger, &locked_out, &ExportPackageOptions { full: true, password: Some(Secret::new("口令")) });

    let other = s.out.join("other");
    let path = other.join("ledger.sqlite3");
    drop(open(&path, None));
    Ledger::set_password_with(&path, &Secret::new(PASSWORD), &password_options()).unwrap();
    let encrypted_ledger = open(&path, Some(PASSWORD));
    for (ledger, package) in [
        (&encrypted_ledger, open_package(&plain_out, None).unwrap()),
        (&plain_ledger, open_package(&locked_out, Some(&Secret::new("口令"))).unwrap()),
    ] {
        let experts: i64 = with_attached(ledger, &package, |c| {
            c.query_row("SELECT COUNT(*) FROM pkg.experts", [], |r| r.get(0)).unwrap()
        });
        assert_eq!(experts, 2);
        // Attached read-only, even to a connection that writes: the merge reads it, never writes it.
        let writer = Connection::open_in_memory().unwrap();
        package.attach(&writer, "pkg").unwrap();
        let refused = writer.execute("DELETE FROM pkg.experts", []).map_err(|e| e.sqlite_error_code());
        package.detach(&writer, "pkg").unwrap();
        assert_eq!(refused, Err(Some(rusqlite::ErrorCode::ReadOnly)));
    }
}

#[test]
fn a_change_to_a_need_s_match_brings_the_need_with_all_its_matches_and_their_experts() {
    let s = setup();
    let ledger = open(&s.data.join("ledger.sqlite3"), None);
    let a = fill(&ledger, 12);
    fill(&ledger, 13);
    exported(&ledger, &s.out.join("1.stlx"), &plain());
    let newcomer = ledger.create_expert(&common::expert("赵新", Some("13700001234"))).unwrap();
    exported(&ledger, &s.out.join("2.stlx"), &plain());
    ledger
        .match_expert(
            &a.need,
            &MatchInput { expert_id: newcomer.id.clone(), method: Some(MatchMethod::Claimed), ..Default::default() },
        )
        .unwrap();
    exported(&ledger, &s.out.join("3.stlx"), &plain());
    let package = open_package(&s.out.join("3.stlx"), None).unwrap();
    assert_eq!(ids(&package, "needs", "id"), [a.need.as_str()]);
    assert_eq!(ids(&package, "need_matches", "need_id").len(), 2, "the need's two matches, the old one too");
    let experts = ids(&package, "experts", "id");
    assert!(experts.contains(&newcomer.id) && experts.contains(&a.expert), "{experts:?}");
    assert_eq!(ids(&package, "enterprises", "id"), [a.enterprise.as_str()]);
    assert!(ids(&package, "service_records", "id").is_empty(), "nothing points back down");
    assert!(ids(&package, "tombstones", "id").is_empty());
}

#[test]
fn a_ledger_in_memory_exports_too() {
    let s = setup();
    let ledger = Ledger::open_in_memory().unwrap();
    ledger.create_expert(&common::expert("王一", None)).unwrap();
    let first = exported(&ledger, &s.out.join("m1.stlx"), &plain());
    ledger.create_expert(&common::expert("王二", None)).unwrap();
    let second = exported(&ledger, &s.out.join("m2.stlx"), &plain());
    assert_eq!((first.counts["experts"], second.scope, second.counts["experts"]), (1, PackageScope::Changes, 1));
    let package = open_package(&s.out.join("m2.stlx"), None).unwrap();
    assert_eq!(ids(&package, "experts", "name"), ["王二"]);
}
