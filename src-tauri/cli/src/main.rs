//! `ledger-cli`: the ledger's command line, for IT staff and superiors who script the monthly routine, and for
//! tests. Human text by default, JSON with `--json`; a clear message and a non-zero exit on any error. Backups skipped
//! for lack of space while a command ran are told on stderr as warnings (提示 warning). An encrypted ledger (app
//! password) is opened with `--password-file FILE` or `LEDGER_PASSWORD`; the recovery code works in their place.

mod exchange;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use ledger_core::clock::Clock;
use ledger_core::data_folder::backup::{self, BackupPolicy};
use ledger_core::model::{
    BackupEntry, DuplicatePolicy, ErrorPolicy, ExportFormat, ExportKind, ExportReport, ExportRequest, ImportKind,
    ImportReport, ImportRequest, Paper, ReconcileReport, ReportFilter, RestoreReport,
};
use ledger_core::sample::{self, SampleSummary, Scale};
use ledger_core::storage::crypto::{self, RecoveryCode, Secret};
use ledger_core::storage::integrity::{self, IntegrityReport};
use ledger_core::{data_folder::paths, CoreError, ErrorPayload, Ledger};
use serde_json::json;

#[derive(Parser)]
#[command(
    name = "ledger-cli",
    version,
    about = "科技专员服务台账 command line: create, fill, check, import, export, back up and restore a ledger database, and exchange packages between ledgers"
)]
struct Cli {
    /// Print JSON instead of human text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a database, or migrate an existing one to the current schema.
    Init(DbArg),
    /// Fill an empty database with deterministic, realistic sample data.
    Sample {
        #[command(flatten)]
        db: DbArg,
        /// Random seed; the same seed gives the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// small ≈ 50 experts / 300 enterprises / 3,000 service records; large = 1,000 / 100,000 / 1,000,000.
        #[arg(long, default_value = "small", value_parser = parse_scale)]
        scale: Scale,
        /// The day the sample's three years end on, YYYY-MM-DD (default: today). The same seed, scale and day give
        /// the same data; 2025-12-31 gives the fixed sample the tests and benchmarks use.
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Run the integrity check (attachment files no row names are listed, not a failure); exits 1 when it fails.
    /// Reads only, and leaves the folder as it found it.
    Check {
        #[command(flatten)]
        db: DbArg,
        /// First reconcile the orphaned attachment files (整理孤立附件; opens the ledger for writing): a file holding
        /// the content of an attachment that lost its file is put back in its place, every other one is moved into
        /// attachments-orphaned/<yyyy-mm-dd>/ of the data folder — never deleted. Reported as reconciled.
        #[arg(long)]
        reconcile: bool,
    },
    /// Export a ledger (or the summary workbook, or the pairings list) to .xlsx or .csv, or the 年度考核 workbooks
    /// (`assessment`: 年度考核汇总表, `assessment-sheets`: 考核表, with --period naming the assessment period or a year);
    /// the file appears only once it is complete.
    Export(ExportArgs),
    /// Import a roster, enterprise list, visit log, service ledger or needs form (技术需求征集表) from .xlsx, .xls or
    /// .csv: all rows or none.
    Import(ImportArgs),
    /// Write the blank import template of a kind (.xlsx): the headers the importer reads, required ones marked `*`,
    /// a 填写说明 sheet, and drop-down lists for the closed value sets. Filled in, it imports with no mapping step.
    Template {
        /// What the template is for.
        #[arg(value_parser = import_kind_parser())]
        kind: ImportKind,
        /// The file to write (.xlsx).
        #[arg(long)]
        out: PathBuf,
    },
    /// Back up a database with its attachments: one .zip archive (a consistent copy made with SQLite's backup API,
    /// the attachment files, a manifest of SHA-256 sums), verified, and renamed into place only when complete. Works
    /// while the app has the database open.
    Backup(BackupArgs),
    /// Restore a database (and its attachments) from a backup (or any ledger file): the file is checked first (damaged, not a ledger, or
    /// from a newer app: refused, nothing changed) and the current database is backed up before it is replaced.
    Restore(RestoreArgs),
    /// The app password: set it (encrypts the database, prints the recovery code once), change it, remove it.
    Password {
        #[command(subcommand)]
        action: PasswordAction,
    },
    /// 汇总交换: exchange packages (.stlx) that carry a ledger's records to a superior's ledger.
    Exchange {
        #[command(subcommand)]
        action: exchange::ExchangeAction,
    },
}

/// `password set --plain-backups`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PlainBackupsArg {
    Encrypt,
    Remove,
    Keep,
}

