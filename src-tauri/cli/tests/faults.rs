//! Proof under faults (issue 7), the faults that need a second process: the writing process killed (SIGKILL) at
//! random moments during a stream of saves, and a second launch while the first holds the database. The faults one
//! process meets (disk full, read-only folder, locked database, old schema versions) are in
//! `src-tauri/core/tests/integration/faults.rs`; `docs/RELIABILITY.md`
//! says which test proves what, with its last figures.
//!
//! The other process is this test binary run again (`std::env::current_exe()`) with `LEDGER_FAULTS_CHILD` set,
//! which makes its ignored `child_entry` test act as the writer. Run with `-- --nocapture` to see the figures.

/// The entry of a re-executed copy of this binary ([`unix::child_entry`]); ignored in a normal run.
#[test]
#[ignore = "the child process of the fault tests; they run it themselves"]
fn child_entry() {
    #[cfg(unix)]
    unix::child_entry();
}

#[test]
#[cfg_attr(
    not(unix),
    ignore = "Unix only: kills the writing process with SIGKILL and reads its signal from the exit status"
)]
fn sigkill_during_a_stream_of_saves_never_loses_an_acknowledged_save() {
    #[cfg(unix)]
    unix::sigkill_during_a_stream_of_saves_never_loses_an_acknowledged_save();
}

#[test]
#[cfg_attr(
    not(unix),
    ignore = "Unix only: shares the child-process harness of the SIGKILL tests (not yet ported to Windows)"
)]
fn a_second_launch_never_opens_a_second_writer() {
    #[cfg(unix)]
    unix::a_second_launch_never_opens_a_second_writer();
}

#[test]
#[cfg_attr(
    not(unix),
    ignore = "Unix only: kills `ledger-cli exchange merge` with SIGKILL and reads its signal from the exit status"
)]
fn sigkill_during_a_merge_leaves_the_ledger_as_before_or_fully_merged() {
    #[cfg(unix)]
    unix::sigkill_during_a_merge_leaves_the_ledger_as_before_or_fully_merged();
}

/// The harness and the tests' bodies: Unix only (SIGKILL, `std::os::unix`).
#[cfg(unix)]
mod unix {
    use std::io::{BufRead, BufReader, Write};
    use std::path::{Path, PathBuf};
    use std::process::{Child, ChildStdin, Command, Stdio};
    use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
    use std::time::{Duration, Instant};

    use ledger_core::model::*;
    use ledger_core::validate::credit_code::check_char;
    use ledger_core::Ledger;
    use serde_json::Value;

    /// Turns a re-executed copy of this binary into a child: `crash-writer` or `holder`.
    const CHILD_ENV: &str = "LEDGER_FAULTS_CHILD";
    /// The database the child opens.
    const DB_ENV: &str = "LEDGER_FAULTS_DB";
    /// The child's trial number (it makes the child's names, phones and credit codes unique).
    const TRIAL_ENV: &str = "LEDGER_FAULTS_TRIAL";
    /// Overrides the crash harness's seed (default [`DEFAULT_SEED`]) …
    const SEED_ENV: &str = "LEDGER_FAULTS_SEED";
    /// … and its number of trials (default [`DEFAULT_TRIALS`]).
    const TRIALS_ENV: &str = "LEDGER_FAULTS_TRIALS";
    const DEFAULT_SEED: u64 = 20_260_407;
    const DEFAULT_TRIALS: u64 = 120;

    /// How long a child may take to answer before the test gives up on it (never reached when all is well).
    const PATIENCE: Duration = Duration::from_secs(30);

    // ---------------------------------------------------------------------------------------------------------------
    // The child process
    // ---------------------------------------------------------------------------------------------------------------

    /// The entry of a re-executed copy of this binary; ignored in a normal run (it does nothing without the variable).
    pub(super) fn child_entry() {
        let Ok(mode) = std::env::var(CHILD_ENV) else { return };
        let db = PathBuf::from(std::env::var_os(DB_ENV).expect("LEDGER_FAULTS_DB"));
        let code = match mode.as_str() {
            "crash-writer" => crash_writer(&db, std::env::var(TRIAL_ENV).unwrap().parse().unwrap()),
            "holder" => holder(&db),
            other => panic!("unknown child mode {other}"),
        };
        std::process::exit(code);
    }

