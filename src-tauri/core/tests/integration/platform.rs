//! Where the ledger meets the operating system (issue 16): folders named as people name them (Chinese characters and
//! spaces), a data folder deeper than Windows' 260 characters, a rename onto a file another program holds open, the
//! OS config folder's rules, and the line endings of CSV files. Every test here runs on every system; where the
//! systems behave differently a test checks what each one does. A test that cannot run on some system is ignored
//! there with its reason in the attribute, and docs/PLATFORMS.md lists them all (checked below).

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use crate::common;
use crate::sealed_attachments::{ledger_with_visit, open, photo};
use ledger_core::data_folder::paths::{self, Os};
use ledger_core::model::*;
use ledger_core::{CoreError, Ledger};

/// A data folder as a person names it: Chinese characters, spaces, brackets.
const PEOPLES_FOLDER: [&str; 2] = ["我的 文档", "科技专员 台账 (2026)"];

fn all_time() -> ReportFilter {
    ReportFilter {
        period: "2000-01-01..2099-12-31".into(),
        region: None,
        organization_id: None,
        batch_id: None,
        origins: None,
        reviewed_only: None,
    }
}

fn export(ledger: &Ledger, kind: ExportKind, format: ExportFormat, out: &Path) -> Result<ExportReport, CoreError> {
    let request =
        ExportRequest { kind, format, filter: all_time(), columns: None, include_full_id: false, paper: None };
    ledger.export(&request, out, &mut |_, _| true)
}