#[derive(Subcommand)]
enum PasswordAction {
    /// Encrypt the ledger under a new password; prints the recovery code (shown once: write it down).
    Set {
        #[command(flatten)]
        db: DbArg,
        /// A file holding the new password (one trailing line break is ignored).
        #[arg(long)]
        new_password_file: PathBuf,
        /// What to do with the plain backups made before the password: re-encrypt them under the new key (each
        /// verified, then the plain one replaced), remove them, or keep them as they are (default; reported as
        /// plainBackups).
        #[arg(long, value_enum, default_value_t = PlainBackupsArg::Keep)]
        plain_backups: PlainBackupsArg,
    },
    /// Change the password and re-key the ledger (a new recovery code is printed; the old one no longer opens it):
    /// --password-file holds the current one (or the recovery code).
    Change {
        #[command(flatten)]
        db: DbArg,
        /// A file holding the new password (one trailing line break is ignored).
        #[arg(long)]
        new_password_file: PathBuf,
    },
    /// Remove the password and decrypt the ledger: --password-file holds the password (or the recovery code).
    Remove {
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(clap::Args)]
struct BackupArgs {
    #[command(flatten)]
    db: DbArg,
    /// An existing folder to put a named backup archive in, a .zip file to write the archive to, or any other file
    /// name for a plain copy of the database alone (e.g. copy.sqlite3, no attachments); replaced only by a complete,
    /// checked file. Default: the backups/ folder beside the database (kept with the other manual backups).
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(clap::Args)]
struct RestoreArgs {
    #[command(flatten)]
    db: DbArg,
    /// The backup (or ledger database file) to restore from.
    #[arg(long)]
    from: PathBuf,
    /// A file holding the password or the recovery code of an encrypted backup made by another ledger (or under
    /// another password); default: the secret of --password-file / LEDGER_PASSWORD, which also opens the backup.
    #[arg(long)]
    backup_password_file: Option<PathBuf>,
}

impl RestoreArgs {
    /// The secret for the backup: --backup-password-file, else the ledger's (--password-file, LEDGER_PASSWORD).
    fn backup_secret(&self) -> Result<Option<Secret>, CoreError> {
        match &self.backup_password_file {
            Some(file) => read_secret(file, "backupPasswordFile").map(Some),
            None => self.db.secret(),
        }
    }
}

#[derive(clap::Args)]
struct ImportArgs {
    /// What the rows are.
    #[arg(value_parser = import_kind_parser())]
    kind: ImportKind,
    /// The spreadsheet (.xlsx, .xls, or .csv in UTF-8, GBK/GB18030 or UTF-16).
    file: PathBuf,
    #[command(flatten)]
    db: DbArg,
    /// The sheet to read (default: the first visible one).
    #[arg(long)]
    sheet: Option<String>,
    /// Judge every row and report, writing nothing.
    #[arg(long)]
    dry_run: bool,
    /// Rows matching a stored record (experts by name + phone, enterprises by credit code): skip or update it.
    #[arg(long, value_enum, default_value = "skip")]
    on_duplicate: OnDuplicateArg,
    /// Rows with errors: skip them and import the rest, or stop and import nothing.
    #[arg(long, value_enum, default_value = "skip")]
    on_error: OnErrorArg,
    /// Also save the rejected rows, with a 原因 column, to this .xlsx file.
    #[arg(long)]
    rejects: Option<PathBuf>,
}

/// The import kinds by their codes (`experts`, `needs` …), from the core's one list.
fn import_kind_parser() -> impl clap::builder::TypedValueParser<Value = ImportKind> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(ImportKind::ALL.iter().map(|k| k.code()))
        .map(|code: String| ImportKind::from_code(&code).expect("a listed code"))
}

#[derive(Clone, Copy, ValueEnum)]
enum OnDuplicateArg {
    Skip,
    Update,
}

#[derive(Clone, Copy, ValueEnum)]
enum OnErrorArg {
    Skip,
    Stop,
}