    /// One line to the parent, flushed before anything else happens.
    fn tell(line: &str) {
        let mut out = std::io::stdout().lock();
        // A parent that is gone (the pipe closed) ends the child.
        if writeln!(out, "{line}").and_then(|()| out.flush()).is_err() {
            std::process::exit(0);
        }
    }

    /// Opens the ledger and saves through the real API until killed: experts, enterprises with a contact, service
    /// records, visits with two experts, and edits. Each save is told to the parent as `ACK <kind> <id> <revision>` only
    /// after the call returned Ok, i.e. after its transaction committed.
    fn crash_writer(db: &Path, trial: u32) -> i32 {
        let ledger = match Ledger::open(db) {
            Ok(l) => l,
            Err(e) => {
                tell(&format!("ERROR open: {e}"));
                return 3;
            }
        };
        tell("READY");
        let mut experts: Vec<Expert> = Vec::new();
        let mut enterprise: Option<String> = None;
        for i in 0u32..99_999 {
            let result = match i % 6 {
                0 | 3 => ledger.create_expert(&expert_input(trial, i)).map(|e| {
                    let ack = format!("expert {} {}", e.id, e.stamps.revision);
                    experts.push(e);
                    ack
                }),
                1 => ledger.create_enterprise(&enterprise_input(trial, i)).map(|saved| {
                    enterprise = Some(saved.record.id.clone());
                    format!("enterprise {} {}", saved.record.id, saved.record.stamps.revision)
                }),
                2 => {
                    let (Some(expert), Some(enterprise)) = (experts.last(), &enterprise) else { continue };
                    ledger
                        .create_service_record(&service_input(&expert.id, enterprise, i))
                        .map(|r| format!("service_record {} {}", r.id, r.stamps.revision))
                }
                4 => {
                    let (Some(enterprise), true) = (&enterprise, experts.len() >= 2) else { continue };
                    let ids = experts[experts.len() - 2..].iter().map(|e| e.id.clone()).collect();
                    ledger
                        .create_visit(&visit_input(enterprise, ids, i))
                        .map(|v| format!("visit {} {}", v.id, v.stamps.revision))
                }
                _ => {
                    let Some(last) = experts.last_mut() else { continue };
                    let input = ExpertInput { notes: Some(format!("第{i}次修改")), ..expert_input(trial, i - 2) };
                    ledger.update_expert(&last.id, last.stamps.revision, &input).map(|e| {
                        let ack = format!("expert {} {}", e.id, e.stamps.revision);
                        *last = e;
                        ack
                    })
                }
            };
            match result {
                Ok(ack) => tell(&format!("ACK {ack}")),
                Err(e) => {
                    tell(&format!("ERROR save {i}: {e}"));
                    return 4;
                }
            }
        }
        0
    }

    fn expert_input(trial: u32, i: u32) -> ExpertInput {
        ExpertInput {
            name: format!("专员{trial:03}-{i:05}"),
            title: Some(ExpertTitle::Senior),
            phone: Some(format!("13{trial:04}{i:05}")),
            discipline: Some("材料科学与工程".into()),
            specialties: vec!["复合材料".into(), "表面处理".into()],
            notes: Some("派驻湖州".into()),
            ..ExpertInput::default()
        }
    }

    fn enterprise_input(trial: u32, i: u32) -> EnterpriseInput {
        let body = format!("91330100MA{:07}", trial * 10_000 + i % 10_000);
        EnterpriseInput {
            name: format!("湖州精工{trial:03}{i:05}有限公司"),
            credit_code: format!("{body}{}", check_char(&body).unwrap()),
            province: Some("浙江省".into()),
            city: Some("湖州市".into()),
            main_products: Some("曳引机".into()),
            contacts: vec![ContactInput {
                name: "陈静".into(),
                phone: Some(format!("136{i:08}")),
                is_primary: true,
                ..ContactInput::default()
            }],
            ..EnterpriseInput::default()
        }
    }

    fn service_input(expert: &str, enterprise: &str, i: u32) -> ServiceRecordInput {
        ServiceRecordInput {
            expert_id: Some(expert.into()),
            enterprise_id: Some(enterprise.into()),
            start_date: Some("2025-06-02".into()),
            end_date: Some("2025-06-03".into()),
            service_days: 2.0,
            service_type: Some(ServiceType::TechBreakthrough),
            content: format!("曳引机减振方案第{i}轮试验"),
            outcomes: OutcomesInput { contract_amount: "12.5".into(), people_trained: 3, ..Default::default() },
            ..ServiceRecordInput::default()
        }
    }

