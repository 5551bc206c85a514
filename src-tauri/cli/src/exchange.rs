//! `ledger-cli exchange merge`: merges exchange packages into a ledger (docs/EXCHANGE.md, "Merge rules"), each
//! package all or nothing, in the order given. Every package is opened and checked before the first is merged: a
//! file that is not a package, a damaged one, one from a newer app or one this ledger exported stops the command
//! with exit 2 and nothing written.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use clap::Subcommand;
use ledger_core::exchange::open_package;
use ledger_core::model::{MergeConflict, MergeReport};
use ledger_core::CoreError;
use serde_json::json;

use crate::{existing_db, read_secret, warn_skipped_backups, DbArg};

#[derive(Subcommand)]
pub enum ExchangeAction {
    /// Merge exchange packages (.stlx) into the ledger: records keep their ids, a package from the same origin
    /// updates what it sent before, records edited here since become conflicts (待处理冲突), enterprises match by
    /// credit code, experts by ID number or name + phone, units and batches by name. Each package all or nothing,
    /// after a backup.
    Merge(MergeArgs),
}

#[derive(clap::Args)]
pub struct MergeArgs {
    /// The packages, merged in this order.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    #[command(flatten)]
    db: DbArg,
    /// Judge every package and report what merging would do, writing nothing.
    #[arg(long)]
    dry_run: bool,
    /// A file holding the password of encrypted packages (one trailing line break is ignored).
    #[arg(long)]
    package_password_file: Option<PathBuf>,
}

/// What an `exchange` command did.
pub enum Outcome {
    /// Each package's report, in the order given (previews with --dry-run).
    Merged { reports: Vec<MergeReport>, dry_run: bool },
}

pub fn run(action: &ExchangeAction) -> Result<Outcome, CoreError> {
    match action {
        ExchangeAction::Merge(args) => merge(args),
    }
}

/// Opens every package and the existing ledger (never creating one), refuses the ledger's own packages, then merges
/// (or previews) each in turn.
fn merge(args: &MergeArgs) -> Result<Outcome, CoreError> {
    let path = existing_db(&args.db)?;
    let password = match &args.package_password_file {
        Some(file) => Some(read_secret(file, "packagePasswordFile")?),
        None => None,
    };
    let packages =
        args.files.iter().map(|file| open_package(file, password.as_ref())).collect::<Result<Vec<_>, _>>()?;
    let ledger = args.db.open(&path)?;
    warn_skipped_backups(&ledger);
    for package in &packages {
        ledger.refuse_own_package(package)?;
    }
    let mut reports = Vec::new();
    for package in &packages {
        let report = if args.dry_run {
            ledger.preview_merge(package)?
        } else {
            ledger.merge_package(package, &mut |_, _| {}, &AtomicBool::new(false))?
        };
        reports.push(report);
    }
    warn_skipped_backups(&ledger);
    Ok(Outcome::Merged { reports, dry_run: args.dry_run })
}

fn conflict_json(c: &MergeConflict) -> serde_json::Value {
    json!({ "kind": c.kind, "id": c.entity_id, "field": c.field, "local": c.local, "incoming": c.incoming })
}

pub fn print(outcome: &Outcome, as_json: bool) {
    match outcome {
        Outcome::Merged { reports, dry_run } => print_merged(reports, *dry_run, as_json),
    }
}

fn print_merged(reports: &[MergeReport], dry_run: bool, as_json: bool) {
    let written = reports.iter().any(|r| r.written);
    let conflicts = reports.iter().flat_map(|r| &r.conflicts);
    if as_json {
        let packages: Vec<_> = reports
            .iter()
            .map(|r| {
                json!({
                    "file": r.file,
                    "origin": { "id": r.origin.id, "name": r.origin.name },
                    "new": r.totals.new,
                    "updated": r.totals.updated,
                    "unchanged": r.totals.unchanged,
                    "matched": r.totals.matched,
                    "conflicts": r.totals.conflicts,
                })
            })
            .collect();
        let conflicts: Vec<_> = conflicts.map(conflict_json).collect();
        println!("{}", json!({ "written": written, "packages": packages, "conflicts": conflicts }));
        return;
    }
    if dry_run {
        println!("预览，未写入任何内容 dry run, nothing written");
    }
    for r in reports {
        let t = &r.totals;
        println!(
            "{} 来源 origin {}：新增 new {}，更新 updated {}，未变 unchanged {}，匹配 matched {}，冲突 conflicts {}{}",
            r.file,
            r.origin.name,
            t.new,
            t.updated,
            t.unchanged,
            t.matched,
            t.conflicts,
            if r.written || dry_run { "" } else { "（无变化 nothing to write）" }
        );
    }
    for c in conflicts {
        println!(
            "  待处理冲突 conflict {} {} {}: 本地 local {} ← 来源 incoming {}",
            c.kind, c.entity_id, c.field, c.local, c.incoming
        );
    }
}