#[derive(clap::Args)]
struct ExportArgs {
    /// Which workbook.
    #[arg(value_enum)]
    kind: KindArg,
    #[command(flatten)]
    db: DbArg,
    /// The file to write (replaced only when the export succeeds).
    #[arg(long)]
    out: PathBuf,
    /// 统计期间: 2024, 2024-Q1, 2024-03 or 2024-01-01..2024-06-30 (default: the current year); for `assessment` and
    /// `assessment-sheets` the assessment period's name, or a year (the calendar year by the scheme in 设置).
    #[arg(long)]
    period: Option<String>,
    /// 派出单位, by name.
    #[arg(long)]
    unit: Option<String>,
    /// 地区: a province, city or county name.
    #[arg(long)]
    region: Option<String>,
    /// 批次, by name.
    #[arg(long)]
    batch: Option<String>,
    /// xlsx or csv (default: csv for a .csv file, otherwise xlsx).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// The columns to write, by key, in this order (e.g. serial,expert,enterprise,startDate); default all.
    #[arg(long, value_delimiter = ',')]
    columns: Option<Vec<String>>,
    /// Write the ledger's 打印列, the columns a superior reads on paper, instead of all of them.
    #[arg(long, conflicts_with = "columns")]
    print: bool,
    /// The paper the workbook is set up to print on, landscape and fitted to its width (default a4).
    #[arg(long, value_enum, default_value = "a4")]
    paper: PaperArg,
    /// Write resident ID numbers in full instead of masked.
    #[arg(long)]
    full_id: bool,
    /// 只统计已审核: count only visits and service records whose 审核 is 已通过 (default: every record, whatever the
    /// app's remembered switch says).
    #[arg(long)]
    reviewed_only: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Roster,
    Enterprises,
    Visits,
    Services,
    Needs,
    Summary,
    /// 年度考核汇总表.
    Assessment,
    /// 考核表, one sheet per expert.
    AssessmentSheets,
    /// 派驻名单及三方协议签订情况 (the pairings overlapping the period; --batch is the pairing's batch).
    Pairings,
    /// 活动台账 (the events of the period).
    Events,
}

impl From<KindArg> for ExportKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Roster => ExportKind::Roster,
            KindArg::Enterprises => ExportKind::Enterprises,
            KindArg::Visits => ExportKind::Visits,
            KindArg::Services => ExportKind::Services,
            KindArg::Needs => ExportKind::Needs,
            KindArg::Summary => ExportKind::Summary,
            KindArg::Assessment => ExportKind::Assessment,
            KindArg::AssessmentSheets => ExportKind::AssessmentSheets,
            KindArg::Pairings => ExportKind::Pairings,
            KindArg::Events => ExportKind::Events,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Xlsx,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum PaperArg {
    A4,
    A3,
}

impl From<PaperArg> for Paper {
    fn from(paper: PaperArg) -> Self {
        match paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::A3 => Paper::A3,
        }
    }
}

#[derive(clap::Args)]
struct DbArg {
    /// The database file (default: ledger.sqlite3 in $LEDGER_DATA_DIR).
    #[arg(long)]
    db: Option<PathBuf>,
    /// A file holding the app password or the recovery code of an encrypted ledger (one trailing line break is
    /// ignored); default: the LEDGER_PASSWORD environment variable.
    #[arg(long)]
    password_file: Option<PathBuf>,
}

/// The environment variable that holds the app password (or the recovery code) when no --password-file is given.
const PASSWORD_ENV: &str = "LEDGER_PASSWORD";

impl DbArg {
    /// The password or recovery code given with --password-file, else LEDGER_PASSWORD; `None` when neither is.
    fn secret(&self) -> Result<Option<Secret>, CoreError> {
        match &self.password_file {
            Some(file) => read_secret(file, "passwordFile").map(Some),
            None => Ok(std::env::var(PASSWORD_ENV).ok().filter(|v| !v.is_empty()).map(Secret::new)),
        }
    }

    /// Opens the ledger (creating and migrating it as needed), unlocking it with the secret given.
    fn open(&self, path: &std::path::Path) -> Result<Ledger, CoreError> {
        Ledger::open_with_secret(path, BackupPolicy::default(), self.secret()?.as_ref())
    }

    /// The raw database key of an encrypted file (`None`: plain), for the commands that read the file directly.
    fn key(&self, path: &std::path::Path) -> Result<Option<crypto::DbKey>, CoreError> {
        crypto::database_key(path, self.secret()?.as_ref())
    }

    fn path(&self) -> Result<PathBuf, CoreError> {
        if let Some(db) = &self.db {
            return Ok(db.clone());
        }
        match std::env::var_os(paths::DATA_DIR_ENV) {
            Some(dir) if !dir.is_empty() => Ok(paths::db_path(&PathBuf::from(dir))),
            _ => Err(CoreError::field(
                "db",
                format!("请用 --db 指定数据库文件，或设置环境变量 {}", paths::DATA_DIR_ENV),
                format!("give the database with --db, or set {}", paths::DATA_DIR_ENV),
            )),
        }
    }
}

