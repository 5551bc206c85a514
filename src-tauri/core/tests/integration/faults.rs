//! Proof under faults (issue 7), the faults one process meets: a full disk, a read-only data folder or database
//! file, a database another connection keeps locked, and a database of every earlier schema version. The crash
//! harness (SIGKILL during a stream of saves) and the second launch need other processes and live in
//! `src-tauri/cli/tests/faults.rs`. `docs/RELIABILITY.md` says which test proves what, with its last figures; run
//! these with `cargo test -p ledger-core --test integration faults:: -- --nocapture` to see the figures.
//!
//! The disk-full and read-only tests mount a small tmpfs or a read-only bind mount, which needs root (CI runs as
//! root). Without the permission they fall back: the disk-full scenario runs in a child process whose file-size
//! limit (RLIMIT_FSIZE) is lowered to nothing, and the read-only tests take the write permission away (which binds
//! every user but root). Each test prints which way it went.
// The disk-full and read-only tests are Linux-only (mount flags, RLIMIT_FSIZE); elsewhere their helpers go unused.
#![cfg_attr(not(target_os = "linux"), allow(dead_code))]

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use crate::common::{code, expert, rows};
use ledger_core::exchange::{open_package, ExportPackageOptions};
use ledger_core::model::*;
use ledger_core::{CoreError, Ledger};
use rusqlite::types::Value as SqlValue;
use rusqlite::Connection;

/// The environment variable that turns a re-executed copy of this test binary into a child of a fault test.
#[cfg(target_os = "linux")]
const CHILD_ENV: &str = "LEDGER_FAULTS_CHILD";
/// Set to 1 to take the fallbacks even where mounting is allowed (to check them).
#[cfg(target_os = "linux")]
const NO_MOUNT_ENV: &str = "LEDGER_FAULTS_NO_MOUNT";

/// Tables whose rows a write can add, to show a failed one added none.
const WRITTEN_TABLES: &[&str] = &[
    "experts",
    "enterprises",
    "enterprise_contacts",
    "organizations",
    "batches",
    "service_records",
    "audit_log",
    "imports",
    "import_items",
];

fn counts(ledger: &Ledger) -> Vec<(&'static str, i64)> {
    WRITTEN_TABLES.iter().map(|t| (*t, rows(ledger, t))).collect()
}

/// The FTS5 indexes agree with their tables and the trigger-kept counts and sums with a recount.
fn derived_tables_agree(ledger: &Ledger) {
    for fts in ["experts_fts", "enterprises_fts", "visits_fts", "needs_fts", "service_records_fts"] {
        ledger
            .database()
            .write(|tx| Ok(tx.execute_batch(&format!("INSERT INTO {fts}({fts}, rank) VALUES('integrity-check', 1)"))?))
            .unwrap_or_else(|e| panic!("{fts} disagrees with its table: {e}"));
    }
    ledger
        .database()
        .read(|c| {
            let stale: i64 = c.query_row(
                "SELECT count(*) FROM (
                     SELECT start_date, service_type, count(*) AS n, sum(contract_amount_fen) AS fen
                     FROM service_records WHERE deleted_at IS NULL GROUP BY 1, 2
                     EXCEPT SELECT start_date, service_type, records, contract_amount_fen FROM service_record_totals)",
                [],
                |r| r.get(0),
            )?;
            assert_eq!(stale, 0, "service_record_totals agrees with a recount");
            let live: i64 =
                c.query_row("SELECT count(*) FROM enterprises WHERE deleted_at IS NULL", [], |r| r.get(0))?;
            let counted: i64 = c.query_row("SELECT coalesce(sum(live), 0) FROM enterprise_counts", [], |r| r.get(0))?;
            assert_eq!(live, counted, "enterprise_counts agrees with a recount");
            Ok(())
        })
        .unwrap();
}

fn integrity_ok(ledger: &Ledger) {
    let report = ledger.check_integrity().unwrap();
    assert!(report.ok, "integrity check: {:?}", report.problems);
}

/// An expert form with a unique name and phone and a note of `note_len` characters (to fill pages quickly).
fn numbered_expert(tag: &str, n: u32, note_len: usize) -> ExpertInput {
    ExpertInput {
        notes: (note_len > 0).then(|| "记".repeat(note_len)),
        discipline: Some("材料科学与工程".into()),
        ..expert(&format!("专员{tag}{n:05}"), Some(&format!("139{n:08}")))
    }
}

/// The file names in a folder, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

// ---------------------------------------------------------------------------------------------------------------
// Mounts, file-size limits and child processes (Linux)
// ---------------------------------------------------------------------------------------------------------------

#[cfg(target_os = "linux")]
mod os {
    use std::ffi::CString;
    use std::io;
    use std::os::unix::ffi::OsStrExt;
    use std::path::{Path, PathBuf};
    use std::process::{Command, Output};

    fn c_path(p: &Path) -> CString {
        CString::new(p.as_os_str().as_bytes()).unwrap()
    }

    /// Whether the fallbacks were asked for although mounting may work.
    pub fn mounts_disabled() -> bool {
        std::env::var_os(super::NO_MOUNT_ENV).is_some_and(|v| v == "1")
    }

    /// A mount a test made, unmounted when dropped (also when the test fails on the way).
    pub struct Mount {
        target: PathBuf,
    }

    impl Mount {
        /// A tmpfs of `size` (e.g. `4m`) on the folder `target`.
        pub fn tmpfs(target: &Path, size: &str) -> io::Result<Mount> {
            if mounts_disabled() {
                return Err(io::Error::from_raw_os_error(libc::EPERM));
            }
            std::fs::create_dir_all(target)?;
            let options = CString::new(format!("size={size},mode=0755")).unwrap();
            let target_c = c_path(target);
            // SAFETY: every pointer is a NUL-terminated string that outlives the call.
            let rc = unsafe {
                libc::mount(c"tmpfs".as_ptr(), target_c.as_ptr(), c"tmpfs".as_ptr(), 0, options.as_ptr().cast())
            };
            if rc != 0 {
                return Err(io::Error::last_os_error());
            }
            Ok(Mount { target: target.to_owned() })
        }

        /// `path` (a folder or a file) made read-only where it is: bound onto itself, then remounted read-only.
        pub fn read_only(path: &Path) -> io::Result<Mount> {
            if mounts_disabled() {
                return Err(io::Error::from_raw_os_error(libc::EPERM));
            }
            let p = c_path(path);
            // SAFETY: NUL-terminated strings or null pointers, as mount(2) allows for a bind mount.
            let rc = unsafe { libc::mount(p.as_ptr(), p.as_ptr(), std::ptr::null(), libc::MS_BIND, std::ptr::null()) };
            if rc != 0 {
                return Err(io::Error::last_os_error());
            }
            let mount = Mount { target: path.to_owned() };
            let flags = libc::MS_REMOUNT | libc::MS_BIND | libc::MS_RDONLY;
            // SAFETY: as above.
            let rc = unsafe { libc::mount(std::ptr::null(), p.as_ptr(), std::ptr::null(), flags, std::ptr::null()) };
            if rc != 0 {
                return Err(io::Error::last_os_error()); // `mount` is dropped: the bind mount goes again
            }
            Ok(mount)
        }
    }