    fn visit_input(enterprise: &str, expert_ids: Vec<String>, i: u32) -> VisitInput {
        VisitInput {
            visit_date: "2025-06-01".into(),
            enterprise_id: enterprise.into(),
            expert_ids,
            mode: Some(VisitMode::OnSite),
            purpose: Some(format!("第{i}次走访：了解降噪需求")),
            findings: Some("曳引机运行噪声偏大".into()),
            ..VisitInput::default()
        }
    }

    /// Opens the ledger, says READY, then saves one expert for each `save` line on stdin (telling `ACK expert <id>`),
    /// and closes the ledger when stdin ends: the first launch of the app, holding the database.
    fn holder(db: &Path) -> i32 {
        let ledger = match Ledger::open(db) {
            Ok(l) => l,
            Err(e) => {
                tell(&format!("ERROR open: {e}"));
                return 3;
            }
        };
        tell("READY");
        let mut n = 0;
        for line in std::io::stdin().lock().lines() {
            if line.unwrap().trim() == "save" {
                let saved = ledger.create_expert(&expert_input(999, n)).unwrap();
                tell(&format!("ACK expert {} {}", saved.id, saved.stamps.revision));
                n += 1;
            }
        }
        drop(ledger);
        0
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The parent's side
    // ---------------------------------------------------------------------------------------------------------------

    /// A child process and the lines it prints, read on a thread of their own.
    struct ChildProcess {
        child: Child,
        lines: Receiver<String>,
    }

    impl ChildProcess {
        fn spawn(mode: &str, db: &Path, trial: u64) -> ChildProcess {
            let mut child = Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "child_entry", "--ignored", "--nocapture", "--test-threads=1"])
                .env(CHILD_ENV, mode)
                .env(DB_ENV, db)
                .env(TRIAL_ENV, trial.to_string())
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("the child starts");
            let stdout = child.stdout.take().unwrap();
            let (tx, lines) = mpsc::channel();
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines() {
                    let Ok(line) = line else { break };
                    // libtest writes "test child_entry ... " before the child's first line, on the same line.
                    let start = ["READY", "ACK ", "ERROR "].iter().filter_map(|m| line.find(m)).min();
                    if let Some(start) = start {
                        if tx.send(line[start..].to_owned()).is_err() {
                            break;
                        }
                    }
                }
            });
            ChildProcess { child, lines }
        }

        fn stdin(&mut self) -> &mut ChildStdin {
            self.child.stdin.as_mut().unwrap()
        }

        /// The next line, waiting for it (a child that says nothing for [`PATIENCE`] fails the test).
        fn next_line(&self) -> Option<String> {
            match self.lines.recv_timeout(PATIENCE) {
                Ok(line) => Some(line),
                Err(RecvTimeoutError::Disconnected) => None,
                Err(RecvTimeoutError::Timeout) => panic!("the child said nothing for {PATIENCE:?}"),
            }
        }
    }

    /// A save the child acknowledged: kind, id, revision.
    #[derive(Debug, Clone)]
    struct Ack {
        kind: String,
        id: String,
        revision: i32,
    }

    fn parse_ack(line: &str) -> Option<Ack> {
        let mut parts = line.strip_prefix("ACK ")?.split(' ');
        Some(Ack {
            kind: parts.next()?.to_owned(),
            id: parts.next()?.to_owned(),
            revision: parts.next()?.parse().ok()?,
        })
    }

    /// Whether `ack` is in the ledger, at its acknowledged revision or a later one.
    fn present(ledger: &Ledger, ack: &Ack) -> bool {
        let revision = match ack.kind.as_str() {
            "expert" => ledger.get_expert(&ack.id).map(|r| r.stamps.revision),
            "enterprise" => {
                ledger.get_enterprise(&ack.id).map(|r| if r.contacts.len() == 1 { r.stamps.revision } else { -1 })
            }
            "service_record" => ledger.get_service_record(&ack.id).map(|r| r.stamps.revision),
            "visit" => ledger.get_visit(&ack.id).map(|r| if r.experts.len() == 2 { r.stamps.revision } else { -1 }),
            other => panic!("unknown kind {other}"),
        };
        revision.is_ok_and(|r| r >= ack.revision)
    }

    /// splitmix64: a small seeded generator, so a run's kill points can be drawn again.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        /// A number in `low..=high`.
        fn between(&mut self, low: u64, high: u64) -> u64 {
            low + self.next() % (high - low + 1)
        }
    }

    fn env_number(name: &str, default: u64) -> u64 {
        std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
    }

    /// Where a trial's SIGKILL lands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum KillPoint {
        /// A random delay after the start, without waiting for the ledger to open (during start-up or migration).
        DuringOpen,
        /// A random delay after the ledger is open, whatever it is doing then.
        AfterDelay,
        /// Right after a random number of acknowledged saves (while the next one is under way).
        AfterAcks,
    }

    pub(super) fn sigkill_during_a_stream_of_saves_never_loses_an_acknowledged_save() {
        let seed = env_number(SEED_ENV, DEFAULT_SEED);
        let trials = env_number(TRIALS_ENV, DEFAULT_TRIALS);
        let mut rng = Rng(seed);
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("ledger.sqlite3");
        let started = Instant::now();

        let mut all_acks: Vec<Ack> = Vec::new();
        let mut kill_points = [0u32; 3];
        let mut integrity_failures = Vec::new();
        let mut lost = Vec::new();
        let mut unacknowledged_kills = 0;

        for trial in 0..trials {
            let point = match rng.between(0, 9) {
                0 => KillPoint::DuringOpen,
                1..=5 => KillPoint::AfterDelay,
                _ => KillPoint::AfterAcks,
            };
            kill_points[point as usize] += 1;
            let mut child = ChildProcess::spawn("crash-writer", &db, trial);
            let mut acks = Vec::new();
            let take = |line: String, acks: &mut Vec<Ack>| {
                if line.starts_with("ERROR") {
                    panic!("trial {trial}: the writer failed: {line}");
                }
                if let Some(ack) = parse_ack(&line) {
                    acks.push(ack);
                }
            };
            match point {
                KillPoint::DuringOpen => {
                    // The kill delay itself is the one sleep the harness has.
                    std::thread::sleep(Duration::from_millis(rng.between(0, 40)));
                }
                KillPoint::AfterDelay => {
                    assert_eq!(child.next_line().as_deref(), Some("READY"), "trial {trial}");
                    let deadline = Instant::now() + Duration::from_millis(rng.between(5, 200));
                    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
                        match child.lines.recv_timeout(left) {
                            Ok(line) => take(line, &mut acks),
                            Err(RecvTimeoutError::Timeout) => break,
                            Err(RecvTimeoutError::Disconnected) => {
                                panic!("trial {trial}: the writer stopped by itself")
                            }
                        }
                    }
                }
                KillPoint::AfterAcks => {
                    assert_eq!(child.next_line().as_deref(), Some("READY"), "trial {trial}");
                    let wanted = rng.between(1, 40) as usize;
                    while acks.len() < wanted {
                        let line = child.next_line().unwrap_or_else(|| panic!("trial {trial}: the writer stopped"));
                        take(line, &mut acks);
                    }
                }
            }
            child.child.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix
            let status = child.child.wait().unwrap();
            {
                use std::os::unix::process::ExitStatusExt;
                if status.signal() != Some(libc::SIGKILL) {
                    // It had already ended (it never does by itself): a kill that hit nothing.
                    unacknowledged_kills += 1;
                }
            }
            // Lines printed before the kill are still in the pipe: they were acknowledged too.
            while let Ok(line) = child.lines.recv_timeout(PATIENCE) {
                take(line, &mut acks);
            }

            // The lock died with the writer; the database opens, passes its checks and has every acknowledged save.
            let ledger = Ledger::open(&db).unwrap_or_else(|e| panic!("trial {trial}: reopening failed: {e}"));
            let report = ledger.check_integrity().unwrap();
            if !report.ok {
                integrity_failures.push((trial, report.problems));
            }
            lost.extend(acks.iter().filter(|a| !present(&ledger, a)).map(|a| (trial, a.clone())));
            drop(ledger);
            all_acks.extend(acks);
        }

        // At the end: every save acknowledged in any trial, and the derived tables agree with their rows.
        let ledger = Ledger::open(&db).unwrap();
        let lost_at_end = all_acks.iter().filter(|a| !present(&ledger, a)).count();
        for fts in ["experts_fts", "enterprises_fts", "visits_fts", "service_records_fts"] {
            ledger
                .database()
                .write(|tx| {
                    Ok(tx.execute_batch(&format!("INSERT INTO {fts}({fts}, rank) VALUES('integrity-check', 1)"))?)
                })
                .unwrap_or_else(|e| panic!("{fts} disagrees with its table: {e}"));
        }
        let totals = ledger.service_totals(&ServiceRecordQuery::default()).unwrap();
        let recount: i64 = ledger
            .database()
            .read(|c| {
                Ok(c.query_row("SELECT count(*) FROM service_records WHERE deleted_at IS NULL", [], |r| r.get(0))?)
            })
            .unwrap();
        assert_eq!(i64::from(totals.records), recount, "the ledger's totals agree with its rows");
        let stored: i64 = ["experts", "enterprises", "service_records", "visits"]
            .iter()
            .map(|t| {
                ledger
                    .database()
                    .read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get::<_, i64>(0))?))
            })
            .sum::<ledger_core::Result<i64>>()
            .unwrap();
        let by_kind = |kind: &str| all_acks.iter().filter(|a| a.kind == kind).count();
        let distinct = all_acks.iter().map(|a| a.id.as_str()).collect::<std::collections::HashSet<_>>().len() as i64;
        println!(
            "crash harness: seed={seed} trials={trials} (SIGKILL during open: {}, after a random delay: {}, right after a \
             random number of acknowledgements: {}; kills that found the writer already gone: {unacknowledged_kills}); \
             acknowledged saves={} (experts {} of which edits {}, enterprises {}, service records {}, visits {}) of \
             {distinct} distinct records; records stored={stored} (a save may commit just before the kill, unacknowledged); \
             integrity failures={}; records lost={} (at the end: {lost_at_end}); {:.1} s",
            kill_points[0],
            kill_points[1],
            kill_points[2],
            all_acks.len(),
            by_kind("expert"),
            all_acks.iter().filter(|a| a.kind == "expert" && a.revision > 1).count(),
            by_kind("enterprise"),
            by_kind("service_record"),
            by_kind("visit"),
            integrity_failures.len(),
            lost.len(),
            started.elapsed().as_secs_f64()
        );
        assert!(integrity_failures.is_empty(), "integrity failures: {integrity_failures:?}");
        assert!(lost.is_empty(), "acknowledged saves lost: {lost:?}");
        assert_eq!(lost_at_end, 0);
        assert!(stored >= distinct, "at least every acknowledged record is stored");
        assert!(trials >= 100 || std::env::var_os(TRIALS_ENV).is_some(), "at least 100 trials");
        assert!(all_acks.len() as u64 > trials, "the writers got to save (they were not all killed at start-up)");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Two launches
    // ---------------------------------------------------------------------------------------------------------------

    fn cli(args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_ledger-cli"))
            .args(args)
            .env_remove(ledger_core::data_folder::paths::DATA_DIR_ENV)
            .output()
            .expect("ledger-cli runs")
    }

    pub(super) fn a_second_launch_never_opens_a_second_writer() {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("ledger.sqlite3");
        let db_arg = db.to_str().unwrap();

        // The first launch opens the ledger and keeps it.
        let mut first = ChildProcess::spawn("holder", &db, 0);
        assert_eq!(first.next_line().as_deref(), Some("READY"));
        writeln!(first.stdin(), "save").unwrap();
        let before = parse_ack(&first.next_line().unwrap()).expect("the first launch saves");

        // A second launch of the core in another process (this one) is refused: no second writer.
        let err = Ledger::open(&db).err().expect("a second writer is refused");
        println!("second launch (core) → {}: {}", err.code(), err.message_zh());
        assert_eq!(err.code(), "in_use", "{err}");
        assert!(err.message_zh().contains("正被另一个程序窗口或脚本使用"), "{}", err.message_zh());

        // So is a script writing through ledger-cli, with a clear message and exit code 2.
        let out = cli(&["sample", "--as-of", "2025-12-31", "--db", db_arg, "--json"]);
        assert_eq!(out.status.code(), Some(2));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["error"]["code"], "in_use", "{v}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        println!("second launch (ledger-cli sample) → exit 2: {}", stderr.lines().next().unwrap_or(""));
        assert!(stderr.contains("[in_use]"), "{stderr}");

        // Reading is not writing: the integrity check runs beside the first launch.
        let out = cli(&["check", "--db", db_arg, "--json"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

        // The first launch was not disturbed: it saves again.
        writeln!(first.stdin(), "save").unwrap();
        let after = parse_ack(&first.next_line().unwrap()).expect("the first launch still saves");

        // Once it closes, the database opens here with both of its saves.
        drop(first.child.stdin.take());
        assert!(first.child.wait().unwrap().success());
        let ledger = Ledger::open(&db).expect("after the first launch closes, the database opens");
        assert!(present(&ledger, &before) && present(&ledger, &after));
        assert_eq!(
            ledger.list_experts(&ExpertQuery::default()).unwrap().total,
            2,
            "the refused launches wrote nothing"
        );
        assert!(ledger.check_integrity().unwrap().ok);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // A merge killed
    // ---------------------------------------------------------------------------------------------------------------

    /// The rows of the tables a merge writes, and of its history.
    fn merged_counts(db: &Path) -> Vec<i64> {
        let ledger = Ledger::open(db).expect("the ledger opens after the kill");
        assert!(ledger.check_integrity().unwrap().ok, "the integrity check passes after the kill");
        let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        ["experts", "enterprises", "visits", "needs", "service_records", "merged_records", "exchange_merges"]
            .iter()
            .map(|t| conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap())
            .collect()
    }

    /// Issue 13: `ledger-cli exchange merge` killed (SIGKILL) at points spread over the time a whole merge of the same
    /// package takes (opening and checking the package, the backup before the merge, the merge's one transaction):
    /// every time the ledger opens afterwards, passes the integrity check, and holds none of the package or all of it.
    pub(super) fn sigkill_during_a_merge_leaves_the_ledger_as_before_or_fully_merged() {
        const KILLS: u32 = 6;
        let tmp = tempfile::tempdir().unwrap();
        let arg = |p: &Path| p.to_str().unwrap().to_owned();
        // A coordinator's ledger and its package; the superior's ledger, a different sample.
        let origin = tmp.path().join("origin").join("ledger.sqlite3");
        assert!(cli(&["sample", "--as-of", "2025-12-31", "--db", &arg(&origin), "--seed", "31"]).status.success());
        let package = tmp.path().join("甲县.stlx");
        let out = cli(&["exchange", "export", "--db", &arg(&origin), "--out", &arg(&package)]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let base = tmp.path().join("base").join("ledger.sqlite3");
        assert!(cli(&["sample", "--as-of", "2025-12-31", "--db", &arg(&base), "--seed", "32"]).status.success());
        let before = merged_counts(&base);
        let trial_db = |name: &str| {
            let db = tmp.path().join(name).join("ledger.sqlite3");
            std::fs::create_dir_all(db.parent().unwrap()).unwrap();
            std::fs::copy(&base, &db).unwrap();
            db
        };
        let merge = |db: &Path| {
            Command::new(env!("CARGO_BIN_EXE_ledger-cli"))
                .args(["exchange", "merge", &arg(&package), "--db", &arg(db)])
                .env_remove(ledger_core::data_folder::paths::DATA_DIR_ENV)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("ledger-cli runs")
        };

        // A whole merge: how long it takes, and what it leaves.
        let whole = trial_db("whole");
        let started = Instant::now();
        assert!(merge(&whole).wait().unwrap().success());
        let took = started.elapsed();
        let after = merged_counts(&whole);
        assert_ne!(after, before, "the package adds records");

        let (mut as_before, mut merged) = (0, 0);
        for k in 1..=KILLS {
            let db = trial_db(&format!("kill-{k}"));
            let mut child = merge(&db);
            // The fault's moment: k/(KILLS+1) of a whole merge's time after the start.
            let at = took * k / (KILLS + 1);
            let started = Instant::now();
            while started.elapsed() < at && child.try_wait().unwrap().is_none() {
                std::thread::sleep(Duration::from_millis(5));
            }
            let killed = child.try_wait().unwrap().is_none();
            child.kill().ok();
            child.wait().unwrap();
            let now = merged_counts(&db);
            if now == before {
                as_before += 1;
            } else {
                assert_eq!(now, after, "kill {k} (killed: {killed}) left a partial merge");
                merged += 1;
            }
        }
        println!(
            "merge killed at {KILLS} points over {:.2} s: {as_before} left the ledger as before, {merged} fully merged",
            took.as_secs_f64()
        );
        assert!(as_before > 0, "at least one kill landed before the merge committed");
    }
}