/// A password read from `file`: its text without one trailing line break (an editor's or `echo`'s).
fn read_secret(file: &std::path::Path, field: &str) -> Result<Secret, CoreError> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        CoreError::field(
            field,
            format!("无法读取密码文件 {}：{e}", file.display()),
            format!("cannot read the password file {}: {e}", file.display()),
        )
    })?;
    let text = zeroize::Zeroizing::new(text);
    let trimmed = text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(&text);
    Ok(Secret::new(trimmed))
}

fn parse_scale(s: &str) -> Result<Scale, String> {
    Scale::parse(s).ok_or_else(|| format!("'{s}' is not a scale: use small or large"))
}

/// What a successful command reports.
enum Outcome {
    Init { path: PathBuf, from: i64, to: i64 },
    Sample { path: PathBuf, summary: SampleSummary, seconds: f64 },
    Check { path: PathBuf, report: IntegrityReport, reconciled: Option<ReconcileReport> },
    Export { report: ExportReport },
    Import { report: ImportReport, dry_run: bool, stopped: bool, rejects: Option<(PathBuf, u32)> },
    Template { kind: ImportKind, path: PathBuf },
    Backup { path: PathBuf, entry: BackupEntry },
    Restore { path: PathBuf, report: RestoreReport },
    PasswordSet { path: PathBuf, code: RecoveryCode, plain_backups: usize },
    PasswordChanged { path: PathBuf, code: RecoveryCode },
    PasswordRemoved { path: PathBuf },
    Exchange(exchange::Outcome),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli.command) {
        Ok(outcome) => {
            print_outcome(&outcome, cli.json);
            match outcome {
                Outcome::Check { report, .. } if !report.ok => ExitCode::from(1),
                Outcome::Import { stopped: true, .. } => ExitCode::from(1),
                _ => ExitCode::SUCCESS,
            }
        }
        Err(e) => {
            let payload = ErrorPayload::from(&e);
            if cli.json {
                println!("{}", json!({ "ok": false, "error": payload }));
            }
            eprintln!("错误 error [{}]: {}", payload.code, payload.message);
            if payload.message_en != payload.message {
                eprintln!("  {}", payload.message_en);
            }
            if matches!(e, CoreError::Locked | CoreError::WrongPassword) {
                eprintln!("  用 --password-file 文件 或环境变量 {PASSWORD_ENV} 给出密码或恢复码");
                eprintln!("  give the password or the recovery code with --password-file FILE or {PASSWORD_ENV}");
            }
            for f in payload.fields.iter().filter(|f| !payload.message.contains(&f.message)) {
                eprintln!("  {}: {} / {}", f.field, f.message, f.message_en);
            }
            ExitCode::from(2)
        }
    }
}

fn run(command: &Command) -> Result<Outcome, CoreError> {
    match command {
        Command::Init(db) => {
            let path = db.path()?;
            let ledger = db.open(&path)?;
            warn_skipped_backups(&ledger);
            Ok(Outcome::Init { path, from: ledger.migrated_from(), to: ledger.app_info()?.schema_version.into() })
        }
        Command::Sample { db, seed, scale, as_of } => {
            let path = db.path()?;
            // Checked before the file is opened (or made): a bad day writes nothing.
            let as_of = sample::as_of_day(as_of.as_deref(), Clock::system().today())?;
            let ledger = db.open(&path)?;
            warn_skipped_backups(&ledger);
            let started = std::time::Instant::now();
            let summary = sample::generate(ledger.database(), *seed, *scale, as_of)?;
            Ok(Outcome::Sample { path, summary, seconds: started.elapsed().as_secs_f64() })
        }
        Command::Check { db, reconcile: false } => {
            let path = db.path()?;
            let report = integrity::check_file_keyed(&path, db.key(&path)?.as_ref())?;
            Ok(Outcome::Check { path, report, reconciled: None })
        }
        Command::Check { db, reconcile: true } => {
            let path = existing_db(db)?;
            let ledger = db.open(&path)?;
            warn_skipped_backups(&ledger);
            let reconciled = ledger.reconcile_attachments()?;
            let report = ledger.check_integrity()?;
            ledger.close()?;
            Ok(Outcome::Check { path, report, reconciled: Some(reconciled) })
        }
        Command::Export(args) => export(args),
        Command::Import(args) => import(args),
        Command::Template { kind, out } => {
            ledger_core::import::template::write_template(*kind, out)?;
            Ok(Outcome::Template { kind: *kind, path: out.clone() })
        }
        Command::Backup(args) => {
            let path = existing_db(&args.db)?;
            let policy = BackupPolicy::default();
            let key = args.db.key(&path)?;
            let entry = match &args.out {
                Some(out) => backup::backup_file(&path, out, &policy, key.as_ref())?,
                None => backup::backup_to_data_folder(&path, &policy, key.as_ref())?,
            };
            Ok(Outcome::Backup { path, entry })
        }
        Command::Restore(args) => restore(args),
        Command::Exchange { action } => exchange::run(action).map(Outcome::Exchange),
        Command::Password { action } => password(action),
    }
}

