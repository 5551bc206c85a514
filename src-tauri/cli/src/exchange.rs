//! `ledger-cli exchange`: 汇总交换 — exchange packages (`.stlx`, docs/EXCHANGE.md) from a coordinator's ledger to a
//! superior's. `exchange export` writes one (the first package of a ledger is full; later ones hold the changes since
//! the previous one unless `--full`).

use std::path::PathBuf;

use clap::Subcommand;
use ledger_core::exchange::export::{ExportPackageOptions, ExportPackageReport};
use ledger_core::exchange::PackageScope;
use ledger_core::CoreError;
use serde_json::json;

use crate::{existing_db, read_secret, warn_skipped_backups, DbArg};

#[derive(Subcommand)]
pub enum ExchangeAction {
    /// Write an exchange package (.stlx) of the ledger: the first is full, later ones hold the changes since the
    /// previous package (--full for everything). An encrypted ledger's package is encrypted too. The file appears
    /// only once it is complete.
    Export(ExportPackageArgs),
}

#[derive(clap::Args)]
pub struct ExportPackageArgs {
    #[command(flatten)]
    db: DbArg,
    /// The package to write (.stlx; replaced only when the export succeeds).
    #[arg(long)]
    out: PathBuf,
    /// Every record, even when an earlier package was written.
    #[arg(long)]
    full: bool,
    /// A file holding the package's password (one trailing line break is ignored). Default for an encrypted ledger:
    /// the ledger's own password (--password-file, LEDGER_PASSWORD); a plain ledger's package is plain without it.
    #[arg(long)]
    package_password_file: Option<PathBuf>,
}

/// What an `exchange` command did.
pub enum Outcome {
    Exported(ExportPackageReport),
}

pub fn run(action: &ExchangeAction) -> Result<Outcome, CoreError> {
    match action {
        ExchangeAction::Export(args) => export(args),
    }
}

/// Opens an existing ledger (never creates one) and writes its package.
fn export(args: &ExportPackageArgs) -> Result<Outcome, CoreError> {
    let path = existing_db(&args.db)?;
    let ledger = args.db.open(&path)?;
    warn_skipped_backups(&ledger);
    let password = match &args.package_password_file {
        Some(file) => Some(read_secret(file, "packagePasswordFile")?),
        None if ledger.is_encrypted() => args.db.secret()?,
        None => None,
    };
    let report = ledger.export_package(&args.out, &ExportPackageOptions { full: args.full, password })?;
    Ok(Outcome::Exported(report))
}

pub fn print(outcome: &Outcome, as_json: bool) {
    match outcome {
        Outcome::Exported(report) => {
            if as_json {
                let mut value = serde_json::to_value(report).unwrap_or_default();
                value["ok"] = json!(true);
                println!("{value}");
                return;
            }
            let scope = match (report.scope, report.since_seq) {
                (PackageScope::Changes, Some(since)) => {
                    format!("自第 {since} 个交换包以来的变更 changes since #{since}")
                }
                _ => "全部记录 full".to_owned(),
            };
            let records: i64 = report.counts.iter().filter(|(t, _)| *t != "tombstones").map(|(_, n)| n).sum();
            let tombstones = report.counts.get("tombstones").copied().unwrap_or(0);
            println!(
                "已导出第 {seq} 个交换包 exported package #{seq} ({scope}{encrypted}): {records} 条记录 records, {tombstones} \
                 条彻底删除 tombstones, {:.1} MB → {}",
                report.bytes as f64 / 1_048_576.0,
                report.file,
                seq = report.package_seq,
                encrypted = if report.encrypted { ", 已加密 encrypted" } else { "" },
            );
            for id in &report.missing_files {
                println!("  附件文件缺失，已导出其记录 attachment file missing, its row exported: {id}");
            }
        }
    }
}