/// Imports the enterprises of `file` into a new in-memory ledger; answers it with the report.
fn import_enterprises(file: &Path) -> (Ledger, ImportReport) {
    let ledger = Ledger::open_in_memory().unwrap();
    let request = ImportRequest {
        path: file.to_string_lossy().into_owned(),
        kind: ImportKind::Enterprises,
        ..ImportRequest::default()
    };
    let plan = ledger.import_preview(&request).unwrap();
    let report = ledger.import_commit(&plan, &mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    (ledger, report)
}

fn enterprise_names(ledger: &Ledger) -> Vec<String> {
    let page = ledger.list_enterprises(&EnterpriseQuery { page_size: 100, ..EnterpriseQuery::default() }).unwrap();
    let mut names: Vec<String> = page.items.into_iter().map(|e| e.name).collect();
    names.sort();
    names
}

/// A ledger with three enterprises (one name with a comma and quotes, which CSV must quote).
fn ledger_with_enterprises() -> Ledger {
    let ledger = Ledger::open_in_memory().unwrap();
    for (n, name) in
        ["宁波精密机械有限公司", "杭州\"新材料\",科技有限公司", "温州 电器 股份有限公司"].iter().enumerate()
    {
        ledger.create_enterprise(&common::enterprise(name, n as u32 + 1)).unwrap();
    }
    ledger
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// The ledger in `data` (made with one visit) takes a photo, is backed up inside its folder and to a folder outside,
/// and the outside backup restores over a later change and into an empty data folder elsewhere.
fn photos_backups_and_restores_work_in(data: &Path, elsewhere: &Path) {
    std::fs::create_dir_all(data).unwrap();
    let (db, visit) = ledger_with_visit(data);
    let ledger = open(&db, None);
    let photo_1 = ledger.add_attachment(AttachmentOwnerKind::Visit, &visit, "现场 照片 一.png", &photo(1)).unwrap();
    let stored = ledger.attachment_path(&photo_1.id).unwrap();
    assert!(stored.starts_with(data), "{}", stored.display());
    assert_eq!(std::fs::read(&stored).unwrap(), photo(1));

    let inside = ledger.backup_now(None).unwrap();
    assert!(Path::new(&inside.path).starts_with(data), "{}", inside.path);
    let usb = elsewhere.join("U盘 备份");
    let outside = ledger.backup_now(Some(&usb)).unwrap();
    assert!(Path::new(&outside.path).starts_with(&usb), "{}", outside.path);

    let experts = common::rows(&ledger, "experts");
    ledger.create_expert(&common::expert("备份 之后", None)).unwrap();
    let report = ledger.restore_backup(Path::new(&outside.path)).unwrap();
    assert!(report.missing_files.is_empty(), "{:?}", report.missing_files);
    assert_eq!(common::rows(&ledger, "experts"), experts, "the change after the backup is gone");
    assert_eq!(ledger.attachment_bytes(&photo_1.id).unwrap(), photo(1));
    ledger.close().unwrap();

    let reopened = open(&db, None);
    assert!(reopened.check_integrity().unwrap().ok);
    assert_eq!(reopened.attachment_bytes(&photo_1.id).unwrap(), photo(1));

    let other_pc = elsewhere.join("另一台 电脑").join("台账 数据");
    let fresh = open(&other_pc.join(paths::DB_FILE_NAME), None);
    fresh.restore_backup(Path::new(&outside.path)).unwrap();
    assert_eq!(fresh.attachment_bytes(&photo_1.id).unwrap(), photo(1), "the photo came along, byte for byte");
    assert!(fresh.attachment_path(&photo_1.id).unwrap().starts_with(&other_pc));
}

#[test]
fn a_data_folder_named_with_chinese_characters_and_spaces_keeps_photos_backups_and_restores() {
    let tmp = tempfile::tempdir().unwrap();
    let data: PathBuf = PEOPLES_FOLDER.iter().fold(tmp.path().to_path_buf(), |p, s| p.join(s));
    photos_backups_and_restores_work_in(&data, tmp.path());
}

#[test]
fn exports_and_imports_go_through_folders_named_with_chinese_characters_and_spaces() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("导出 文件").join("2026 年 第一季度");
    std::fs::create_dir_all(&folder).unwrap();
    let ledger = ledger_with_enterprises();
    for (format, name) in [(ExportFormat::Xlsx, "企业 名录 (全部).xlsx"), (ExportFormat::Csv, "企业 名录 (全部).csv")]
    {
        let out = folder.join(name);
        let report = export(&ledger, ExportKind::Enterprises, format, &out).unwrap();
        assert_eq!(report.rows, 3, "{name}");
        let (imported, result) = import_enterprises(&out);
        assert_eq!((result.imported, result.rejected.len()), (3, 0), "{name}: {:?}", result.rejected);
        assert_eq!(enterprise_names(&imported), enterprise_names(&ledger), "{name}");
    }
    assert_eq!(names_in(&folder), ["企业 名录 (全部).csv", "企业 名录 (全部).xlsx"], "nothing else left beside them");
}

/// CSV as Excel on Windows opens it without asking: UTF-8 with a BOM (else Excel reads the bytes as the ANSI code
/// page, GBK on Chinese Windows) and CRLF line ends (RFC 4180's; Excel and WPS on every system read them). The
/// importer reads files with either line end, as other programs and systems save them.
#[test]
fn a_csv_export_is_utf8_with_a_bom_and_crlf_and_the_importer_reads_crlf_and_lf_alike() {
    let tmp = tempfile::tempdir().unwrap();
    let ledger = ledger_with_enterprises();
    let crlf = tmp.path().join("企业名录.csv");
    export(&ledger, ExportKind::Enterprises, ExportFormat::Csv, &crlf).unwrap();
    let bytes = std::fs::read(&crlf).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a UTF-8 BOM first");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert_eq!(text.matches('\n').count(), 4, "a header and three rows:\n{text}");
    assert_eq!(text.matches("\r\n").count(), text.matches('\n').count(), "every line ends in CRLF:\n{text:?}");
    assert_eq!(text.matches('\r').count(), text.matches("\r\n").count(), "no lone CR");
    assert!(text.contains("\"杭州\"\"新材料\"\",科技有限公司\""), "a comma and quotes are quoted:\n{text}");

    let lf = tmp.path().join("企业名录-lf.csv");
    std::fs::write(&lf, bytes.iter().copied().filter(|b| *b != b'\r').collect::<Vec<u8>>()).unwrap();
    let lf_without_bom = tmp.path().join("企业名录-lf-无bom.csv");
    std::fs::write(&lf_without_bom, &std::fs::read(&lf).unwrap()[3..]).unwrap();
    for file in [&crlf, &lf, &lf_without_bom] {
        let (imported, report) = import_enterprises(file);
        assert_eq!((report.imported, report.rejected.len()), (3, 0), "{}: {:?}", file.display(), report.rejected);
        assert_eq!(enterprise_names(&imported), enterprise_names(&ledger), "{}", file.display());
    }
}

/// A folder under `root` whose path is at least `len` characters long (as Windows counts them), its names made of
/// `segment` and a level number.
fn folder_of_length(root: &Path, segment: &str, len: usize) -> PathBuf {
    let mut folder = root.to_path_buf();
    let mut level = 1;
    while paths::path_len(Os::Windows, &folder) < len {
        folder = folder.join(format!("{segment}{level:02}"));
        level += 1;
    }
    folder
}

/// Opening a ledger in `folder` is refused before anything is made, with a message that says why.
fn refused_as_too_deep(folder: &Path, made_below: &Path) {
    let err = Ledger::open(&folder.join(paths::DB_FILE_NAME)).err().expect("refused");
    assert_eq!(err.code(), "unsupported", "{err}");
    let max = paths::max_folder_len(Os::CURRENT).to_string();
    assert!(err.message_zh().contains("路径太长") && err.message_zh().contains(&max), "{}", err.message_zh());
    assert!(err.message_en().contains("too long"), "{}", err.message_en());
    assert!(!made_below.exists(), "nothing was created");
}

/// SQLite opens paths of at most 259 characters on Windows (no long-path prefix) and of 511 bytes of UTF-8 on Linux
/// and macOS: the ledger refuses a data folder that leaves it too little room below that, with a message saying so,
/// before it creates anything. A folder of 300 characters in ASCII works on Linux and macOS (it is 300 bytes) and is
/// refused on Windows; one of 300 Chinese-named characters (about 800 bytes) is refused everywhere; a folder just
/// within the limit works everywhere: photos, backups, restores.
#[test]
fn a_data_folder_deeper_than_260_characters_is_refused_clearly_on_windows_and_works_elsewhere() {
    let tmp = tempfile::tempdir().unwrap();
    let within = folder_of_length(&tmp.path().join("浅"), "台账 数据", 130);
    assert!(!paths::too_deep(Os::Windows, &within) && !paths::too_deep(Os::Linux, &within));
    photos_backups_and_restores_work_in(&within, &tmp.path().join("浅 其他"));

    let ascii_root = tmp.path().join("deep");
    let deep = folder_of_length(&ascii_root, "ledger data level ", 300);
    assert!(paths::too_deep(Os::Windows, &deep) && !paths::too_deep(Os::Linux, &deep));
    if cfg!(windows) {
        refused_as_too_deep(&deep, &ascii_root);
    } else {
        photos_backups_and_restores_work_in(&deep, &tmp.path().join("deep elsewhere"));
        let ledger = open(&deep.join(paths::DB_FILE_NAME), None);
        let out = deep.join("服务台账.xlsx");
        export(&ledger, ExportKind::Services, ExportFormat::Xlsx, &out).unwrap();
        assert!(out.is_file() && paths::path_len(Os::Windows, &out) > 300);
    }

    let chinese_root = tmp.path().join("深");
    let chinese = folder_of_length(&chinese_root, "科技专员 服务台账 第", 300);
    assert!(paths::too_deep(Os::Windows, &chinese) && paths::too_deep(Os::Linux, &chinese));
    refused_as_too_deep(&chinese, &chinese_root);
}

/// An export replacing a workbook another program has open. Windows: Excel and WPS open a workbook without delete
/// sharing, so the replacing rename is refused — the export fails as `file_in_use` with a message to close it, the
/// old file stays as it was and no partial file is left, and the next try after closing it succeeds. Unix: the rename
/// replaces the name while the other program keeps reading the old content through its open file.
#[test]
fn a_rename_onto_a_file_another_program_holds_open() {
    let tmp = tempfile::tempdir().unwrap();
    let ledger = ledger_with_enterprises();
    let folder = tmp.path().join("导出");
    std::fs::create_dir_all(&folder).unwrap();
    let out = folder.join("企业名录.xlsx");
    std::fs::write(&out, b"the old workbook").unwrap();
    let is_workbook = |p: &Path| std::fs::read(p).unwrap().starts_with(b"PK");

    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        const FILE_SHARE_READ: u32 = 1;
        let held = std::fs::OpenOptions::new().read(true).share_mode(FILE_SHARE_READ).open(&out).unwrap();
        let err = export(&ledger, ExportKind::Enterprises, ExportFormat::Xlsx, &out).unwrap_err();
        assert_eq!(err.code(), "file_in_use", "{err}");
        assert!(err.message_zh().contains("请关闭后重试"), "{}", err.message_zh());
        drop(held);
        assert_eq!(std::fs::read(&out).unwrap(), b"the old workbook", "the old file is as it was");
        assert_eq!(names_in(&folder), ["企业名录.xlsx"], "no partial file is left");
    }
    #[cfg(unix)]
    {
        use std::io::Read;
        let mut held = std::fs::File::open(&out).unwrap();
        export(&ledger, ExportKind::Enterprises, ExportFormat::Xlsx, &out).unwrap();
        let mut seen = String::new();
        held.read_to_string(&mut seen).unwrap();
        assert_eq!(seen, "the old workbook", "the reader keeps the content it opened");
        assert!(is_workbook(&out), "the name now holds the new workbook");
        assert_eq!(names_in(&folder), ["企业名录.xlsx"], "no partial file is left");
    }
    // Once nothing holds it, the export replaces it on every system.
    export(&ledger, ExportKind::Enterprises, ExportFormat::Xlsx, &out).unwrap();
    assert!(is_workbook(&out));
}