/// Sets, changes or removes the app password of an existing ledger.
fn password(action: &PasswordAction) -> Result<Outcome, CoreError> {
    match action {
        PasswordAction::Set { db, new_password_file, plain_backups } => {
            let path = existing_db(db)?;
            let new = read_secret(new_password_file, "newPasswordFile")?;
            let code = Ledger::set_password(&path, &new)?;
            let left = match plain_backups {
                PlainBackupsArg::Keep => backup::plain_backups_of(&path)?.len(),
                PlainBackupsArg::Encrypt | PlainBackupsArg::Remove => {
                    let ledger = Ledger::open_with_secret(&path, BackupPolicy::default(), Some(&new))?;
                    if *plain_backups == PlainBackupsArg::Encrypt {
                        ledger.encrypt_plain_backups()?.len()
                    } else {
                        ledger.remove_plain_backups()?;
                        ledger.plain_backups()?.len()
                    }
                }
            };
            Ok(Outcome::PasswordSet { path, code, plain_backups: left })
        }
        PasswordAction::Change { db, new_password_file } => {
            let path = existing_db(db)?;
            let secret = db.secret()?.ok_or(CoreError::Locked)?;
            let new = read_secret(new_password_file, "newPasswordFile")?;
            let code = Ledger::change_password(&path, &secret, &new)?;
            Ok(Outcome::PasswordChanged { path, code })
        }
        PasswordAction::Remove { db } => {
            let path = existing_db(db)?;
            let secret = db.secret()?.ok_or(CoreError::Locked)?;
            Ledger::remove_password(&path, &secret)?;
            Ok(Outcome::PasswordRemoved { path })
        }
    }
}

/// The database named by `--db` (or `LEDGER_DATA_DIR`), which must exist.
fn existing_db(db: &DbArg) -> Result<PathBuf, CoreError> {
    let path = db.path()?;
    if !path.is_file() {
        return Err(CoreError::field(
            "db",
            format!("数据库文件不存在：{}", path.display()),
            format!("the database file does not exist: {}", path.display()),
        ));
    }
    Ok(path)
}

/// Restores into the open database when it opens; in place of it when it is damaged (refused at open) or missing.
/// An encrypted backup is opened with --backup-password-file, else with the ledger's secret. A recovery in place of
/// an encrypted ledger needs that ledger's secret (--password-file, LEDGER_PASSWORD); in place of a missing or plain
/// one the backup's.
fn restore(args: &RestoreArgs) -> Result<Outcome, CoreError> {
    let path = args.db.path()?;
    let recover = || {
        let secret = if crypto::is_encrypted(&path) { args.db.secret()? } else { args.backup_secret()? };
        Ledger::recover_with_secret(&path, &args.from, BackupPolicy::default(), secret.as_ref())
    };
    let (ledger, report) = if path.is_file() {
        match args.db.open(&path) {
            Ok(ledger) => {
                let report = ledger.restore_backup_with(&args.from, args.backup_secret()?.as_ref())?;
                (ledger, report)
            }
            Err(CoreError::Integrity(_)) => recover()?,
            Err(e) => return Err(e),
        }
    } else {
        recover()?
    };
    warn_skipped_backups(&ledger);
    Ok(Outcome::Restore { path, report })
}

/// Tells, on stderr, of backups that were due but skipped (e.g. too little free space) while the command ran.
fn warn_skipped_backups(ledger: &Ledger) {
    for notice in ledger.take_backup_notices() {
        eprintln!("提示 warning [{}]: {}", notice.code, notice.message);
        eprintln!("  {}", notice.message_en);
    }
}