    impl Drop for Mount {
        fn drop(&mut self) {
            let p = c_path(&self.target);
            // SAFETY: a NUL-terminated path.
            if unsafe { libc::umount2(p.as_ptr(), 0) } != 0 {
                // Busy (a file still open on it): detach it now; the kernel lets go when the last file closes.
                unsafe { libc::umount2(p.as_ptr(), libc::MNT_DETACH) };
            }
        }
    }

    /// Whether `e` says this process may not mount (not root, or no CAP_SYS_ADMIN in its namespace). A process
    /// that holds CAP_SYS_ADMIN ([`may_mount`]) and still fails has a real problem, never a reason to fall back:
    /// the mount test then fails instead of quietly proving less. Forced fallbacks ([`mounts_disabled`]) count as
    /// not permitted.
    pub fn not_permitted(e: &io::Error) -> bool {
        let refused = matches!(e.raw_os_error(), Some(libc::EPERM) | Some(libc::EACCES));
        refused && (mounts_disabled() || !may_mount())
    }

    /// Whether this process has CAP_SYS_ADMIN in its effective set (bit 21 of `CapEff` in /proc/self/status), the
    /// right mount(2) needs: where it has, the fault tests must take the mount path.
    pub fn may_mount() -> bool {
        const CAP_SYS_ADMIN: u32 = 21;
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| s.lines().find_map(|l| l.strip_prefix("CapEff:").map(|v| v.trim().to_owned())))
            .and_then(|hex| u64::from_str_radix(&hex, 16).ok())
            .is_some_and(|caps| caps & (1 << CAP_SYS_ADMIN) != 0)
    }

    /// The largest file this process may write (RLIMIT_FSIZE): lowered to 0 so that every write fails as on a full
    /// disk (EFBIG, with SIGXFSZ ignored), and raised back.
    pub struct FileSizeLimit {
        saved: libc::rlimit,
    }

    impl FileSizeLimit {
        pub fn lower_to_nothing() -> FileSizeLimit {
            let mut saved = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
            // SAFETY: plain libc calls on valid pointers; SIG_IGN makes an over-limit write fail with EFBIG instead
            // of killing the process.
            unsafe {
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                assert_eq!(libc::getrlimit(libc::RLIMIT_FSIZE, &mut saved), 0);
                let limit = libc::rlimit { rlim_cur: 0, rlim_max: saved.rlim_max };
                assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &limit), 0);
            }
            FileSizeLimit { saved }
        }
    }

    impl Drop for FileSizeLimit {
        fn drop(&mut self) {
            // SAFETY: restores the limit read before (the soft limit may rise up to the unchanged hard limit).
            unsafe { libc::setrlimit(libc::RLIMIT_FSIZE, &self.saved) };
        }
    }

    /// Runs this test binary again as the child `mode` of a fault test (see `child_entry`), with `envs`.
    pub fn run_child(mode: &str, envs: &[(&str, &Path)]) -> Output {
        let mut command = Command::new(std::env::current_exe().unwrap());
        command.args(["--exact", "child_entry", "--ignored", "--nocapture", "--test-threads=1"]);
        command.env(super::CHILD_ENV, mode);
        for (k, v) in envs {
            command.env(k, v);
        }
        command.output().expect("the child runs")
    }
}