#[test]
fn the_os_config_folder_follows_each_systems_rules() {
    let env = |vars: &'static [(&'static str, &'static str)]| {
        move |k: &str| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| std::ffi::OsString::from(v))
    };
    let windows = env(&[("APPDATA", r"C:\Users\张三\AppData\Roaming"), ("HOME", "/ignored")]);
    assert_eq!(paths::config_dir_for(Os::Windows, &windows), Some(PathBuf::from(r"C:\Users\张三\AppData\Roaming")));
    assert_eq!(paths::config_dir_for(Os::Windows, &env(&[("APPDATA", "")])), None, "a blank variable is unset");

    let home = PathBuf::from("/Users/zhang san");
    let mac = env(&[("HOME", "/Users/zhang san"), ("XDG_CONFIG_HOME", "/ignored"), ("APPDATA", "/ignored")]);
    let mac_folder = home.join("Library").join("Application Support");
    assert_eq!(paths::config_dir_for(Os::MacOs, &mac), Some(mac_folder));
    assert_eq!(paths::config_dir_for(Os::MacOs, &env(&[])), None);

    let xdg = env(&[("XDG_CONFIG_HOME", "/home/张三/配置"), ("HOME", "/home/张三")]);
    assert_eq!(paths::config_dir_for(Os::Linux, &xdg), Some(PathBuf::from("/home/张三/配置")));
    let relative = env(&[("XDG_CONFIG_HOME", "配置"), ("HOME", "/home/张三")]);
    let dot_config = PathBuf::from("/home/张三").join(".config");
    assert_eq!(paths::config_dir_for(Os::Linux, &relative), Some(dot_config.clone()), "a relative XDG path is ignored");
    assert_eq!(
        paths::config_dir_for(Os::Linux, &env(&[("XDG_CONFIG_HOME", ""), ("HOME", "/home/张三")])),
        Some(dot_config)
    );

    // This system's rules are the ones the location file follows.
    let expected_os = if cfg!(windows) {
        Os::Windows
    } else if cfg!(target_os = "macos") {
        Os::MacOs
    } else {
        Os::Linux
    };
    assert_eq!(Os::CURRENT, expected_os);
    let here = paths::config_dir_for(Os::CURRENT, &|k| std::env::var_os(k));
    assert_eq!(paths::location_file(), here.map(|d| d.join(paths::APP_IDENTIFIER).join(paths::LOCATION_FILE_NAME)));
}