/// Opens an existing database (never creates one), reads and judges the file, and writes it all or nothing.
fn import(args: &ImportArgs) -> Result<Outcome, CoreError> {
    let path = args.db.path()?;
    if !path.is_file() {
        return Err(CoreError::field(
            "db",
            format!("数据库文件不存在：{}（先运行 ledger-cli init）", path.display()),
            format!("no database at {} (run ledger-cli init first)", path.display()),
        ));
    }
    let ledger = args.db.open(&path)?;
    warn_skipped_backups(&ledger);
    let request = ImportRequest {
        path: args.file.to_string_lossy().into_owned(),
        kind: args.kind,
        sheet: args.sheet.clone(),
        mapping: None,
        on_duplicate: match args.on_duplicate {
            OnDuplicateArg::Skip => DuplicatePolicy::Skip,
            OnDuplicateArg::Update => DuplicatePolicy::Update,
        },
        on_error: match args.on_error {
            OnErrorArg::Skip => ErrorPolicy::Skip,
            OnErrorArg::Stop => ErrorPolicy::Stop,
        },
    };
    let plan = ledger.import_preview(&request)?;
    let report = if args.dry_run {
        ledger.import_dry_run(&plan)
    } else {
        ledger.import_commit(&plan, &mut |_, _| {}, &std::sync::atomic::AtomicBool::new(false))?
    };
    warn_skipped_backups(&ledger);
    let rejects = match &args.rejects {
        Some(out) => Some((out.clone(), plan.save_rejected(out)?)),
        None => None,
    };
    let stopped =
        !args.dry_run && !report.written && matches!(args.on_error, OnErrorArg::Stop) && !report.rejected.is_empty();
    Ok(Outcome::Import { report, dry_run: args.dry_run, stopped, rejects })
}

/// Opens an existing database (never creates one), resolves the unit and batch names, and exports.
fn export(args: &ExportArgs) -> Result<Outcome, CoreError> {
    let path = args.db.path()?;
    if !path.is_file() {
        return Err(CoreError::field(
            "db",
            format!("数据库文件不存在：{}", path.display()),
            format!("the database file does not exist: {}", path.display()),
        ));
    }
    if matches!(args.kind, KindArg::Assessment | KindArg::AssessmentSheets) {
        let scoped =
            [("unit", args.unit.is_some()), ("region", args.region.is_some()), ("batch", args.batch.is_some())]
                .into_iter()
                .chain([("columns", args.columns.is_some()), ("print", args.print)]);
        if let Some((flag, _)) = scoped.into_iter().find(|(_, given)| *given) {
            return Err(CoreError::field(
                flag,
                format!("年度考核导出不按 --{flag} 筛选"),
                format!("the assessment export takes no --{flag}"),
            ));
        }
    }
    let ledger = args.db.open(&path)?;
    warn_skipped_backups(&ledger);
    let organization_id = match &args.unit {
        None => None,
        Some(name) => {
            Some(ledger.list_organizations()?.into_iter().find(|o| o.name == name.trim()).map(|o| o.id).ok_or_else(
                || {
                    CoreError::field(
                        "unit",
                        format!("没有名为“{name}”的派出单位"),
                        format!("there is no dispatching organisation named '{name}'"),
                    )
                },
            )?)
        }
    };
    let batch_id = match &args.batch {
        None => None,
        Some(name) => {
            Some(ledger.list_batches()?.into_iter().find(|b| b.name == name.trim()).map(|b| b.id).ok_or_else(|| {
                CoreError::field(
                    "batch",
                    format!("没有名为“{name}”的批次"),
                    format!("there is no batch named '{name}'"),
                )
            })?)
        }
    };
    let csv_named = args.out.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let format = match args.format {
        Some(FormatArg::Csv) => ExportFormat::Csv,
        Some(FormatArg::Xlsx) => ExportFormat::Xlsx,
        None if csv_named => ExportFormat::Csv,
        None => ExportFormat::Xlsx,
    };
    let request = ExportRequest {
        kind: args.kind.into(),
        format,
        filter: ReportFilter {
            period: args.period.clone().unwrap_or_else(|| ledger.today().format("%Y").to_string()),
            region: args.region.clone(),
            organization_id,
            batch_id,
            origins: None,
            reviewed_only: Some(args.reviewed_only),
        },
        columns: if args.print {
            Some(ledger_core::reporting::export::print_columns(args.kind.into())).filter(|keys| !keys.is_empty())
        } else {
            args.columns.clone()
        },
        include_full_id: args.full_id,
        paper: Some(args.paper.into()),
    };
    let report = ledger.export(&request, &args.out, &mut |_, _| true)?;
    Ok(Outcome::Export { report })
}