/// The entry of a re-executed copy of this binary: does what `LEDGER_FAULTS_CHILD` asks and returns. Ignored in a
/// normal run (it does nothing without the variable).
#[test]
#[ignore = "the child process of the fault tests; they run it themselves"]
fn child_entry() {
    #[cfg(target_os = "linux")]
    if let Ok(mode) = std::env::var(CHILD_ENV) {
        match mode.as_str() {
            "disk-full-rlimit" => {
                let dir = PathBuf::from(std::env::var_os("LEDGER_FAULTS_DIR").unwrap());
                let scratch = PathBuf::from(std::env::var_os("LEDGER_FAULTS_SCRATCH").unwrap());
                let mut limit = None;
                let figures = disk_full_scenario(&dir, &scratch, &mut || {
                    // The first call fills the "disk", the second frees it.
                    if limit.take().is_none() {
                        limit = Some(os::FileSizeLimit::lower_to_nothing());
                    }
                });
                println!("{figures}");
            }
            other => panic!("unknown child mode {other}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Disk full
// ---------------------------------------------------------------------------------------------------------------

/// What the disk-full scenario saw, printed for docs/RELIABILITY.md.
struct DiskFullFigures {
    saved_before: usize,
    acknowledged_while_full: usize,
    /// (operation, error code) of each operation refused on the full disk.
    failures: Vec<(&'static str, &'static str)>,
    message: String,
    lost: usize,
}

impl std::fmt::Display for DiskFullFigures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let failures: Vec<String> = self.failures.iter().map(|(op, code)| format!("{op}={code}")).collect();
        write!(
            f,
            "FIGURES records saved before={}; saves acknowledged while full={}; refused: {}; records lost={}; \
             message: {}",
            self.saved_before,
            self.acknowledged_while_full,
            failures.join(" "),
            self.lost,
            self.message
        )
    }
}

fn describe(e: &CoreError) -> String {
    format!("{}: {}", e.code(), e.message_zh())
}

/// The file that takes the last free byte of the small disk.
const FILLER: &str = "filler.bin";

/// A roster of `n` experts as a UTF-8 CSV, in `dir`.
fn roster_csv(dir: &Path, n: u32) -> PathBuf {
    let mut text = String::from("姓名,职称,手机号码,专业领域,备注\n");
    for i in 0..n {
        text.push_str(&format!("导入专员{i:05},正高,137{i:08},机械工程,{}\n", "备".repeat(200)));
    }
    let path = dir.join("花名册.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// Experts, enterprises (with a contact) and service records saved before a fault, by id.
struct EarlierRecords {
    experts: Vec<String>,
    enterprises: Vec<String>,
    service_records: Vec<String>,
}

impl EarlierRecords {
    fn save(ledger: &Ledger, n: u32) -> EarlierRecords {
        let mut earlier = EarlierRecords { experts: Vec::new(), enterprises: Vec::new(), service_records: Vec::new() };
        for i in 0..n {
            let expert = ledger.create_expert(&numbered_expert("甲", i, 0)).unwrap();
            if i % 4 == 0 {
                let input = EnterpriseInput {
                    contacts: vec![ContactInput {
                        name: "陈静".into(),
                        phone: Some(format!("136{i:08}")),
                        is_primary: true,
                        ..ContactInput::default()
                    }],
                    ..common::enterprise(&format!("湖州精密制造{i:03}有限公司"), 500 + i)
                };
                earlier.enterprises.push(ledger.create_enterprise(&input).unwrap().record.id);
            }
            let enterprise_id = earlier.enterprises.last().unwrap().clone();
            let record = ledger
                .create_service_record(&ServiceRecordInput {
                    expert_id: Some(expert.id.clone()),
                    enterprise_id: Some(enterprise_id),
                    start_date: Some("2026-03-02".into()),
                    end_date: Some("2026-03-03".into()),
                    service_days: 2.0,
                    service_type: Some(ServiceType::Consulting),
                    content: format!("设备故障诊断第{i}次"),
                    outcomes: OutcomesInput { contract_amount: "1.5".into(), ..Default::default() },
                    ..ServiceRecordInput::default()
                })
                .unwrap();
            earlier.service_records.push(record.id);
            earlier.experts.push(expert.id);
        }
        earlier
    }

    fn len(&self) -> usize {
        self.experts.len() + self.enterprises.len() + self.service_records.len()
    }

    /// How many of them `ledger` has lost (0, or the test fails).
    fn lost(&self, ledger: &Ledger) -> usize {
        self.experts.iter().filter(|id| ledger.get_expert(id).is_err()).count()
            + self
                .enterprises
                .iter()
                .filter(|id| ledger.get_enterprise(id).map(|e| e.contacts.len()).ok() != Some(1))
                .count()
            + self.service_records.iter().filter(|id| ledger.get_service_record(id).is_err()).count()
    }
}

fn roster_request(roster: &Path) -> ImportRequest {
    ImportRequest { path: roster.to_string_lossy().into_owned(), kind: ImportKind::Experts, ..ImportRequest::default() }
}

/// The whole disk-full story in the folder `dir`, whose space `toggle_full` takes away (first call) and gives back
/// (second call): records are saved, the disk fills, a save, an import and three exports fail with a clear error
/// and leave nothing behind, the space comes back, and the database is intact with every acknowledged record.
/// `scratch` is a folder on another disk (the file to import).
fn disk_full_scenario(dir: &Path, scratch: &Path, toggle_full: &mut dyn FnMut()) -> DiskFullFigures {
    let db = dir.join("ledger.sqlite3");
    let roster = roster_csv(scratch, 400);
    let ledger = Ledger::open(&db).unwrap();
    let earlier = EarlierRecords::save(&ledger, 20);
    // A coordinator's exchange package (on the other disk) to merge while the disk is full.
    let package = {
        let origin = Ledger::open(&scratch.join("origin").join("ledger.sqlite3")).unwrap();
        for i in 0..300 {
            origin.create_expert(&numbered_expert("丁", i, 2_000)).unwrap();
        }
        let out = scratch.join("甲县.stlx");
        origin.export_package(&out, &ExportPackageOptions::default()).unwrap();
        open_package(&out, None).unwrap()
    };
    let files_before = names_in(dir);
    let mut failures = Vec::new();

    toggle_full();

    // Saves: the first ones may still fit in space SQLite already holds (the WAL's last page); within a few the
    // disk is full. Every save that returned Ok is acknowledged and must survive.
    let mut acknowledged = Vec::new();
    let save_error = loop {
        match ledger.create_expert(&numbered_expert("乙", acknowledged.len() as u32, 2_000)) {
            Ok(saved) => acknowledged.push(saved.id),
            Err(e) => break e,
        }
        assert!(acknowledged.len() < 2_000, "saves never failed: the disk is not full");
    };
    assert_full(&save_error);
    failures.push(("save", save_error.code().as_str()));
    let after_save = counts(&ledger);
    assert_eq!(
        rows(&ledger, "experts") as usize,
        earlier.experts.len() + acknowledged.len(),
        "the failed save wrote nothing"
    );

    // An import of a 400-row roster: judged, then refused at commit; nothing of it is written.
    let plan = ledger.import_preview(&roster_request(&roster)).unwrap();
    let import_error = ledger.import_commit(&plan, &mut |_, _| {}, &AtomicBool::new(false)).unwrap_err();
    assert_full(&import_error);
    failures.push(("import", import_error.code().as_str()));
    assert_eq!(counts(&ledger), after_save, "the failed import wrote nothing");

    // A merge of the package: refused at commit (its backup first skipped for want of space); nothing of it is
    // written, no merge in the history.
    let merge_error = ledger.merge_package(&package, &mut |_, _| {}, &AtomicBool::new(false)).unwrap_err();
    assert_full(&merge_error);
    failures.push(("merge", merge_error.code().as_str()));
    assert_eq!(counts(&ledger), after_save, "the failed merge wrote nothing");
    assert_eq!(rows(&ledger, "exchange_merges"), 0);

    // Exports to the full disk: no file, and no partial file beside it.
    for (label, kind, format, name) in [
        ("export-xlsx", ExportKind::Roster, ExportFormat::Xlsx, "花名册.xlsx"),
        ("export-csv", ExportKind::Roster, ExportFormat::Csv, "花名册.csv"),
        ("export-summary", ExportKind::Summary, ExportFormat::Xlsx, "年度工作台账.xlsx"),
    ] {
        let out = dir.join(name);
        let request = ExportRequest {
            kind,
            format,
            filter: ReportFilter {
                period: "2026".into(),
                region: None,
                organization_id: None,
                batch_id: None,
                origins: None,
                reviewed_only: None,
            },
            columns: None,
            include_full_id: false,
            paper: None,
        };
        let err = ledger.export(&request, &out, &mut |_, _| true).unwrap_err();
        assert_full(&err);
        assert!(!out.exists(), "no {name} after a failed export");
        failures.push((label, err.code().as_str()));
    }
    // A backup on the full disk: refused before it starts (the space check) or failing with a full disk, and
    // leaving no partial backup.
    let backup_error = ledger.backup_now(None).unwrap_err();
    assert!(
        matches!(backup_error.code().as_str(), "insufficient_space" | "disk_full"),
        "a backup on a full disk says so: {} {}",
        backup_error.code(),
        backup_error.message_zh()
    );
    failures.push(("backup", backup_error.code().as_str()));
    let backups = dir.join(ledger_core::data_folder::backup::BACKUP_DIR_NAME);
    let partial = if backups.is_dir() { names_in(&backups) } else { Vec::new() };
    let partial = partial.into_iter().filter(|n| n.contains("partial")).collect::<Vec<_>>();
    assert!(partial.is_empty(), "no partial backup: {partial:?}");
    let files_after: Vec<String> = names_in(dir).into_iter().filter(|n| n != FILLER).collect();
    assert_eq!(files_after, files_before, "nothing half-written is left in the folder");

    toggle_full();

    // The space is back: the same session saves again, and the database is intact.
    acknowledged.push(ledger.create_expert(&numbered_expert("丙", 0, 0)).unwrap().id);
    integrity_ok(&ledger);
    drop(ledger);
    let ledger = Ledger::open(&db).unwrap();
    integrity_ok(&ledger);
    derived_tables_agree(&ledger);
    let lost = earlier.lost(&ledger) + acknowledged.iter().filter(|id| ledger.get_expert(id).is_err()).count();
    assert_eq!(lost, 0, "every acknowledged save is present");
    assert_eq!(rows(&ledger, "experts") as usize, earlier.experts.len() + acknowledged.len());
    assert_eq!(rows(&ledger, "imports"), 0);
    // And the import that failed goes through now.
    let plan = ledger.import_preview(&roster_request(&roster)).unwrap();
    let report = ledger.import_commit(&plan, &mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(report.imported, 400);
    // And so does the merge.
    let merged = ledger.merge_package(&package, &mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(merged.totals.new, 300, "{:?}", merged.totals);
    integrity_ok(&ledger);

    DiskFullFigures {
        saved_before: earlier.len(),
        acknowledged_while_full: acknowledged.len() - 1,
        failures,
        message: format!("{} / {}", save_error.message_zh(), save_error.message_en()),
        lost,
    }
}

/// The error of an operation on a full disk: `disk_full` with its message. A file-size limit (the fallback) makes
/// SQLite see EFBIG, which it reports as a plain I/O error (`database`); that is accepted only there.
fn assert_full(e: &CoreError) {
    let fallback = std::env::var_os("LEDGER_FAULTS_CHILD").is_some();
    if fallback && e.code() == "database" {
        assert!(e.message_zh().contains("disk I/O error"), "{e}");
        return;
    }
    assert_eq!(e.code(), "disk_full", "{e}");
    assert!(e.message_zh().contains("磁盘空间不足"), "{}", e.message_zh());
    assert!(e.message_en().contains("The disk is full"), "{}", e.message_en());
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "Linux only: fills a tmpfs mount or lowers RLIMIT_FSIZE in a child process"
)]
fn a_full_disk_fails_saves_imports_merges_and_exports_clearly_and_loses_nothing() {
    #[cfg(target_os = "linux")]
    {
        use std::io::Write;

        let tmp = tempfile::tempdir().unwrap();
        let scratch = tmp.path().join("scratch");
        std::fs::create_dir_all(&scratch).unwrap();
        let dir = tmp.path().join("data");
        match os::Mount::tmpfs(&dir, "8m") {
            Ok(mount) => {
                let filler = dir.join(FILLER);
                let mut file = None;
                let figures = disk_full_scenario(&dir, &scratch, &mut || match file.take() {
                    None => {
                        // Fill every byte that is left: large writes, then smaller ones down to single bytes.
                        let mut f = std::fs::File::create(&filler).unwrap();
                        let chunk = vec![0u8; 64 * 1024];
                        for size in [64 * 1024, 4096, 1] {
                            loop {
                                match f.write(&chunk[..size]) {
                                    Ok(0) => break,
                                    Ok(_) => {}
                                    Err(e) if e.kind() == std::io::ErrorKind::StorageFull => break,
                                    Err(e) => panic!("filling the disk: {e}"),
                                }
                            }
                        }
                        file = Some(f);
                    }
                    Some(f) => {
                        drop(f);
                        std::fs::remove_file(&filler).unwrap();
                    }
                });
                println!("disk full (an 8 MiB tmpfs filled to the last byte): {figures}");
                drop(mount);
            }
            Err(e) if os::not_permitted(&e) => {
                std::fs::create_dir_all(&dir).unwrap();
                let out = os::run_child(
                    "disk-full-rlimit",
                    &[("LEDGER_FAULTS_DIR", &dir), ("LEDGER_FAULTS_SCRATCH", &scratch)],
                );
                let stdout = String::from_utf8_lossy(&out.stdout);
                assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
                // libtest prints "test child_entry ... " before the child's own line.
                let figures =
                    stdout.lines().find_map(|l| l.find("FIGURES").map(|i| &l[i..])).expect("the child's figures");
                println!("disk full (mount not permitted: a child process with RLIMIT_FSIZE = 0): {figures}");
            }
            Err(e) => panic!("mounting a tmpfs: {e}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Read-only data folder and database file
// ---------------------------------------------------------------------------------------------------------------

/// A folder or file made read-only for this test: a read-only bind mount (root), or else its write permission
/// taken away; given back when dropped.
#[cfg(target_os = "linux")]
enum ReadOnly {
    Mount(#[allow(dead_code)] os::Mount),
    Permissions(PathBuf, u32),
}

#[cfg(target_os = "linux")]
impl ReadOnly {
    /// Panics where neither works — root (who ignores permission bits) without the right to mount — rather than let
    /// a read-only test pass without having run: run such tests as an ordinary user, or with CAP_SYS_ADMIN.
    fn make(path: &Path) -> ReadOnly {
        use std::os::unix::fs::PermissionsExt;
        match os::Mount::read_only(path) {
            Ok(mount) => {
                println!("read-only: {} bind-mounted read-only", path.display());
                ReadOnly::Mount(mount)
            }
            Err(e) if os::not_permitted(&e) => {
                // SAFETY: geteuid has no preconditions.
                assert!(
                    unsafe { libc::geteuid() } != 0,
                    "root without the right to mount (CAP_SYS_ADMIN) cannot make {} read-only: run the fault tests \
                     as an ordinary user or with CAP_SYS_ADMIN",
                    path.display()
                );
                let mode = std::fs::metadata(path).unwrap().permissions().mode();
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & !0o222)).unwrap();
                println!("read-only: mount not permitted, write permission of {} taken away", path.display());
                ReadOnly::Permissions(path.to_owned(), mode)
            }
            Err(e) => panic!("read-only bind mount of {}: {e}", path.display()),
        }
    }
}

#[cfg(target_os = "linux")]
impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if let ReadOnly::Permissions(path, mode) = self {
            let _ = std::fs::set_permissions(&*path, std::fs::Permissions::from_mode(*mode));
        }
    }
}

/// A ledger at `dir/ledger.sqlite3` with a few records, closed again; returns their ids.
fn closed_ledger_with_records(dir: &Path) -> Vec<String> {
    let ledger = Ledger::open(&dir.join("ledger.sqlite3")).unwrap();
    let ids = (0..5).map(|n| ledger.create_expert(&numbered_expert("丁", n, 0)).unwrap().id).collect();
    drop(ledger);
    ids
}

fn file_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    names_in(dir).into_iter().map(|n| (n.clone(), std::fs::read(dir.join(&n)).unwrap())).collect()
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "Linux only: a read-only bind mount or Unix permission bits")]
fn a_read_only_data_folder_is_refused_with_a_clear_message() {
    #[cfg(target_os = "linux")]
    {
        let tmp = tempfile::tempdir().unwrap();
        // A name with CJK characters, a space and a '#', as people name folders.
        let dir = tmp.path().join("台账 数据#1");
        std::fs::create_dir_all(&dir).unwrap();
        let ids = closed_ledger_with_records(&dir);
        let before = file_bytes(&dir);
        {
            let _read_only = ReadOnly::make(&dir);
            let err = Ledger::open(&dir.join("ledger.sqlite3"))
                .err()
                .expect("a read-only folder cannot be opened for writing");
            println!("read-only data folder → {}", describe(&err));
            assert_eq!(err.code(), "read_only", "{err}");
            assert!(err.message_zh().contains("只读"), "{}", err.message_zh());
            assert!(err.message_en().contains("read-only"), "{}", err.message_en());
            // The start-up integrity check still reads it.
            let report = ledger_core::storage::integrity::check_file(&dir.join("ledger.sqlite3")).unwrap();
            println!("integrity check of the read-only folder → ok={} {:?}", report.ok, report.problems);
            assert!(report.ok, "{:?}", report.problems);
            assert_eq!(file_bytes(&dir), before, "nothing in the folder changed");
        }
        let ledger = Ledger::open(&dir.join("ledger.sqlite3")).unwrap();
        integrity_ok(&ledger);
        assert!(ids.iter().all(|id| ledger.get_expert(id).is_ok()));
    }
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "Linux only: a read-only bind mount or Unix permission bits")]
fn a_read_only_database_file_refuses_saves_with_a_clear_message() {
    #[cfg(target_os = "linux")]
    {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        std::fs::create_dir_all(&dir).unwrap();
        let ids = closed_ledger_with_records(&dir);
        let db = dir.join("ledger.sqlite3");
        let before = std::fs::read(&db).unwrap();
        {
            let _read_only = ReadOnly::make(&db);
            match Ledger::open(&db) {
                Err(err) => {
                    println!("read-only database file → open refused: {}", describe(&err));
                    assert_eq!(err.code(), "read_only", "{err}");
                }
                Ok(ledger) => {
                    assert_eq!(ledger.list_experts(&ExpertQuery::default()).unwrap().total, 5, "it still reads");
                    let err = ledger.create_expert(&numbered_expert("戊", 0, 0)).unwrap_err();
                    println!("read-only database file → opened for reading, a save: {}", describe(&err));
                    assert_eq!(err.code(), "read_only", "{err}");
                    assert!(err.message_zh().contains("只读"), "{}", err.message_zh());
                    assert_eq!(ledger.list_experts(&ExpertQuery::default()).unwrap().total, 5, "nothing was written");
                }
            }
        }
        assert_eq!(std::fs::read(&db).unwrap(), before, "the database file is unchanged");
        let ledger = Ledger::open(&db).unwrap();
        integrity_ok(&ledger);
        assert!(ids.iter().all(|id| ledger.get_expert(id).is_ok()));
    }
}

// ---------------------------------------------------------------------------------------------------------------
// A database locked by another connection
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn a_save_while_another_program_holds_the_write_lock_fails_busy_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("ledger.sqlite3");
    let ledger = Ledger::open(&db).unwrap();
    let first = ledger.create_expert(&numbered_expert("己", 0, 0)).unwrap();

    // Another program (a raw SQLite connection, as a script or a DB browser has) takes the write lock and keeps it.
    let other = Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE; INSERT INTO settings (key, value) VALUES ('other', 'program');").unwrap();
    let before = counts(&ledger);
    let started = std::time::Instant::now();
    let err = ledger.create_expert(&numbered_expert("己", 1, 0)).unwrap_err();
    let waited = started.elapsed();
    println!("locked database → after {:.1} s: {}", waited.as_secs_f64(), describe(&err));
    assert_eq!(err.code(), "busy", "{err}");
    assert!(err.message_zh().contains("正被其他程序占用"), "{}", err.message_zh());
    assert!(waited >= ledger_core::storage::db::BUSY_TIMEOUT.mul_f64(0.9), "it waited for the lock first ({waited:?})");
    assert_eq!(counts(&ledger), before, "nothing was written");
    assert_eq!(ledger.list_experts(&ExpertQuery::default()).unwrap().total, 1, "reading goes on meanwhile");

    other.execute_batch("ROLLBACK").unwrap();
    drop(other);
    ledger.create_expert(&numbered_expert("己", 1, 0)).expect("once the lock is let go, the save goes through");
    integrity_ok(&ledger);
    assert!(ledger.get_expert(&first.id).is_ok());
    assert_eq!(rows(&ledger, "settings"), 0, "the other program's rolled-back row is not there");
}

// ---------------------------------------------------------------------------------------------------------------
// Migrations: a database of every earlier schema version
// ---------------------------------------------------------------------------------------------------------------

/// Records of every table of schema version 1, in SQL valid at every later version too (migrations 2–9 add
/// indexes, search and derived tables, a generated column and the import tables, never a column to fill).
fn fixture_sql() -> String {
    let (c1, c2) = (code(1), code(2));
    format!(
        "
INSERT INTO organizations (id, name, kind, region, notes, created_at, updated_at, revision)
VALUES ('o1', '浙江大学', 'university', '浙江省杭州市', '985 高校', '2024-01-05T08:00:00.000Z', '2024-01-05T08:00:00.000Z', 1);
INSERT INTO batches (id, name, year, start_date, end_date, notes, created_at, updated_at)
VALUES ('b1', '2024年第一批', 2024, '2024-03-01', '2025-02-28', NULL, '2024-01-05T08:00:00.000Z', '2024-01-05T08:00:00.000Z');
INSERT INTO experts (id, name, gender, birth_month, education, title, organization_id, position, discipline,
    specialties, phone, email, id_card, service_form, batch_id, service_start, service_end, status, notes,
    created_at, updated_at, revision)
VALUES ('e1', '张伟', 'male', '1978-05', 'doctorate', 'senior', 'o1', '教授', '材料科学与工程',
    '[\"高分子材料\",\"复合材料\"]', '13800138001', 'zhangwei@zju.edu.cn', '11010519491231002X', 'stationed', 'b1',
    '2024-03-01', '2025-02-28', 'active', '派驻湖州', '2024-01-06T08:00:00.000Z', '2024-02-06T08:00:00.000Z', 3),
       ('e2', '李娜', 'female', NULL, NULL, 'associate_senior', NULL, NULL, '机械工程', '[]', '13900139002', NULL,
    NULL, NULL, NULL, NULL, NULL, 'paused', NULL, '2024-01-07T08:00:00.000Z', '2024-01-07T08:00:00.000Z', 1);
INSERT INTO experts (id, name, title, specialties, status, created_at, updated_at, deleted_at)
VALUES ('e3', '王强', 'intermediate', '[]', 'ended', '2024-01-08T08:00:00.000Z', '2024-01-09T08:00:00.000Z',
    '2024-01-09T08:00:00.000Z');
INSERT INTO enterprises (id, name, credit_code, credit_code_override, province, city, county, region_code, address,
    legal_representative, industry, main_products, size, is_high_tech, is_tech_sme, is_specialized, notes,
    created_at, updated_at, revision)
VALUES ('n1', '湖州电梯有限公司', '{c1}', NULL, '浙江省', '湖州市', '南浔区', '330503', '南浔区练市镇工业园 8 号',
    '周建国', 'C', '曳引机、电梯门机', 'medium', 1, 1, 0, NULL, '2024-01-10T08:00:00.000Z', '2024-01-10T08:00:00.000Z', 2),
       ('n2', '安吉竹木制品厂', '{c2}', '营业执照上的代码如此', '浙江省', '湖州市', '安吉县', '330523', NULL, NULL,
    'C', '竹地板', 'small', 0, 0, 1, '个体', '2024-01-11T08:00:00.000Z', '2024-01-11T08:00:00.000Z', 1);
INSERT INTO enterprise_contacts (id, enterprise_id, name, position, phone, email, is_primary, created_at, updated_at)
VALUES ('c1', 'n1', '陈静', '技术部经理', '13700137003', 'chenjing@example.com', 1, '2024-01-10T08:00:00.000Z',
    '2024-01-10T08:00:00.000Z'),
       ('c2', 'n1', '刘洋', '采购', '0572-3012345', NULL, 0, '2024-01-10T08:00:00.000Z', '2024-01-10T08:00:00.000Z');
INSERT INTO assignments (id, expert_id, enterprise_id, batch_id, start_date, end_date, agreement_signed, notes,
    created_at, updated_at)
VALUES ('a1', 'e1', 'n1', 'b1', '2024-03-01', NULL, 1, '三方协议已签', '2024-03-01T08:00:00.000Z',
    '2024-03-01T08:00:00.000Z');
INSERT INTO visits (id, enterprise_id, visit_date, mode, purpose, findings, next_step, follow_up_date, notes,
    created_at, updated_at)
VALUES ('v1', 'n1', '2024-04-10', 'on_site', '了解曳引机降噪需求', '曳引机运行噪声偏大，客户投诉多', '组织减振方案论证',
    '2024-05-10', NULL, '2024-04-10T08:00:00.000Z', '2024-04-10T08:00:00.000Z');
INSERT INTO visit_experts (visit_id, expert_id) VALUES ('v1', 'e1'), ('v1', 'e2');
INSERT INTO needs (id, enterprise_id, visit_id, source, title, original_text, refined_problem, refined_key_tech,
    refined_target, need_type, discipline, budget_fen, urgency, stage, stage_changed_on, created_at, updated_at)
VALUES ('d1', 'n1', 'v1', 'visit', '曳引机噪声治理', '我们的曳引机太吵了，想降下来', '运行噪声 68 分贝', '减振与电磁噪声抑制',
    '降到 60 分贝以下', 'process_improvement', '机械工程', 5000000, 'high', 'matched', '2024-04-20',
    '2024-04-10T08:00:00.000Z', '2024-04-20T08:00:00.000Z');
INSERT INTO need_stage_events (id, need_id, from_stage, to_stage, changed_on, note, created_at)
VALUES ('ev1', 'd1', NULL, 'discovered', '2024-04-10', '走访发现', '2024-04-10T08:00:00.000Z'),
       ('ev2', 'd1', 'discovered', 'refined', '2024-04-15', NULL, '2024-04-15T08:00:00.000Z'),
       ('ev3', 'd1', 'refined', 'matched', '2024-04-20', '指派张伟', '2024-04-20T08:00:00.000Z');
INSERT INTO need_matches (id, need_id, expert_id, method, matched_on, notes, created_at, updated_at)
VALUES ('m1', 'd1', 'e1', 'assigned', '2024-04-20', NULL, '2024-04-20T08:00:00.000Z', '2024-04-20T08:00:00.000Z');
INSERT INTO service_records (id, expert_id, enterprise_id, need_id, start_date, end_date, service_days, service_type,
    content, outcome_summary, contract_amount_fen, investment_fen, policy_funds_fen, cost_saved_fen,
    output_value_fen, profit_tax_fen, patents, new_products, new_technologies, people_trained, needs_solved,
    created_at, updated_at)
VALUES ('s1', 'e1', 'n1', 'd1', '2024-04-21', '2024-04-23', 3.0, 'tech_breakthrough', '曳引机减振方案设计与试验',
    '噪声降到 59 分贝', 12500000, 100, 123456789, 0, 30000000, 7000000, 2, 1, 1, 30, 1,
    '2024-04-23T08:00:00.000Z', '2024-04-23T08:00:00.000Z'),
       ('s2', 'e2', 'n2', NULL, '2024-06-01', '2024-06-01', 0.5, 'consulting', '竹材防霉处理咨询', NULL,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '2024-06-01T08:00:00.000Z', '2024-06-01T08:00:00.000Z');
INSERT INTO attachments (id, owner_kind, owner_id, file_name, stored_path, size_bytes, sha256, mime, created_at)
VALUES ('f1', 'visit', 'v1', '走访照片.jpg', 'attachments/2024/f1.jpg', 1234,
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'image/jpeg', '2024-04-10T09:00:00.000Z');
INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before_json, after_json)
VALUES ('au1', '2024-01-06T08:00:00.000Z', 'coordinator', 'create', 'expert', 'e1', NULL, '{{\"name\":\"张伟\"}}');
INSERT INTO settings (key, value) VALUES ('{unit}', '湖州市科技局'), ('{reporter}', '陈静');
",
        unit = ledger_core::reporting::settings::REPORTING_UNIT_KEY,
        reporter = ledger_core::reporting::settings::REPORTER_KEY,
    )
}

/// The tables of schema version 1, each with a column list that orders its rows.
const VERSION_1_TABLES: &[&str] = &[
    "organizations",
    "batches",
    "experts",
    "enterprises",
    "enterprise_contacts",
    "assignments",
    "visits",
    "visit_experts",
    "needs",
    "need_stage_events",
    "need_matches",
    "service_records",
    "attachments",
    "audit_log",
    "settings",
];

/// A table's name, its columns at the fixture's version and its rows in them.
type TableRows = (&'static str, Vec<String>, Vec<Vec<String>>);

/// Every row of `table`, in the columns `columns`, as text, sorted.
fn table_rows(conn: &Connection, table: &str, columns: &[String]) -> Vec<Vec<String>> {
    let sql = format!("SELECT {} FROM {table}", columns.join(", "));
    let mut stmt = conn.prepare(&sql).unwrap();
    let mut rows: Vec<Vec<String>> = stmt
        .query_map([], |r| (0..columns.len()).map(|i| Ok(format!("{:?}", r.get::<_, SqlValue>(i)?))).collect())
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    rows.sort();
    rows
}

fn columns_of(conn: &Connection, table: &str) -> Vec<String> {
    let stmt = conn.prepare(&format!("SELECT * FROM {table} LIMIT 0")).unwrap();
    stmt.column_names().map(str::to_owned).collect()
}

#[test]
fn every_schema_version_upgrades_with_every_record_intact() {
    use ledger_core::storage::migrations::{current_version, migrate_to, LATEST_VERSION};

    let mut upgraded = Vec::new();
    let mut fixture_rows = 0;
    for version in 1..LATEST_VERSION {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("ledger.sqlite3");
        // The fixture: a database at `version`, filled by SQL as the app of that version would have left it.
        let before: Vec<TableRows> = {
            let mut conn = Connection::open(&db).unwrap();
            ledger_core::storage::db::configure(&conn, true).unwrap();
            migrate_to(&mut conn, version).unwrap();
            assert_eq!(current_version(&conn).unwrap(), version);
            conn.execute_batch(&format!("BEGIN; {} COMMIT;", fixture_sql())).unwrap();
            VERSION_1_TABLES
                .iter()
                .map(|t| {
                    let columns = columns_of(&conn, t);
                    let rows = table_rows(&conn, t, &columns);
                    assert!(!rows.is_empty(), "the fixture fills {t}");
                    (*t, columns, rows)
                })
                .collect()
        };

        fixture_rows = before.iter().map(|(_, _, rows)| rows.len()).sum::<usize>();
        let ledger = Ledger::open(&db).unwrap();
        assert_eq!(ledger.migrated_from(), version);
        assert_eq!(ledger.app_info().unwrap().schema_version as i64, LATEST_VERSION);
        integrity_ok(&ledger);
        derived_tables_agree(&ledger);

        // Every row of every table, column for column.
        ledger
            .database()
            .read(|c| {
                for (table, columns, rows) in &before {
                    assert_eq!(&table_rows(c, table, columns), rows, "{table} after upgrading from version {version}");
                }
                Ok(())
            })
            .unwrap();

        // And through the API, as the pages show them.
        records_read_back_through_the_api(&ledger, version);
        upgraded.push(version);
    }
    println!(
        "migrations: fixture databases of schema versions {upgraded:?} ({fixture_rows} rows in {} tables each) \
         upgraded to {LATEST_VERSION}: {} of {} with every record intact, records lost: 0",
        VERSION_1_TABLES.len(),
        upgraded.len(),
        LATEST_VERSION - 1
    );
}

fn records_read_back_through_the_api(ledger: &Ledger, version: i64) {
    let at = |what: &str| format!("{what} (from version {version})");

    let zhang = ledger.get_expert("e1").unwrap();
    assert_eq!(
        (zhang.name.as_str(), zhang.title, zhang.phone.as_deref(), zhang.id_card.as_deref(), zhang.stamps.revision),
        ("张伟", ExpertTitle::Senior, Some("13800138001"), Some("11010519491231002X"), 3),
        "{}",
        at("expert")
    );
    assert_eq!(zhang.specialties, ["高分子材料", "复合材料"], "{}", at("specialties"));
    assert_eq!(zhang.organization_id.as_deref(), Some("o1"));
    assert_eq!(zhang.batch_id.as_deref(), Some("b1"));
    assert_eq!(ledger.get_expert("e2").unwrap().status, ExpertStatus::Paused);
    assert_eq!(ledger.get_expert("e3").unwrap_err().code(), "not_found", "{}", at("the deleted expert"));
    let bin = ledger.list_recycle_bin(1, 50).unwrap();
    assert!(bin.items.iter().any(|r| r.id == "e3"), "{}", at("the recycle bin"));
    assert_eq!(ledger.list_organizations().unwrap()[0].name, "浙江大学");
    assert_eq!(ledger.list_batches().unwrap()[0].name, "2024年第一批");

    let factory = ledger.get_enterprise("n1").unwrap();
    assert_eq!((factory.name.as_str(), factory.credit_code.as_str()), ("湖州电梯有限公司", code(1).as_str()));
    assert_eq!(factory.contacts.len(), 2, "{}", at("contacts"));
    assert!(factory.contacts.iter().any(|c| c.name == "陈静" && c.is_primary));
    let mill = ledger.get_enterprise("n2").unwrap();
    assert_eq!(mill.credit_code_override.as_deref(), Some("营业执照上的代码如此"));
    assert_eq!(ledger.list_assignments_of_expert("e1").unwrap().len(), 1, "{}", at("assignments"));

    let visit = ledger.get_visit("v1").unwrap();
    let mut names: Vec<&str> = visit.experts.iter().map(|e| e.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["张伟", "李娜"], "{}", at("visit participants"));
    assert_eq!(ledger.list_attachments(AttachmentOwnerKind::Visit, "v1").unwrap().len(), 1, "{}", at("attachments"));

    let need = ledger.get_need("d1").unwrap();
    assert_eq!(need.events.len(), 3, "{}", at("stage events"));
    assert_eq!(need.matches.len(), 1, "{}", at("matches"));
    assert_eq!(need.budget_fen, Some(5_000_000));
    assert_eq!(need.original_text.as_deref(), Some("我们的曳引机太吵了，想降下来"));

    let record = ledger.get_service_record("s1").unwrap();
    assert_eq!(
        (
            record.outcomes.contract_amount_fen,
            record.outcomes.policy_funds_fen,
            record.outcomes.patents,
            record.outcomes.people_trained
        ),
        (12_500_000, 123_456_789, 2, 30),
        "{}",
        at("service record")
    );
    let totals = ledger.service_totals(&ServiceRecordQuery::default()).unwrap();
    assert_eq!((totals.records, totals.service_days, totals.outcomes.contract_amount_fen), (2, 3.5, 12_500_000));
    let stats = ledger
        .statistics(&ReportFilter {
            period: "2024".into(),
            region: None,
            organization_id: None,
            batch_id: None,
            origins: None,
            reviewed_only: None,
        })
        .unwrap();
    assert_eq!(stats.outcomes.outcomes.contract_amount_fen, 12_500_000, "{}", at("statistics"));
    assert_eq!(stats.outcomes.records, 2);

    let settings = ledger.report_settings().unwrap();
    assert_eq!((settings.reporting_unit.as_str(), settings.reporter.as_str()), ("湖州市科技局", "陈静"));

    // Search finds them, through the trigram indexes (3+ characters) and through LIKE (2).
    let experts = |q: &str| {
        let page = ledger.list_experts(&ExpertQuery { search: Some(q.into()), ..ExpertQuery::default() }).unwrap();
        page.items.into_iter().map(|r| r.id).collect::<Vec<_>>()
    };
    assert_eq!(experts("高分子"), ["e1"], "{}", at("expert search"));
    assert_eq!(experts("张伟"), ["e1"]);
    let enterprises = |q: &str| {
        let query = EnterpriseQuery { search: Some(q.into()), ..EnterpriseQuery::default() };
        ledger.list_enterprises(&query).unwrap().items.into_iter().map(|r| r.id).collect::<Vec<_>>()
    };
    assert_eq!(enterprises("电梯有限"), ["n1"], "{}", at("enterprise search"));
    assert_eq!(enterprises("竹木"), ["n2"]);
    let visits = ledger.list_visits(&VisitQuery { search: Some("噪声偏大".into()), ..VisitQuery::default() }).unwrap();
    assert_eq!(visits.items.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["v1"], "{}", at("visit search"));
    let needs = ledger.list_needs(&NeedQuery { search: Some("噪声治理".into()), ..NeedQuery::default() }).unwrap();
    assert_eq!(needs.items.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["d1"], "{}", at("need search"));
    let records = ledger
        .list_service_records(&ServiceRecordQuery {
            search: Some("减振方案".into()), ..ServiceRecordQuery::default()
        })
        .unwrap();
    assert_eq!(records.items.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["s1"], "{}", at("ledger search"));

    // The upgraded file takes new records, and search finds them too.
    let saved = ledger.create_expert(&numbered_expert("庚", version as u32, 0)).unwrap();
    assert_eq!(experts(&saved.name), std::slice::from_ref(&saved.id));
    integrity_ok(ledger);
}

// ---------------------------------------------------------------------------------------------------------------
// An export's target open in another program (Excel, WPS on Windows)
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn windows_sharing_and_lock_violations_are_recognised_by_their_raw_code() {
    use ledger_core::error::is_windows_sharing_violation;
    for raw in [32, 33] {
        let e = std::io::Error::from_raw_os_error(raw);
        assert!(is_windows_sharing_violation(e.raw_os_error().unwrap()), "{raw}");
    }
    for raw in [0, 2, 5, 13, 28, 30, 112] {
        assert!(!is_windows_sharing_violation(raw), "{raw}");
    }
    // The raw code means "in use" only where it is Windows' code (on Linux 32 is EPIPE).
    let err = CoreError::Io(std::io::Error::from_raw_os_error(32));
    if cfg!(windows) {
        assert_eq!(err.code(), "file_in_use", "{err}");
        assert!(err.message_zh().contains("文件正被其他程序打开，请关闭后重试"), "{}", err.message_zh());
    } else {
        assert_eq!(err.code(), "io", "{err}");
    }
}

#[test]
fn a_replacing_rename_refused_on_windows_reads_file_in_use_and_elsewhere_read_only() {
    use ledger_core::storage::fs_atomic::replace_refused;
    let denied = || std::io::Error::from(std::io::ErrorKind::PermissionDenied);
    let in_use = CoreError::Io(replace_refused(denied(), true));
    assert_eq!(in_use.code(), "file_in_use", "{in_use}");
    assert_eq!(in_use.message_zh(), "文件正被其他程序打开，请关闭后重试（原文件未改动）");
    assert!(in_use.message_en().contains("open in another program"), "{}", in_use.message_en());
    let read_only = CoreError::Io(replace_refused(denied(), false));
    assert_eq!(read_only.code(), "read_only", "no existing target (or not Windows): the folder refuses writes");
    let other = CoreError::Io(replace_refused(std::io::Error::from(std::io::ErrorKind::NotFound), true));
    assert_eq!(other.code(), "io");
}

/// An export of the services ledger to `out`.
fn export_services(ledger: &Ledger, out: &Path) -> Result<ExportReport, CoreError> {
    let request = ExportRequest {
        kind: ExportKind::Services,
        format: ExportFormat::Xlsx,
        filter: ReportFilter {
            period: "2026".into(),
            region: None,
            organization_id: None,
            batch_id: None,
            origins: None,
            reviewed_only: None,
        },
        columns: None,
        include_full_id: false,
        paper: None,
    };
    ledger.export(&request, out, &mut |_, _| true)
}

/// Linux cannot hold a file open against a rename, but a mount point refuses one (`EBUSY`), the way a workbook open
/// in Excel refuses it on Windows: the export fails as `file_in_use`, the old file stays, no partial file is left.
#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "Linux only: a bind mount holds the target against a rename; Windows has its own test (platform::a_rename_onto_a_file_another_program_holds_open)"
)]
fn an_export_whose_target_cannot_be_replaced_fails_as_file_in_use_and_keeps_the_old_file() {
    #[cfg(target_os = "linux")]
    {
        let tmp = tempfile::tempdir().unwrap();
        let ledger = Ledger::open(&tmp.path().join("ledger.sqlite3")).unwrap();
        let folder = tmp.path().join("导出");
        std::fs::create_dir_all(&folder).unwrap();
        let out = folder.join("服务台账.xlsx");
        std::fs::write(&out, b"the old workbook").unwrap();
        let _held = match os::Mount::read_only(&out) {
            Ok(mount) => mount,
            Err(e) if os::not_permitted(&e) => {
                println!("NOT RUN: no right to mount here, so no target can be held against a rename");
                return;
            }
            Err(e) => panic!("bind mount of {}: {e}", out.display()),
        };
        let err = export_services(&ledger, &out).unwrap_err();
        println!("export onto a held target → {}", describe(&err));
        assert_eq!(err.code(), "file_in_use", "{err}");
        assert!(err.message_zh().contains("请关闭后重试"), "{}", err.message_zh());
        drop(_held);
        assert_eq!(std::fs::read(&out).unwrap(), b"the old workbook", "the old file is as it was");
        assert_eq!(names_in(&folder), ["服务台账.xlsx"], "no partial file is left");
    }
}