// ---------------------------------------------------------------------------------------------------------------
// The list of tests limited to some systems (docs/PLATFORMS.md) against the code
// ---------------------------------------------------------------------------------------------------------------

/// The repository's root (this crate is `src-tauri/core`).
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every test ignored on some system: (test name, file from the repository's root, the attribute's condition).
fn platform_ignored_tests() -> Vec<(String, String, String)> {
    let root = repo_root();
    let mut files = Vec::new();
    for dir in
        ["src-tauri/core/src", "src-tauri/core/tests", "src-tauri/cli/src", "src-tauri/cli/tests", "src-tauri/src"]
    {
        rust_files(&root.join(dir), &mut files);
    }
    rust_files(&root.join("src-tauri/tests"), &mut files);
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let relative = file.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        // Attributes as rustfmt writes them, long ones over several lines: read with the whitespace collapsed.
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            !flat.contains(")] #[test]")
                || !flat.split(")] #[test]").any(|before| {
                    before.rsplit("#[").next().is_some_and(|attr| attr.starts_with("cfg(") && !attr.contains(']'))
                }),
            "{relative}: a test compiled out on some systems: give it `#[cfg_attr(not(…), ignore = \"why\")]`"
        );
        for (_, rest) in flat.match_indices("#[cfg_attr(").map(|(i, _)| flat.split_at(i + "#[cfg_attr(".len())) {
            let Some((condition, after)) = rest.split_once(", ignore = \"") else { continue };
            if condition.contains(']') {
                continue;
            }
            let name = after
                .split_once("fn ")
                .and_then(|(_, f)| f.split('(').next())
                .unwrap_or_else(|| panic!("{relative}: no fn after `cfg_attr({condition}, ignore …)`"));
            found.push((name.to_owned(), relative.clone(), condition.trim().to_owned()));
        }
    }
    found.sort();
    found
}

/// The rows of docs/PLATFORMS.md's table under "Tests limited to some systems": (test, file, ignored where).
fn documented_platform_tests() -> Vec<(String, String, String)> {
    let doc = std::fs::read_to_string(repo_root().join("docs/PLATFORMS.md")).unwrap();
    let section = doc.split("## Tests limited to some systems").nth(1).expect("the section").split("\n## ").next();
    let mut rows: Vec<(String, String, String)> = section
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> =
                l.split(" | ").map(|c| c.trim_matches(|c| c == '|' || c == ' ' || c == '`')).collect();
            (cells[0].to_owned(), cells[1].to_owned(), cells[2].to_owned())
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn docs_platforms_lists_every_test_ignored_on_some_system() {
    let in_code = platform_ignored_tests();
    assert!(in_code.len() >= 10, "the scan found the attributes: {in_code:?}");
    assert_eq!(
        documented_platform_tests(),
        in_code,
        "docs/PLATFORMS.md's table (test | file | ignored where) must list exactly the tests with \
         `#[cfg_attr(<where>, ignore = …)]`"
    );
}