/// The recovery code of a set or a change, shown once, and what to do with it.
fn print_recovery_code(code: &RecoveryCode) {
    println!();
    println!("  恢复码 recovery code:  {}", code.as_str());
    println!();
    println!("请抄写或打印恢复码并妥善保管，它只显示这一次；忘记密码时可用它代替密码。");
    println!("密码和恢复码都丢失时，台账中的数据将无法读取。");
    println!("Write the recovery code down or print it and keep it safe: it is shown only this once, and");
    println!("opens the ledger in place of a forgotten password. Without both, the data cannot be read.");
}

fn print_outcome(outcome: &Outcome, as_json: bool) {
    match outcome {
        Outcome::Exchange(outcome) => exchange::print(outcome, as_json),
        Outcome::PasswordSet { path, code, plain_backups } => {
            if as_json {
                println!("{}", json!({"recoveryCode": code.as_str(), "plainBackups": plain_backups}));
            } else {
                println!("已设置密码，台账已加密 password set, the ledger is encrypted: {}", path.display());
                print_recovery_code(code);
                if *plain_backups > 0 {
                    println!();
                    println!("备份文件夹中还有 {plain_backups} 份设置密码前的未加密备份（含个人信息明文），");
                    println!("请在程序的“设置 → 数据安全”中重新加密或删除。");
                    println!(
                        "{plain_backups} backups made before the password are not encrypted (personal data in the"
                    );
                    println!("clear): re-encrypt or remove them in the app (设置 → 数据安全).");
                }
            }
        }
        Outcome::PasswordChanged { path, code } => {
            if as_json {
                println!("{}", json!({"ok": true, "db": path, "recoveryCode": code.as_str()}));
            } else {
                println!("已修改密码，台账已换用新密钥 password changed, the ledger re-keyed: {}", path.display());
                println!("旧恢复码已失效，请改用下面的新恢复码。The old recovery code no longer opens the ledger.");
                print_recovery_code(code);
            }
        }
        Outcome::PasswordRemoved { path } => {
            if as_json {
                println!("{}", json!({"ok": true, "db": path}));
            } else {
                println!(
                    "已取消密码，台账不再加密 password removed, the ledger is no longer encrypted: {}",
                    path.display()
                );
            }
        }
        Outcome::Backup { path, entry } => {
            if as_json {
                println!("{}", json!({"ok": true, "db": path, "backup": entry}));
            } else {
                println!(
                    "已备份 backed up {} to {} ({:.1} MB, schema {})",
                    path.display(),
                    entry.path,
                    entry.size_bytes as f64 / 1_048_576.0,
                    entry.schema_version
                );
            }
        }
        Outcome::Restore { path, report } => {
            if as_json {
                println!("{}", json!({"ok": true, "db": path, "report": report}));
            } else {
                println!(
                    "已恢复 restored {} from {} (schema {} → {})",
                    path.display(),
                    report.restored_from,
                    report.from_schema_version,
                    report.schema_version
                );
                if let Some(kept) = &report.safety_backup {
                    println!("  恢复前的数据库已保存 the database before the restore was kept: {}", kept.path);
                }
                for missing in &report.missing_files {
                    println!("  附件文件缺失 attachment file missing: {missing}");
                }
                let r = &report.reconciled;
                if !(r.healed.is_empty() && r.moved.is_empty() && r.not_moved.is_empty()) {
                    println!("  恢复的数据库未记录的附件文件 attachment files the restored database does not name:");
                    print_reconciled(r);
                }
            }
        }
        Outcome::Init { path, from, to } => {
            if as_json {
                println!("{}", json!({"ok": true, "db": path, "fromVersion": from, "schemaVersion": to}));
            } else if from == to {
                println!("数据库已是最新 database is up to date: {} (schema {to})", path.display());
            } else if *from == 0 {
                println!("已创建数据库 created: {} (schema {to})", path.display());
            } else {
                println!("已升级数据库 migrated: {} (schema {from} → {to})", path.display());
            }
        }
        Outcome::Sample { path, summary, seconds } => {
            if as_json {
                println!("{}", json!({"ok": true, "db": path, "counts": summary, "seconds": seconds}));
            } else {
                println!("已生成示例数据 sample data written to {} in {seconds:.1} s:", path.display());
                for (table, n) in summary_rows(summary) {
                    println!("  {table:<18} {n:>9}");
                }
            }
        }
        Outcome::Check { path, report, reconciled } => {
            if as_json {
                let mut value = json!({"ok": report.ok, "db": path, "report": report});
                if let Some(reconciled) = reconciled {
                    value["reconciled"] = json!(reconciled);
                }
                println!("{value}");
            } else if report.ok {
                println!(
                    "完整性检查通过 integrity check passed: {} (schema {})",
                    path.display(),
                    report.schema_version
                );
            } else {
                println!("完整性检查未通过 integrity check FAILED: {}", path.display());
                for p in &report.problems {
                    println!("  - {p}");
                }
            }
            if !as_json && !report.orphan_files.is_empty() {
                println!(
                    "孤立的附件文件 {} 个（没有附件记录指向它们；已保留，未删除）{} orphaned attachment file(s) (no \
                     attachment row names them; kept, not removed):",
                    report.orphan_files.len(),
                    report.orphan_files.len()
                );
                for file in &report.orphan_files {
                    println!("  - {file}");
                }
            }
            if let (false, Some(reconciled)) = (as_json, reconciled) {
                print_reconciled(reconciled);
            }
        }
        Outcome::Template { kind, path } => {
            if as_json {
                println!("{}", json!({"ok": true, "kind": kind, "path": path}));
            } else {
                println!("已写入导入模板 template written ({}): {}", kind.code(), path.display());
            }
        }
        Outcome::Export { report } => {
            if as_json {
                println!("{}", json!({"ok": true, "report": report}));
            } else {
                println!(
                    "已导出 exported {} rows ({} sheet{}) to {}",
                    report.rows,
                    report.sheets,
                    if report.sheets == 1 { "" } else { "s" },
                    report.path
                );
            }
        }
        Outcome::Import { report, dry_run, stopped, rejects } => {
            if as_json {
                let mut value = serde_json::to_value(report).unwrap_or_default();
                value["ok"] = json!(!stopped);
                value["dryRun"] = json!(dry_run);
                value["stopped"] = json!(stopped);
                if let Some((path, rows)) = rejects {
                    value["rejectsFile"] = json!({"path": path, "rows": rows});
                }
                println!("{value}");
                return;
            }
            let verb = if *dry_run {
                "将导入 would import"
            } else if report.written {
                "已导入 imported"
            } else {
                "未导入 nothing imported:"
            };
            println!(
                "{verb} {} new, {} updated; {} skipped, {} rejected of {} rows read",
                report.imported,
                report.updated,
                report.skipped,
                report.rejected.len(),
                report.read
            );
            for issue in &report.rejected {
                let column = issue.column.as_deref().map(|c| format!(" [{c}]")).unwrap_or_default();
                println!("  第 {} 行 row {}{column}: {} / {}", issue.row, issue.row, issue.reason, issue.reason_en);
            }
            for issue in &report.warnings {
                let column = issue.column.as_deref().map(|c| format!(" [{c}]")).unwrap_or_default();
                println!("  提示 warning, row {}{column}: {}", issue.row, issue.reason);
            }
            if let Some((path, rows)) = rejects {
                println!("未导入的 {rows} 行已保存到 rejected rows saved to {}", path.display());
            }
        }
    }
}

/// What `check --reconcile` did with the orphaned attachment files.
fn print_reconciled(r: &ReconcileReport) {
    if r.healed.is_empty() && r.moved.is_empty() && r.not_moved.is_empty() {
        println!("没有孤立的附件文件 no orphaned attachment files");
    }
    for h in &r.healed {
        println!("  已放回 put back: {} → {} (附件 attachment {})", h.from, h.path, h.attachment_id);
    }
    for m in &r.moved {
        println!("  已移走（未删除） moved, not deleted: {} → {}", m.from, m.to);
    }
    for f in &r.not_moved {
        println!("  未移动 not moved: {} ({})", f.path, f.reason);
    }
}

/// The sample's row counts in the order of the data model.
fn summary_rows(s: &SampleSummary) -> [(&'static str, u64); 12] {
    [
        ("organizations", s.organizations),
        ("batches", s.batches),
        ("experts", s.experts),
        ("enterprises", s.enterprises),
        ("contacts", s.contacts),
        ("assignments", s.assignments),
        ("visits", s.visits),
        ("visit_experts", s.visit_experts),
        ("needs", s.needs),
        ("need_stage_events", s.need_stage_events),
        ("need_matches", s.need_matches),
        ("service_records", s.service_records),
    ]
}