/// An export into a folder that cannot be written: the read-only message, the old file unchanged, nothing beside it.
#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "Linux only: a read-only bind mount or Unix permission bits")]
fn an_export_into_a_read_only_folder_fails_clearly_and_keeps_the_old_file() {
    #[cfg(target_os = "linux")]
    {
        let tmp = tempfile::tempdir().unwrap();
        let ledger = Ledger::open(&tmp.path().join("ledger.sqlite3")).unwrap();
        let folder = tmp.path().join("只读");
        std::fs::create_dir_all(&folder).unwrap();
        let out = folder.join("服务台账.xlsx");
        std::fs::write(&out, b"the old workbook").unwrap();
        {
            let _read_only = ReadOnly::make(&folder);
            let err = export_services(&ledger, &out).unwrap_err();
            println!("export into a read-only folder → {}", describe(&err));
            assert_eq!(err.code(), "read_only", "{err}");
            assert!(err.message_zh().contains("只读"), "{}", err.message_zh());
        }
        assert_eq!(std::fs::read(&out).unwrap(), b"the old workbook", "the old file is as it was");
        assert_eq!(names_in(&folder), ["服务台账.xlsx"], "no partial file is left");
    }
}

#[test]
fn a_clean_close_checkpoints_and_truncates_the_wal_and_lets_go_of_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    let wal = dir.path().join("ledger.sqlite3-wal");
    let policy = ledger_core::data_folder::backup::BackupPolicy { daily_at_open: false, ..Default::default() };
    let ledger = ledger_core::Ledger::open_with(&db, policy.clone()).unwrap();
    for i in 0..20u32 {
        ledger.create_expert(&crate::common::expert(&format!("关闭测试{i}"), None)).unwrap();
    }
    assert!(std::fs::metadata(&wal).unwrap().len() > 0, "the saves sit in the WAL while the ledger is open");
    ledger.close().unwrap();
    assert!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) == 0, "the WAL is empty or gone after close");
    // The database file alone holds every save, and the lock is free: a read-only copy of the file sees them all.
    let copy = dir.path().join("copy.sqlite3");
    std::fs::copy(&db, &copy).unwrap();
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM experts", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 20);
    let again = ledger_core::Ledger::open_with(&db, policy).expect("the writer lock was let go");
    assert_eq!(crate::common::rows(&again, "experts"), 20);
}
